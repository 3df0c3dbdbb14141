#!/usr/bin/env bash
# Quick start: checks Node, installs dependencies, builds, and serves the standalone console on 8091, saying what runs and for how long.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/quickstart.sh [--dry-run]   (npm run quickstart [-- --dry-run])

  1. checks Node.js (20.9 or newer) and npm
  2. installs the dependencies with npm ci, unless node_modules matches package-lock.json
  3. builds the stdio MCP entry and the console (npm run build)
  4. serves the console: scripts/serve.sh (node .next/standalone/server.js)

  --dry-run   check Node and print the steps and commands, run nothing else

While a long step runs, a line every 30 s says it still runs and for how long.
EOF
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NEXT_TELEMETRY_DISABLED=1
STEPS=4
TICK_SECONDS=${QUICKSTART_TICK_SECONDS:-30}
TICKER=""

# shellcheck source=scripts/lib/dry-run-option.sh
. scripts/lib/dry-run-option.sh
parse_dry_run_option "$@"

say() {
  echo "quickstart: $*" >&2
}

# Seconds as 42s or 2m05s.
duration() {
  local s=$1
  if [ "$s" -lt 60 ]; then printf '%ss' "$s"; else printf '%dm%02ds' $((s / 60)) $((s % 60)); fi
}

stop_ticker() {
  if [ -n "$TICKER" ]; then
    kill "$TICKER" 2>/dev/null || true
    wait "$TICKER" 2>/dev/null || true
    TICKER=""
  fi
}
trap stop_ticker EXIT

# step N LABEL ESTIMATE COMMAND...: announces the step, runs it with a ticker, reports its time.
step() {
  local n=$1 label=$2 estimate=$3
  shift 3
  say "[$n/$STEPS] $label ($estimate)"
  if [ "$DRY_RUN" = 1 ]; then
    say "      would run: $*"
    return 0
  fi
  local started
  started=$(date +%s)
  (
    # The nap is a child of its own, ended with the ticker so it holds no output open afterwards.
    nap=""
    trap 'kill "$nap" 2>/dev/null; exit 0' TERM
    while :; do
      sleep "$TICK_SECONDS" &
      nap=$!
      wait "$nap"
      say "      ... still ${label,}: $(duration $(($(date +%s) - started))) so far"
    done
  ) &
  TICKER=$!
  local rc=0
  "$@" || rc=$?
  stop_ticker
  local took
  took=$(duration $(($(date +%s) - started)))
  if [ "$rc" -ne 0 ]; then
    say "[$n/$STEPS] $label failed after $took (exit $rc)"
    exit "$rc"
  fi
  say "[$n/$STEPS] $label: done in $took"
}

say "[1/$STEPS] Checking Node.js and npm"
command -v node >/dev/null 2>&1 || {
  say 'node not found: install Node.js 20.9 or newer (https://nodejs.org)'
  exit 1
}
command -v npm >/dev/null 2>&1 || {
  say 'npm not found: it comes with Node.js (https://nodejs.org)'
  exit 1
}
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 9) ? 0 : 1)' || {
  say "Node.js $(node -v) is too old: 20.9 or newer is needed"
  exit 1
}
say "      node $(node -v), npm $(npm -v)"

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step 2 'Installing dependencies' 'npm ci, usually 2-4 minutes; npm prints little until it is done' \
    npm ci --no-audit --no-fund --foreground-scripts
else
  say "[2/$STEPS] Installing dependencies: node_modules matches package-lock.json, skipped"
fi

step 3 'Building the MCP entry and the console' 'npm run build, usually 1-3 minutes' npm run build

say "[4/$STEPS] Serving the console (scripts/serve.sh; Connections -> Start demo broker; Ctrl-C stops it)"
stop_ticker
trap - EXIT
if [ "$DRY_RUN" = 1 ]; then exec bash scripts/serve.sh --dry-run; fi
exec bash scripts/serve.sh
