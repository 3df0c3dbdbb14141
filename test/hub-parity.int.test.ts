// Parity: one tool scenario through tRPC (createCaller and HTTP), MCP HTTP, the stdio bridge and standalone stdio, in both MCP generations.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createTRPCClient, httpLink } from '@trpc/client';
import { connectAsync, type MqttClient } from 'mqtt';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config';
import { CONSOLE_HEADER } from '../server/http/console-header';
import { Hub } from '../server/hub';
import { appRouter, createCaller, type AppRouter } from '../server/trpc/routers/_app';
import { hubBuilt, startHubProcess, type HubProcess } from './hub-process';
import { connectHttp, connectStdio, type McpTestClient } from './mcp-clients';
import { mcpCall, spawnStdio, type StdioHarness } from './mcp-stdio';
import { startMosquitto, type MosquittoBroker } from './mosquitto';

type Call = (name: string, args: Record<string, unknown>) => Promise<Record<string, unknown>>;

const VOLATILE =
  /(_at|_ms|^at$|session_id|^id$|client_id|duration_seconds|^seconds$|first_seen|last_seen|received_at|bytes_received|topics_seen|opened_by)$/;

/** Replaces values that differ from run to run (ids, times, durations) by a marker. */
function normalize(value: unknown, key = ''): unknown {
  if (VOLATILE.test(key)) return '<v>';
  if (Array.isArray(value)) return value.map((v) => normalize(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v, k)]));
  }
  if (typeof value === 'string') return value.replace(/\/sc-[a-z0-9]+\//g, '/<scenario>/');
  return value;
}

let broker: MosquittoBroker;
let publisher: MqttClient;

async function scenario(call: Call): Promise<unknown[]> {
  const nonce = `sc-${Math.random().toString(36).slice(2, 10)}`;
  const opened = await call('mqtt_establish_connection', { connection_string: broker.url });
  const session_id = opened.session_id as string;
  const published = await call('mqtt_publish_message', {
    session_id,
    topic: `parity/${nonce}/out`,
    payload: '{"on":true}',
    payload_encoding: 'json',
    qos: 1,
  });
  const collecting = call('mqtt_subscribe_and_collect', {
    session_id,
    topic_pattern: `parity/${nonce}/#`,
    duration_seconds: 5,
    max_messages: 2,
  });
  await new Promise((r) => setTimeout(r, 400));
  await publisher.publishAsync(`parity/${nonce}/a`, '{"t":1}', { qos: 1 });
  await publisher.publishAsync(`parity/${nonce}/b`, 'plain', { qos: 1 });
  const collected = await collecting;
  const topics = await call('mqtt_list_topics', {
    session_id,
    topic_pattern: `parity/${nonce}/#`,
    duration_seconds: 1,
  });
  const error = await call('mqtt_publish_message', { session_id, topic: 'x/#', payload: '' }).catch(
    (err: Error) => ({ error: err.message.replace(/^.*?(INVALID_TOPIC)/, '$1') }),
  );
  const closed = await call('mqtt_close_connection', { session_id });
  return [opened, published, collected, topics, error, closed].map((r) => normalize(r));
}

const harnesses: Array<() => Promise<unknown>> = [];
let hub: HubProcess;
const results: Record<string, unknown[]> = {};

beforeAll(async () => {
  broker = await startMosquitto({ debugLog: false });
  publisher = await connectAsync(broker.url);
  hub = await startHubProcess();
  harnesses.push(() => hub.stop());
}, 90_000);

afterAll(async () => {
  await publisher?.endAsync();
  while (harnesses.length)
    await harnesses
      .pop()?.()
      .catch(() => undefined);
  await broker?.stop();
});

