#!/usr/bin/env bash
# Serves the built console: the static files go next to Next's standalone server (as in the image), then node runs its server.js.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/serve.sh [--dry-run]

Runs the production build (npm run build) the way the image does: copies .next/static and
public/ into .next/standalone/, then runs `node .next/standalone/server.js`.

  --dry-run   print what would be copied and run, with the settings, and run nothing

Settings come from the environment, else from .env, else the defaults: PORT (8091), HOST
(0.0.0.0), MQTT_MCP_DATA_DIR (./data). The standalone server runs in .next/standalone/, so
relative paths (data dir, hub socket) are made absolute against this checkout first.
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STANDALONE="$ROOT/.next/standalone"

die() {
  echo "serve: $*" >&2
  exit 1
}

# The value of NAME: the environment's, else the last NAME= line of .env (quotes dropped), else $2.
setting() {
  local name=$1 fallback=$2 value=${!1:-}
  if [ -z "$value" ] && [ -f "$ROOT/.env" ]; then
    value=$(sed -n "s/^[[:space:]]*${name}=//p" "$ROOT/.env" | tail -n 1 | sed -e 's/^["'\'']//' -e 's/["'\'']$//')
  fi
  printf '%s' "${value:-$fallback}"
}

# A path made absolute against the checkout (absolute paths and `off` are kept).
absolute() {
  case "$1" in
    /* | off | '') printf '%s' "$1" ;;
    *) printf '%s/%s' "$ROOT" "${1#./}" ;;
  esac
}

run() {
  if [ "$DRY_RUN" = 1 ]; then
    echo "serve: would run: $*" >&2
  else
    "$@"
  fi
}

# shellcheck source=scripts/lib/dry-run-option.sh
. "$ROOT/scripts/lib/dry-run-option.sh"
parse_dry_run_option "$@"

if [ "$DRY_RUN" = 0 ]; then
  [ -f "$STANDALONE/server.js" ] || die "no build in .next/standalone: run 'npm run build' first"
  [ -d "$ROOT/.next/static" ] || die ".next/static is missing: run 'npm run build' again"
fi

# The standalone server serves neither .next/static nor public/ from the project: they go beside it.
run rm -rf "$STANDALONE/.next/static" "$STANDALONE/public"
run cp -a "$ROOT/.next/static" "$STANDALONE/.next/static"
if [ -d "$ROOT/public" ]; then run cp -a "$ROOT/public" "$STANDALONE/public"; fi

PORT=$(setting PORT 8091)
HOST=$(setting HOST 0.0.0.0)
MQTT_MCP_DATA_DIR=$(absolute "$(setting MQTT_MCP_DATA_DIR ./data)")
# HOSTNAME is the address Next's standalone server binds to.
export PORT HOST HOSTNAME="$HOST" MQTT_MCP_DATA_DIR NEXT_TELEMETRY_DISABLED=1
MQTT_MCP_HUB_SOCKET=$(absolute "$(setting MQTT_MCP_HUB_SOCKET '')")
if [ -n "$MQTT_MCP_HUB_SOCKET" ]; then export MQTT_MCP_HUB_SOCKET; fi

echo "serve: console on http://localhost:$PORT (HOST=$HOST, data in $MQTT_MCP_DATA_DIR${MQTT_MCP_HUB_SOCKET:+, hub socket $MQTT_MCP_HUB_SOCKET})" >&2
if [ "$DRY_RUN" = 1 ]; then
  echo "serve: would run: node $STANDALONE/server.js" >&2
  exit 0
fi
exec node "$STANDALONE/server.js"
