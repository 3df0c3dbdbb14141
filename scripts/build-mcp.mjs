// Bundles the stdio MCP entry into dist/mcp/stdio.js (one file of our code; packages stay external).
import { build } from 'esbuild';

await build({
  entryPoints: ['mcp/stdio.ts'],
  outfile: 'dist/mcp/stdio.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  splitting: false,
  logLevel: 'warning',
});