describe.runIf(hubBuilt())('the same scenario on every path', () => {
  it('tRPC createCaller (in-process hub)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqtt-mcp-caller-'));
    const local = new Hub(loadConfig({ MQTT_MCP_DATA_DIR: dir }), pino({ level: 'silent' }));
    harnesses.push(() => local.close());
    const caller = createCaller({ hub: local, denial: null, via: 'loopback' });
    const call: Call = async (name, args) => {
      const proc = (caller.tools.invoke as Record<string, (a: unknown) => Promise<unknown>>)[name];
      return (await proc!(args)) as Record<string, unknown>;
    };
    results.caller = await scenario(call);
    expect(appRouter).toBeDefined();
  });

  it('tRPC over HTTP', async () => {
    const client = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${hub.url}/api/trpc`, headers: { [CONSOLE_HEADER]: '1' } })],
    });
    const call: Call = async (name, args) => {
      const proc = (
        client.tools.invoke as unknown as Record<
          string,
          { query?: (a: unknown) => Promise<unknown>; mutate?: (a: unknown) => Promise<unknown> }
        >
      )[name]!;
      const kind =
        name === 'mqtt_establish_connection' ||
        name === 'mqtt_close_connection' ||
        name === 'mqtt_publish_message'
          ? 'mutate'
          : 'query';
      return (await proc[kind]!(args)) as Record<string, unknown>;
    };
    results.trpcHttp = await scenario(call);
  });

  it('MCP over Streamable HTTP', async () => {
    const client = new Client({ name: 'parity-http', version: '0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${hub.url}/api/mcp`)));
    harnesses.push(() => client.close());
    results.mcpHttp = await scenario((name, args) => mcpCall(client, name, args));
  });

  it('the stdio bridge to the hub over Streamable HTTP', async () => {
    const bridge: StdioHarness = await spawnStdio({ MQTT_MCP_HUB_URL: hub.url });
    harnesses.push(() => bridge.close());
    results.bridge = await scenario((name, args) => mcpCall(bridge.client, name, args));
  });

  it("the stdio bridge to the hub over the hub's Unix socket", async () => {
    const bridge: StdioHarness = await spawnStdio({ MQTT_MCP_HUB_URL: hub.socketUrl });
    harnesses.push(() => bridge.close());
    results.socketBridge = await scenario((name, args) => mcpCall(bridge.client, name, args));
  });

  it('standalone stdio', async () => {
    const standalone = await spawnStdio();
    harnesses.push(() => standalone.close());
    results.standalone = await scenario((name, args) => mcpCall(standalone.client, name, args));
  });

  /** A 2026-07-28 client (the v2 SDK Client) on one MCP path. */
  const modern = async (connect: () => Promise<McpTestClient>): Promise<Call> => {
    const client = await connect();
    harnesses.push(() => client.close());
    return async (name, args) => {
      const result = await client.call(name, args);
      if (result.isError) throw new Error(result.text);
      return result.structured ?? {};
    };
  };

  it('MCP over Streamable HTTP, 2026-07-28', async () => {
    const call = await modern(() => connectHttp('2026-07-28', `${hub.url}/api/mcp`));
    results.mcpHttp2026 = await scenario(call);
  });

  it('the stdio bridge over Streamable HTTP, 2026-07-28', async () => {
    const call = await modern(() => connectStdio('2026-07-28', { MQTT_MCP_HUB_URL: hub.url }));
    results.bridge2026 = await scenario(call);
  });

  it("the stdio bridge over the hub's Unix socket, 2026-07-28", async () => {
    const call = await modern(() =>
      connectStdio('2026-07-28', { MQTT_MCP_HUB_URL: hub.socketUrl }),
    );
    results.socketBridge2026 = await scenario(call);
  });

  it('standalone stdio, 2026-07-28', async () => {
    const call = await modern(() => connectStdio('2026-07-28'));
    results.standalone2026 = await scenario(call);
  });

  it('gives the same results on all ten', () => {
    const reference = results.caller;
    expect(reference).toBeDefined();
    const collected = reference?.[2] as {
      received_count: number;
      messages: Array<{ payload: unknown }>;
    };
    expect(collected.received_count).toBe(2);
    expect(collected.messages.map((m) => m.payload)).toEqual([{ t: 1 }, 'plain']);
    for (const path of [
      'trpcHttp',
      'mcpHttp',
      'bridge',
      'socketBridge',
      'standalone',
      'mcpHttp2026',
      'bridge2026',
      'socketBridge2026',
      'standalone2026',
    ]) {
      expect(results[path], path).toEqual(reference);
    }
  });
});
