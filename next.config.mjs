// Next.js configuration: standalone output for the image, project-rooted tracing, no telemetry.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/** @type {import('next').NextConfig} */
const config = {
  output: 'standalone',
  outputFileTracingRoot: root,
  turbopack: { root },
  poweredByHeader: false,
  reactStrictMode: true,
  images: { unoptimized: true },
  // Types are checked once for the whole repository by `npm run typecheck`, not again per build.
  typescript: { ignoreBuildErrors: true },
};

export default config;
