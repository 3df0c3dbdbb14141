// Read allow-list sweep: no tool and no resource shows a topic outside MQTT_MCP_READ_ALLOW (real Mosquitto, real SDK client).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../../mcp/server';
import { retainedUri } from '../../mcp/resource-uris';
import type { Core } from '../../server/core';
import { toolRegistry } from '../../server/tools/index';
import { callOk, createTestCore } from '../core-harness';
import { startMosquitto, type MosquittoBroker } from '../mosquitto';
import { letters } from '../tool-fixture';

const ID = letters();
const OPEN = `open${ID}`;
const SECRET = `secret${ID}`;
/** In every secret payload; must never appear in a result. */
const MARK = `HIDDEN${ID}`;

let broker: MosquittoBroker;
let core: Core;
let publisher: MqttClient;
let sessionId: string;
let traffic: NodeJS.Timeout;

/** Arguments for one tool: wildcard patterns everywhere, short windows, the session. */
function sweepArgs(name: string, keys: string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {
    session_id: sessionId,
    topic_pattern: '#',
    duration_seconds: 1,
    wait_ms: 500,
    device_id: 'dev',
    detail: 'full',
    include_sys: true,
    dry_run: true,
    connection_string: broker.url,
  };
  if (name === 'mqtt_test_connection') return { connection_string: broker.url };
  return Object.fromEntries(keys.filter((k) => k in values).map((k) => [k, values[k]]));
}

beforeAll(async () => {
  broker = await startMosquitto();
  publisher = await connectAsync(broker.url, { reconnectPeriod: 0 });
  for (const base of [OPEN, SECRET]) {
    const payload = base === SECRET ? `{"v":1,"note":"${MARK}"}` : '{"v":1}';
    await publisher.publishAsync(`${base}/dev/state`, payload, { qos: 1, retain: true });
    await publisher.publishAsync(`${base}/dev/set`, payload, { qos: 1, retain: true });
  }
  traffic = setInterval(() => {
    void publisher.publishAsync(`${SECRET}/dev/live`, `{"v":2,"note":"${MARK}"}`);
    void publisher.publishAsync(`${OPEN}/dev/live`, '{"v":2}');
  }, 100);
  core = createTestCore({ MQTT_MCP_READ_ALLOW: `${OPEN}/#` });
  sessionId = (
    await callOk<{ session_id: string }>(core, 'mqtt_establish_connection', {
      connection_string: broker.url,
    })
  ).session_id;
});

afterAll(async () => {
  clearInterval(traffic);
  await publisher?.endAsync();
  await core?.close();
  await broker?.stop();
});

describe('MQTT_MCP_READ_ALLOW', () => {
  it('hides the forbidden topics from every tool, while allowed ones show', async () => {
    const seen: Record<string, string> = {};
    for (const tool of toolRegistry) {
      if (tool.name === 'mqtt_establish_connection' || tool.name === 'mqtt_close_connection')
        continue;
      const outcome = await core.callTool(
        tool.name,
        sweepArgs(tool.name, Object.keys(tool.input.shape)),
        { caller: 'test' },
      );
      const text = JSON.stringify(outcome.ok ? outcome.data : outcome.error.message);
      seen[tool.name] = text;
      expect(text, tool.name).not.toContain(SECRET);
      expect(text, tool.name).not.toContain(MARK);
    }
    expect(seen.mqtt_subscribe_and_collect).toContain(`${OPEN}/dev/live`);
    // The control: without the allow-list the same call shows the secret topics.
    const open = createTestCore();
    try {
      const id = (
        await callOk<{ session_id: string }>(open, 'mqtt_establish_connection', {
          connection_string: broker.url,
        })
      ).session_id;
      const all = await callOk(open, 'mqtt_list_retained', { session_id: id, detail: 'full' });
      expect(JSON.stringify(all)).toContain(MARK);
    } finally {
      await open.close();
    }
    expect(seen.mqtt_list_retained).toContain(`${OPEN}/dev/set`);
    expect(seen.mqtt_list_topics).toContain(`${OPEN}/dev/state`);
  });

  it('refuses a forbidden topic named in an argument with TOPIC_NOT_READABLE', async () => {
    const calls: Array<[string, Record<string, unknown>]> = [
      ['mqtt_subscribe_and_collect', { topic_pattern: `${SECRET}/dev/live`, duration_seconds: 1 }],
      ['mqtt_get_topic_schema', { topic_pattern: `${SECRET}/dev/state`, duration_seconds: 1 }],
      ['mqtt_list_retained', { topic_pattern: `${SECRET}/dev/set` }],
      ['mqtt_list_topics', { topic_pattern: `${SECRET}/dev/state`, duration_seconds: 1 }],
      ['mqtt_request', { topic: `${OPEN}/dev/cmd`, reply_topic: `${SECRET}/dev/state` }],
    ];
    for (const [name, args] of calls) {
      const outcome = await core.callTool(
        name,
        { session_id: sessionId, ...args },
        { caller: 'test' },
      );
      expect(outcome.ok ? 'ok' : outcome.error.code, name).toBe('TOPIC_NOT_READABLE');
    }
  });

  it('hides them from every resource', async () => {
    const client = new Client({ name: 'read-allow', version: '0' });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([createMcpServer(core, 'test').connect(a), client.connect(b)]);
    try {
      const { resources } = await client.listResources();
      expect(JSON.stringify(resources)).not.toContain(SECRET);
      expect(resources.map((r) => r.uri)).toContain(retainedUri(sessionId, `${OPEN}/dev/state`));
      for (const { uri } of resources) {
        const read = JSON.stringify(await client.readResource({ uri }));
        expect(read, uri).not.toContain(SECRET);
        expect(read, uri).not.toContain(MARK);
      }
      const forbidden = await client
        .readResource({ uri: retainedUri(sessionId, `${SECRET}/dev/state`) })
        .then(JSON.stringify, (err: Error) => err.message);
      expect(forbidden).not.toContain(MARK);
    } finally {
      await client.close();
    }
  });
});
