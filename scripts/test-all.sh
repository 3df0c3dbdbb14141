#!/usr/bin/env bash
# Runs every test: static gates, unit and integration tests (real Mosquitto), and e2e journeys (real Chromium).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
export NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
E2E=1
[ "${SKIP_E2E:-}" = "1" ] && E2E=0
[ -d e2e ] && ls e2e/*.spec.ts >/dev/null 2>&1 || E2E=0

DEPS_ARGS=()
[ $E2E = 1 ] && DEPS_ARGS+=(--e2e)
bash scripts/ensure-system-deps.sh "${DEPS_ARGS[@]}" || { echo "0 passed, 1 failed"; exit 1; }
[ -d node_modules ] || npm ci || { echo "0 passed, 1 failed"; exit 1; }

mkdir -p .tmp
rm -f .tmp/vitest.json .tmp/playwright.json .tmp/gates.txt
gate() {
  local name=$1; shift
  echo "== $name" >&2
  if "$@"; then echo "$name ok" >> .tmp/gates.txt; else echo "$name FAILED" >> .tmp/gates.txt; fi
}
gate build-mcp npm run -s build:mcp
gate typecheck npx tsc --noEmit
gate lint npm run -s lint
gate next-build npx next build

echo "== vitest (unit + integration)" >&2
npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json

PW_REPORT=""
if [ $E2E = 1 ]; then
  echo "== playwright" >&2
  PLAYWRIGHT_JSON_OUTPUT_FILE=.tmp/playwright.json npx playwright test --reporter=list,json
  PW_REPORT=.tmp/playwright.json
fi

node scripts/count-results.mjs .tmp/vitest.json "${PW_REPORT:-}" .tmp/gates.txt
