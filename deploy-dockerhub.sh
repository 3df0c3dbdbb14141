#!/usr/bin/env bash
# Builds and pushes the multi-arch mqtt-mcp image (<version> and latest) with docker buildx; optional Umbrel redeploy and MCP smoke test.
# Remote commands are assembled here with quote() and expand on this side on purpose.
# shellcheck disable=SC2029
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"

usage() {
  cat <<'EOF'
Usage: ./deploy-dockerhub.sh [options]

Builds the image from the committed work tree for linux/amd64 and linux/arm64 with docker buildx
and pushes <image>:<version> and <image>:latest. Refuses a work tree with uncommitted changes
(it never commits, tags or pushes anything to git). The image name defaults to the one
docker-compose.yml pins, the version to package.json's.

Options:
  --version X.Y.Z     version to tag (default: package.json "version"; a real run requires
                      package.json, umbrel-app.yml and docker-compose.yml to agree with it)
  --image NAME        image repository (default: from docker-compose.yml; env MQTT_MCP_IMAGE)
  --platforms LIST    buildx platforms (default: linux/amd64,linux/arm64)
  --builder NAME      buildx builder, created when missing (default: mqtt-mcp-multiarch)
  --no-latest         do not move the latest tag
  --dry-run           print every command, run none (no docker, no ssh)
  --redeploy          after the push: on the Umbrel host, pull <image>:<version>, restart the
                      app, wait until healthy, then run the smoke test
  --smoke-only        only run the smoke test against the Umbrel host (no build, no push)
  --host USER@HOST    Umbrel host for --redeploy/--smoke-only (default: umbrel@umbrel.local;
                      env UMBREL_HOST)
  --container NAME    app container (default: APP_HOST of docker-compose.yml, mqtt-mcp_app_1)
  -h, --help          this help

Environment: UMBREL_DOCKER is the docker command on the Umbrel host (default "docker"; use
"sudo -n docker" when your user needs sudo). The smoke test speaks MCP through
`ssh <host> docker exec -i <container> mqtt-mcp` (initialize, tools/list, one tools/call of
mqtt_list_active_connections) and checks /api/ready inside the container.
EOF
}

die() {
  echo "deploy-dockerhub: error: $*" >&2
  exit 1
}

note() {
  echo "deploy-dockerhub: $*" >&2
}

# A word quoted for a POSIX shell only when it needs it.
quote() {
  if [[ $1 =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}

print_cmd() {
  local out='+' word
  for word in "$@"; do out+=" $(quote "$word")"; done
  printf '%s\n' "$out"
}

# Prints the command; runs it unless this is a dry run.
run() {
  print_cmd "$@"
  if [ "$DRY_RUN" -eq 0 ]; then "$@"; fi
}

VERSION=
IMAGE=${MQTT_MCP_IMAGE:-}
PLATFORMS=linux/amd64,linux/arm64
BUILDER=mqtt-mcp-multiarch
LATEST=1
DRY_RUN=0
REDEPLOY=0
SMOKE_ONLY=0
UMBREL_HOST=${UMBREL_HOST:-umbrel@umbrel.local}
UMBREL_DOCKER=${UMBREL_DOCKER:-docker}
CONTAINER=
SSH_OPTS=(-T -o BatchMode=yes -o ConnectTimeout=10)

need_value() {
  if [ $# -lt 2 ] || [ -z "$2" ]; then die "$1 needs a value (see --help)"; fi
}

parse_args() {
  while [ $# -gt 0 ]; do
    case "$1" in
      -h | --help)
        usage
        exit 0
        ;;
      --version)
        need_value "$@"
        VERSION=$2
        shift
        ;;
      --image)
        need_value "$@"
        IMAGE=$2
        shift
        ;;
      --platforms)
        need_value "$@"
        PLATFORMS=$2
        shift
        ;;
      --builder)
        need_value "$@"
        BUILDER=$2
        shift
        ;;
      --host)
        need_value "$@"
        UMBREL_HOST=$2
        shift
        ;;
      --container)
        need_value "$@"
        CONTAINER=$2
        shift
        ;;
      --no-latest) LATEST=0 ;;
      --dry-run) DRY_RUN=1 ;;
      --redeploy) REDEPLOY=1 ;;
      --smoke-only) SMOKE_ONLY=1 ;;
      *)
        echo "deploy-dockerhub: unknown option: $1" >&2
        usage >&2
        exit 2
        ;;
    esac
    shift
  done
}

