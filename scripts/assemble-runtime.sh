#!/usr/bin/env bash
# The one build step shared by the Dockerfile and the packaging test: install, build, assemble the runtime file set.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/assemble-runtime.sh <command> SRC [OUT]

  deps  SRC        npm ci in SRC (better-sqlite3 compiles here when no prebuilt binary fits:
                   python3, make and g++ must be installed)
  build SRC OUT    npm run build in SRC (esbuild bundle of the stdio MCP entry + next build),
                   then assemble the runtime file set into OUT
  all   SRC OUT    deps, then build

The runtime file set (what the image's last stage copies, nothing else):
  server.js, .next/ (server chunks), .next/static/, public/  the Next.js standalone server
  node_modules/   the standalone's traced packages + the production packages the stdio
                  bundle imports (with their dependencies), no sharp, no dev dependencies
  dist/mcp/       the bundled stdio MCP entry;  bin/mqtt-mcp.js  its launcher
  package.json    ("type": "module", and the version the hub reports)

OUT must be absent, empty, or a runtime set made by this script (it is replaced).
Environment: NPM_CI_FLAGS (default "--no-audit --no-fund --prefer-offline").
EOF
}

die() {
  echo "assemble-runtime: $*" >&2
  exit 1
}

log() {
  echo "assemble-runtime: $*" >&2
}

MARKER=.mqtt-mcp-runtime
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

abs_dir() {
  (cd "$1" && pwd -P)
}

cmd_deps() {
  local src=$1
  [ -f "$src/package-lock.json" ] || die "$src/package-lock.json not found (npm ci needs the lockfile)"
  command -v npm >/dev/null 2>&1 || die 'npm not found on PATH'
  local flags=${NPM_CI_FLAGS:---no-audit --no-fund --prefer-offline}
  log "npm ci in $src"
  # shellcheck disable=SC2086 # NPM_CI_FLAGS is a word list on purpose.
  (cd "$src" && npm ci $flags)
}

prepare_out() {
  local out=$1 src=$2
  if [ -e "$out" ] && [ ! -d "$out" ]; then die "$out exists and is not a directory"; fi
  mkdir -p "$out"
  out=$(abs_dir "$out")
  case "$out/" in
    "$src"/*) die "OUT ($out) must not be inside SRC ($src)" ;;
  esac
  case "$src/" in
    "$out"/*) die "SRC ($src) must not be inside OUT ($out)" ;;
  esac
  if [ -n "$(ls -A "$out")" ]; then
    [ -f "$out/$MARKER" ] || die "$out is not empty and was not made by this script; refusing to replace it"
    find "$out" -mindepth 1 -delete
  fi
  printf 'mqtt-mcp runtime file set, assembled by scripts/assemble-runtime.sh\n' >"$out/$MARKER"
}

cmd_build() {
  local src=$1 out=$2
  [ -d "$src/node_modules" ] || die "$src/node_modules is missing: run '$0 deps $src' first"
  prepare_out "$out" "$src"
  out=$(abs_dir "$out")

  log "npm run build in $src"
  (cd "$src" && NEXT_TELEMETRY_DISABLED=1 npm run build)

  local standalone="$src/.next/standalone"
  [ -f "$standalone/server.js" ] ||
    die "$standalone/server.js not found: next.config.mjs must set output: 'standalone'"
  [ -f "$src/dist/mcp/stdio.js" ] || die "$src/dist/mcp/stdio.js not found (npm run build:mcp)"

  log "assembling the runtime file set in $out"
  # cp -a keeps the relative symlinks Turbopack makes for external packages (.next/node_modules).
  cp -a "$standalone/." "$out/"
  rm -rf "$out/.next/static" "$out/public"
  cp -a "$src/.next/static" "$out/.next/static"
  if [ -d "$src/public" ]; then cp -a "$src/public" "$out/public"; fi
  mkdir -p "$out/dist" "$out/bin"
  cp -a "$src/dist/mcp" "$out/dist/mcp"
  cp "$src/bin/mqtt-mcp.js" "$out/bin/mqtt-mcp.js"
  chmod 755 "$out/bin/mqtt-mcp.js"
  cp "$src/package.json" "$out/package.json"
  # sharp (19 MB with libvips) is only for image optimisation, which next.config.mjs turns off.
  rm -rf "$out/node_modules/sharp" "$out/node_modules/@img"
  rm -rf "$out/.next/cache"

  node "$HERE/../packaging/runtime-deps.mjs" "$src" "$out"

  local bytes
  bytes=$(du -sb "$out" | cut -f1)
  log "runtime file set: $out, $((bytes / 1024 / 1024)) MiB ($bytes bytes)"
}

main() {
  case "${1:-}" in
    -h | --help | help)
      usage
      exit 0
      ;;
    deps)
      [ $# -eq 2 ] || {
        usage >&2
        exit 2
      }
      [ -d "$2" ] || die "SRC $2 is not a directory"
      cmd_deps "$(abs_dir "$2")"
      ;;
    build | all)
      [ $# -eq 3 ] || {
        usage >&2
        exit 2
      }
      [ -d "$2" ] || die "SRC $2 is not a directory"
      local src
      src=$(abs_dir "$2")
      if [ "$1" = all ]; then cmd_deps "$src"; fi
      cmd_build "$src" "$3"
      ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
