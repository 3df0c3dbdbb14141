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
  // proxy.ts buffers the body of every request it sees (pages and small routes take none); the
  // body routes /api/mcp and /api/trpc bypass it and read theirs under their own cap.
  experimental: { proxyClientMaxBodySize: 64 * 1024 },
};

export default config;
