#!/usr/bin/env bash
# Quick start: installs dependencies, builds the console and the MCP entry, and serves the console on 8091.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
echo "mqtt-mcp console: http://localhost:${PORT:-8091} (Connections -> Start demo broker)" >&2
exec npm start
