# syntax=docker/dockerfile:1.7
# mqtt-mcp image: the console and MCP hub on 8091 plus the stdio MCP entry `mqtt-mcp`, for linux/amd64 and linux/arm64.
#
# Three stages: deps (npm ci with the compilers better-sqlite3 may need), build (npm run build and
# assembly of the runtime file set), runtime (slim Node, non-root, only that file set). The build
# steps are scripts/assemble-runtime.sh, which packaging/packaging.int.test.ts runs too, so the
# tested file set and the shipped one come from the same commands. Every stage builds for the
# target platform: the native SQLite binding must match the runtime's CPU and Node ABI (with
# buildx on one machine, arm64 runs under QEMU; better-sqlite3 usually fetches a prebuilt binary).

ARG NODE_VERSION=20.20.2

FROM node:${NODE_VERSION}-bookworm-slim AS deps
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts/assemble-runtime.sh scripts/assemble-runtime.sh
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
  bash scripts/assemble-runtime.sh deps /src

FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN bash scripts/assemble-runtime.sh build /src /out

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="mqtt-mcp" \
  org.opencontainers.image.description="MQTT tools for AI assistants (MCP) with an operator console" \
  org.opencontainers.image.licenses="MIT" \
  org.opencontainers.image.version="${VERSION}" \
  org.opencontainers.image.revision="${REVISION}"
# HOSTNAME is what Next's standalone server binds to (Docker would otherwise set it to the
# container id). MQTT_MCP_HUB_URL makes `docker exec -i <container> mqtt-mcp` a bridge to the hub
# in this container, through the hub's own socket in the data dir (0600: no token needed).
ENV NODE_ENV=production \
  NEXT_TELEMETRY_DISABLED=1 \
  PORT=8091 \
  HOST=0.0.0.0 \
  HOSTNAME=0.0.0.0 \
  MQTT_MCP_DATA_DIR=/data \
  MQTT_MCP_HUB_URL=unix:/data/hub.sock \
  NODE_OPTIONS=--max-old-space-size=256
WORKDIR /app
COPY --from=build /out/ /app/
# Code stays root-owned and read-only for the app user; only /data (and Next's cache) is writable.
RUN ln -s /app/bin/mqtt-mcp.js /usr/local/bin/mqtt-mcp \
  && mkdir -p /data /app/.next/cache \
  && chown node:node /data /app/.next/cache
USER node
VOLUME ["/data"]
EXPOSE 8091
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8091)+'/api/ready',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