# First match of a sed expression in a file (empty when the file or the match is missing).
field() {
  [ -f "$ROOT/$1" ] || return 0
  sed -n "$2" "$ROOT/$1" | head -n 1
}

package_version() { field package.json 's/^  "version": *"\([^"]*\)".*/\1/p'; }
manifest_version() { field umbrel-app.yml 's/^version: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p'; }
compose_image() { field docker-compose.yml 's/^ *image: *\([^ #]*\).*$/\1/p'; }
compose_app_host() { field docker-compose.yml 's/^ *APP_HOST: *\([^ #]*\).*$/\1/p'; }

# name:tag[@digest] -> name (a registry port such as localhost:5000/x stays).
image_repo() {
  local ref=${1%%@*} last
  last=${ref##*/}
  if [[ $last == *:* ]]; then ref=${ref%:*}; fi
  printf '%s' "$ref"
}

image_tag() {
  local ref=${1%%@*} last
  last=${ref##*/}
  if [[ $last == *:* ]]; then printf '%s' "${last##*:}"; fi
}

resolve_defaults() {
  local pkg_version compose_ref
  pkg_version=$(package_version)
  compose_ref=$(compose_image)
  if [ -z "$VERSION" ]; then
    [ -n "$pkg_version" ] || die "no --version given and none found in $ROOT/package.json"
    VERSION=$pkg_version
  fi
  [[ $VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
    die "version '$VERSION' is not X.Y.Z (or X.Y.Z-suffix)"
  if [ -z "$IMAGE" ]; then
    [ -n "$compose_ref" ] || die "no --image given and no image: line in $ROOT/docker-compose.yml"
    IMAGE=$(image_repo "$compose_ref")
  fi
  [[ $IMAGE =~ ^[a-z0-9]+([._/:-][a-z0-9]+)*$ ]] || die "image name '$IMAGE' is not a valid repository"
  if [ -z "$CONTAINER" ]; then CONTAINER=$(compose_app_host); fi
  CONTAINER=${CONTAINER:-mqtt-mcp_app_1}
}

# The tree must be exactly what is committed: the image is built from it and tagged as a release.
check_clean_tree() {
  git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
    die "$ROOT is not a git work tree: build releases from a clone"
  local changes
  changes=$(git -C "$ROOT" status --porcelain --untracked-files=normal)
  [ -z "$changes" ] && return 0
  if [ "$DRY_RUN" -eq 1 ]; then
    note "(dry run) the work tree has uncommitted changes; a real run would refuse to build"
    return 0
  fi
  {
    echo "deploy-dockerhub: error: the work tree has uncommitted changes; commit or stash them"
    echo "yourself and run again (this script never commits). Changes:"
    printf '%s\n' "$changes" | head -n 20
  } >&2
  exit 1
}

# package.json, umbrel-app.yml and docker-compose.yml must name the version being pushed.
check_versions() {
  local problems=() pkg manifest tag
  pkg=$(package_version)
  manifest=$(manifest_version)
  tag=$(image_tag "$(compose_image)")
  [ "$pkg" = "$VERSION" ] || problems+=("package.json version is '$pkg'")
  [ "$manifest" = "$VERSION" ] || problems+=("umbrel-app.yml version is '$manifest'")
  [ "$tag" = "$VERSION" ] || problems+=("docker-compose.yml pins image tag '$tag'")
  [ ${#problems[@]} -eq 0 ] && return 0
  local msg
  msg="version $VERSION does not match: $(printf '%s; ' "${problems[@]}")bump them together first"
  if [ "$DRY_RUN" -eq 1 ]; then note "(dry run) $msg"; else die "$msg"; fi
}

registry_of() {
  local first=${1%%/*}
  if [[ $1 == */* && ($first == *.* || $first == *:* || $first == localhost) ]]; then
    printf '%s' "$first"
  else
    printf 'docker.io'
  fi
}

check_docker() {
  if [ "$DRY_RUN" -eq 0 ] && ! command -v docker >/dev/null 2>&1; then
    die "docker not found on PATH: install Docker Engine (or Docker Desktop) with the buildx plugin"
  fi
  print_cmd docker buildx version
  print_cmd docker info
  [ "$DRY_RUN" -eq 1 ] && return 0
  docker buildx version >/dev/null 2>&1 ||
    die "docker buildx is not available: install the buildx plugin (docker-buildx-plugin)"
  docker info >/dev/null 2>&1 ||
    die "cannot reach the Docker daemon (is it running, and may this user use it?)"
  local registry config key login='docker login'
  registry=$(registry_of "$IMAGE")
  config="${DOCKER_CONFIG:-$HOME/.docker}/config.json"
  key=$registry
  if [ "$registry" = docker.io ]; then key=index.docker.io; else login+=" $registry"; fi
  if [ ! -f "$config" ] || ! grep -Eq "\"[^\"]*${key//./\\.}[^\"]*\"|\"credsStore\"|\"credHelpers\"" "$config"; then
    die "not logged in to $registry (nothing in $config): run '$login' first"
  fi
}

build_and_push() {
  local revision platform tags=(--tag "$IMAGE:$VERSION")
  revision=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
  if [ "$LATEST" -eq 1 ]; then tags+=(--tag "$IMAGE:latest"); fi
  print_cmd docker buildx inspect --bootstrap "$BUILDER"
  if [ "$DRY_RUN" -eq 1 ]; then
    echo "# when the builder does not exist yet:"
    print_cmd docker buildx create --name "$BUILDER" --driver docker-container --bootstrap
  else
    local info
    if ! info=$(docker buildx inspect --bootstrap "$BUILDER" 2>/dev/null); then
      run docker buildx create --name "$BUILDER" --driver docker-container --bootstrap >/dev/null
      info=$(docker buildx inspect --bootstrap "$BUILDER")
    fi
    info=$(sed -n 's/^Platforms: *//p' <<<"$info" | tr -d ' ')
    for platform in ${PLATFORMS//,/ }; do
      [[ ",$info," == *",$platform,"* || ",$info," == *",$platform*,"* ]] ||
        die "builder $BUILDER cannot build $platform (it has: $info); on an amd64 host install QEMU first: docker run --privileged --rm tonistiigi/binfmt --install arm64"
    done
  fi
  run docker buildx build --builder "$BUILDER" --platform "$PLATFORMS" \
    --file "$ROOT/Dockerfile" --build-arg "VERSION=$VERSION" --build-arg "REVISION=$revision" \
    "${tags[@]}" --push "$ROOT"
  print_cmd docker buildx imagetools inspect "$IMAGE:$VERSION"
  [ "$DRY_RUN" -eq 1 ] && return 0
  local manifest digest
  manifest=$(docker buildx imagetools inspect "$IMAGE:$VERSION")
  printf '%s\n' "$manifest"
  for platform in ${PLATFORMS//,/ }; do
    grep -q "Platform: *$platform\$" <<<"$manifest" || die "$IMAGE:$VERSION has no $platform image"
  done
  digest=$(sed -n 's/^Digest: *//p' <<<"$manifest" | head -n 1)
  note "pushed $IMAGE:$VERSION${digest:+ ($digest)}"
  [ -z "$digest" ] || note "to pin it for the Umbrel app store: image: $IMAGE:$VERSION@$digest"
  note "tag the release in git yourself when you are ready: git tag v$VERSION && git push origin v$VERSION"
}

remote() {
  run ssh "${SSH_OPTS[@]}" "$UMBREL_HOST" "$1"
}

redeploy() {
  local app_id=${CONTAINER%_*_1}
  note "redeploying $IMAGE:$VERSION on $UMBREL_HOST (app $app_id, container $CONTAINER)"
  remote "$UMBREL_DOCKER pull $(quote "$IMAGE:$VERSION")"
  remote "umbreld client apps.restart.mutate --appId $(quote "$app_id")"
  wait_healthy
}

wait_healthy() {
  local cmd status='' i
  cmd="$UMBREL_DOCKER inspect --format '{{.State.Health.Status}}' $(quote "$CONTAINER")"
  print_cmd ssh "${SSH_OPTS[@]}" "$UMBREL_HOST" "$cmd"
  [ "$DRY_RUN" -eq 1 ] && return 0
  for ((i = 0; i < 60; i++)); do
    status=$(ssh "${SSH_OPTS[@]}" "$UMBREL_HOST" "$cmd" 2>/dev/null || true)
    [ "$status" = healthy ] && {
      note "$CONTAINER is healthy"
      return 0
    }
    sleep 2
  done
  die "$CONTAINER did not become healthy within 120 s (last status: ${status:-unknown})"
}

# Reads JSON-RPC lines until the response with the given id; prints it.
mcp_response() {
  local fd=$1 id=$2 line
  while IFS= read -r -t 60 -u "$fd" line; do
    if [[ $line =~ \"id\":${id}[,}] ]] && [[ $line == *'"result"'* || $line == *'"error"'* ]]; then
      printf '%s' "$line"
      return 0
    fi
  done
  return 1
}

smoke_test() {
  local mcp_cmd ready_js ready_cmd
  mcp_cmd="$UMBREL_DOCKER exec -i $(quote "$CONTAINER") mqtt-mcp"
  ready_js='fetch("http://127.0.0.1:"+(process.env.PORT||8091)+"/api/ready").then(async r=>{console.log(await r.text());process.exit(r.status===200?0:1)},e=>{console.error(e.message);process.exit(1)})'
  ready_cmd="$UMBREL_DOCKER exec $(quote "$CONTAINER") node -e $(quote "$ready_js")"
  note "smoke test: MCP over stdio through $UMBREL_HOST: $mcp_cmd"
  print_cmd ssh "${SSH_OPTS[@]}" "$UMBREL_HOST" "$mcp_cmd"
  if [ "$DRY_RUN" -eq 1 ]; then
    echo "# sends initialize, notifications/initialized, tools/list, tools/call mqtt_list_active_connections"
    print_cmd ssh "${SSH_OPTS[@]}" "$UMBREL_HOST" "$ready_cmd"
    return 0
  fi
  local errlog reply tools count
  errlog=$(mktemp)
  coproc MCP { ssh "${SSH_OPTS[@]}" "$UMBREL_HOST" "$mcp_cmd" 2>"$errlog"; }
  local in=${MCP[0]} out=${MCP[1]} pid=$MCP_PID
  fail() {
    kill "$pid" 2>/dev/null || true
    echo "deploy-dockerhub: error: smoke test failed: $1" >&2
    sed 's/^/  stderr: /' "$errlog" | tail -n 20 >&2
    rm -f "$errlog"
    exit 1
  }
  printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"deploy-dockerhub.sh","version":"1"}}}' >&"$out"
  reply=$(mcp_response "$in" 1) || fail "no answer to initialize"
  [[ $reply == *'"result"'* && $reply == *'"serverInfo"'* ]] || fail "initialize failed: $reply"
  printf '%s\n' '{"jsonrpc":"2.0","method":"notifications/initialized"}' >&"$out"
  printf '%s\n' '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' >&"$out"
  reply=$(mcp_response "$in" 2) || fail "no answer to tools/list"
  tools=$(grep -o '"name":"mqtt_[a-z_]*"' <<<"$reply" | sort -u || true)
  count=$(grep -c . <<<"$tools" || true)
  [[ $tools == *'"mqtt_list_active_connections"'* ]] || fail "tools/list lacks mqtt_list_active_connections: $reply"
  printf '%s\n' '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"mqtt_list_active_connections","arguments":{}}}' >&"$out"
  reply=$(mcp_response "$in" 3) || fail "no answer to tools/call"
  [[ $reply == *'"result"'* && $reply != *'"isError":true'* && $reply == *'"sessions"'* ]] ||
    fail "tools/call mqtt_list_active_connections failed: $reply"
  exec {out}>&-
  wait "$pid" 2>/dev/null || true
  rm -f "$errlog"
  note "MCP over stdio: initialize ok, $count tools listed, mqtt_list_active_connections answered"
  print_cmd ssh "${SSH_OPTS[@]}" "$UMBREL_HOST" "$ready_cmd"
  local ready
  ready=$(ssh "${SSH_OPTS[@]}" "$UMBREL_HOST" "$ready_cmd") || die "/api/ready is not 200: $ready"
  [[ $ready == *'"status":"ready"'* ]] || die "/api/ready does not report ready: $ready"
  note "/api/ready: $ready"
}

main() {
  parse_args "$@"
  resolve_defaults
  if [ "$DRY_RUN" -eq 1 ]; then note "dry run: printing commands, running none"; fi
  if [ "$SMOKE_ONLY" -eq 1 ]; then
    smoke_test
    return 0
  fi
  check_clean_tree
  check_versions
  check_docker
  note "building $IMAGE:$VERSION$([ "$LATEST" -eq 1 ] && echo " and $IMAGE:latest") for $PLATFORMS"
  build_and_push
  if [ "$REDEPLOY" -eq 1 ]; then
    redeploy
    smoke_test
  fi
}

main "$@"
