// Bridge overhead: a tool call through the stdio bridge (stdio -> hub HTTP) vs standalone stdio and direct HTTP.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { median, round, summarize } from './lib/stats.mjs';
import { PROJECT_BIN, spawnMcp, timeCalls } from './lib/mcp-client.mjs';
import { startMosquitto } from './lib/mosquitto.mjs';
import { startHub } from './lib/next-app.mjs';
import { openSession } from './lib/project.mjs';

const TOOL = 'mqtt_list_active_connections';

/**
 * Per rep, one broker and one hub: (a) the standalone stdio server, (b) the stdio bridge
 * (MQTT_MCP_HUB_URL set) and (c) an SDK Client straight to the hub's /api/mcp over Streamable
 * HTTP; each sees one open session and times `warmup` + `n` sequential calls of list_active_connections.
 * Two rows: bridge vs standalone stdio (the wording) and bridge vs direct HTTP (the hop alone).
 */
export async function run({ reps = 3, quick = false } = {}) {
  const warmup = quick ? 20 : 100;
  const n = quick ? 200 : 1000;
  const stdio = [];
  const bridge = [];
  const http = [];
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
            stdio.push(summarize(await timeCalls(s.client, TOOL, {}, { warmup, n })));
          } finally {
            await s.close();
          }
        };
        const doBridge = async () => {
          const s = await spawnMcp(PROJECT_BIN, { MQTT_MCP_HUB_URL: hub.url }, 'bridge');
          try {
            bridge.push(summarize(await timeCalls(s.client, TOOL, {}, { warmup, n })));
          } finally {
            await s.close();
          }
        };
        const doHttp = async () => {
          const client = new Client({ name: 'mqtt-mcp-bench-http', version: '0.0.0' });
          await client.connect(new StreamableHTTPClientTransport(new URL('/api/mcp', hub.url)));
          try {
            http.push(summarize(await timeCalls(client, TOOL, {}, { warmup, n })));
          } finally {
            await client.close().catch(() => undefined);
          }
        };
        // A fresh hub per rep: its one session is opened over HTTP before timing.
        const setup = new Client({ name: 'mqtt-mcp-bench-setup', version: '0.0.0' });
        await setup.connect(new StreamableHTTPClientTransport(new URL('/api/mcp', hub.url)));
        await openSession(setup, broker.url);
        await setup.close().catch(() => undefined);
        const order = i % 2 === 0 ? [doStdio, doBridge, doHttp] : [doHttp, doBridge, doStdio];
        for (const step of order) await step();
      } finally {
        await hub.stop();
      }
    }
  } finally {
    await broker.stop();
  }
  const m = (xs, k) => median(xs.map((s) => s[k]));
  const s50 = m(stdio, 'p50');
  const b50 = m(bridge, 'p50');
  const h50 = m(http, 'p50');
  const common = {
    unit: 'ms',
    floor_detail: {
      standalone_p50: round(s50, 3),
      standalone_p99: round(m(stdio, 'p99'), 3),
      http_p50: round(h50, 3),
      http_p99: round(m(http, 'p99'), 3),
    },
  };
  const project = {
    value: round(b50, 3),
    p50: round(b50, 3),
    p99: round(m(bridge, 'p99'), 3),
    p50_reps: bridge.map((s) => round(s.p50, 3)),
  };
  return [
    {
      name: 'bridge-overhead',
      goal: 'bridge: p50 of a call through the stdio bridge minus standalone stdio p50 < 1 ms',
      ...common,
      floor: {
        value: round(s50, 3),
        p50: round(s50, 3),
        p99: round(m(stdio, 'p99'), 3),
        p50_reps: stdio.map((s) => round(s.p50, 3)),
      },
      project,
      ratio: round(b50 / s50, 3),
      diff_p50_ms: round(b50 - s50, 3),
      pass: b50 - s50 < 1,
      notes: `overhead ${round(b50 - s50, 2)} ms p50 (bridge = stdio -> Streamable HTTP -> Next.js route -> hub); ${n} calls after ${warmup} warm-up per rep.`,
    },
    {
      name: 'bridge-hop',
      goal: 'bridge hop alone: bridge p50 minus direct Streamable HTTP client p50 < 1 ms',
      ...common,
      floor: {
        value: round(h50, 3),
        p50: round(h50, 3),
        p99: round(m(http, 'p99'), 3),
        p50_reps: http.map((s) => round(s.p50, 3)),
      },
      project,
      ratio: round(b50 / h50, 3),
      diff_p50_ms: round(b50 - h50, 3),
      pass: b50 - h50 < 1,
      notes: `bridge minus direct HTTP: ${round(b50 - h50, 2)} ms p50; HTTP client = SDK Client + StreamableHTTPClientTransport to /api/mcp of the same hub.`,
    },
  ];
}
