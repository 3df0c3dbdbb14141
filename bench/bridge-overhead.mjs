// Bridge overhead: a tool call through the stdio bridge (hub socket, or HTTP) vs standalone stdio and direct HTTP.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { latencySide } from './lib/compare.mjs';
import { median, round, summarize } from './lib/stats.mjs';
import { PROJECT_BIN, spawnMcp, timeCalls } from './lib/mcp-client.mjs';
import { startMosquitto } from './lib/mosquitto.mjs';
import { startHub } from './lib/next-app.mjs';
import { openSession } from './lib/project.mjs';

const TOOL = 'mqtt_list_active_connections';

/**
 * Per rep, one broker and one hub: (a) the standalone stdio server, (b) the stdio bridge over the
 * hub's local socket (MQTT_MCP_HUB_URL=unix:…, what `docker exec -i … mqtt-mcp` uses), (c) the
 * stdio bridge over Streamable HTTP (MQTT_MCP_HUB_URL=http://…, for a hub on another host) and
 * (d) an SDK Client straight to the hub's /api/mcp; each sees one open session and times
 * `warmup` + `n` sequential calls of list_active_connections.
 * Rows: socket bridge vs standalone stdio (the goal), HTTP bridge vs standalone stdio and HTTP
 * bridge vs direct HTTP (the hop alone), both for information.
 */
export async function run({ reps = 3, quick = false } = {}) {
  const warmup = quick ? 20 : 100;
  const n = quick ? 200 : 1000;
  const samples = { stdio: [], bridge: [], httpBridge: [], http: [] };
  const broker = await startMosquitto();
  try {
    for (let i = 0; i < reps; i++) {
      const hub = await startHub();
      try {
        await hub.ready('/api/ready');
        const doStdio = async () => {
          const s = await spawnMcp(PROJECT_BIN, {}, 'standalone');
          try {
            await openSession(s.client, broker.url);
            return summarize(await timeCalls(s.client, TOOL, {}, { warmup, n }));
          } finally {
            await s.close();
          }
        };
        const viaBridge = (hubUrl) => async () => {
          const s = await spawnMcp(PROJECT_BIN, { MQTT_MCP_HUB_URL: hubUrl }, 'bridge');
          try {
            return summarize(await timeCalls(s.client, TOOL, {}, { warmup, n }));
          } finally {
            await s.close();
          }
        };
        const doHttp = async () => {
          const client = new Client({ name: 'mqtt-mcp-bench-http', version: '0.0.0' });
          await client.connect(new StreamableHTTPClientTransport(new URL('/api/mcp', hub.url)));
          try {
            return summarize(await timeCalls(client, TOOL, {}, { warmup, n }));
          } finally {
            await client.close().catch(() => undefined);
          }
        };
        // A fresh hub per rep: its one session is opened over HTTP before timing.
        const setup = new Client({ name: 'mqtt-mcp-bench-setup', version: '0.0.0' });
        await setup.connect(new StreamableHTTPClientTransport(new URL('/api/mcp', hub.url)));
        await openSession(setup, broker.url);
        await setup.close().catch(() => undefined);
        const steps = Object.entries({
          stdio: doStdio,
          bridge: viaBridge(hub.socketUrl),
          httpBridge: viaBridge(hub.url),
          http: doHttp,
        });
        const order = i % 2 === 0 ? steps : steps.reverse();
        for (const [path, step] of order) samples[path].push(await step());
      } finally {
        await hub.stop();
      }
    }
  } finally {
    await broker.stop();
  }
  const { stdio, bridge, httpBridge, http } = samples;
  const m = (xs, k) => median(xs.map((s) => s[k]));
  const s50 = m(stdio, 'p50');
  const h50 = m(http, 'p50');
  const detail = {
    unit: 'ms',
    floor_detail: {
      standalone_p50: round(s50, 3),
      standalone_p99: round(m(stdio, 'p99'), 3),
      http_p50: round(h50, 3),
      http_p99: round(m(http, 'p99'), 3),
    },
  };
  const calls = `${n} calls after ${warmup} warm-up per rep`;
  /** One row: `project` samples against `floor` samples; pass null marks a row for information. */
  const compare = (name, goal, floorRuns, projectRuns, pass, notes) => {
    const f50 = m(floorRuns, 'p50');
    const p50 = m(projectRuns, 'p50');
    return {
      name,
      goal,
      ...detail,
      floor: latencySide(floorRuns),
      project: latencySide(projectRuns),
      ratio: round(p50 / f50, 3),
      diff_p50_ms: round(p50 - f50, 3),
      diff_p99_ms: round(m(projectRuns, 'p99') - m(floorRuns, 'p99'), 3),
      pass: pass === null ? null : pass(p50 - f50),
      notes: notes(round(p50 - f50, 2), round(m(projectRuns, 'p99') - m(floorRuns, 'p99'), 2)),
    };
  };
  return [
    compare(
      'bridge-overhead',
      'bridge: p50 of a call through the stdio bridge minus standalone stdio p50 < 1 ms',
      stdio,
      bridge,
      (diff) => diff < 1,
      (d50, d99) =>
        `overhead ${d50} ms p50, ${d99} ms p99 (bridge = stdio -> hub's Unix socket, MQTT_MCP_HUB_URL=unix:…, as in the image); ${calls}.`,
    ),
    compare(
      'bridge-overhead-http',
      '(information) remote bridge: stdio bridge over Streamable HTTP minus standalone stdio p50',
      stdio,
      httpBridge,
      null,
      (d50) =>
        `HTTP bridge (MQTT_MCP_HUB_URL=http://…, a hub on another host) ${d50} ms p50 over standalone; a direct Streamable HTTP client to the same hub: ${round(h50, 2)} ms p50; ${calls}.`,
    ),
    compare(
      'bridge-hop-http',
      '(information) the HTTP bridge hop alone: HTTP bridge p50 minus a direct Streamable HTTP client p50',
      http,
      httpBridge,
      null,
      (d50) =>
        `HTTP bridge minus direct HTTP: ${d50} ms p50; HTTP client = SDK Client + StreamableHTTPClientTransport to /api/mcp of the same hub.`,
    ),
  ];
}
