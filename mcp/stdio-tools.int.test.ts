// Every core tool through the SDK Client over a spawned stdio process, against a real Mosquitto.
import { connectAsync, type MqttClient } from 'mqtt';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startMosquitto, type MosquittoBroker } from '../test/mosquitto';
import { mcpCall, mcpError, spawnStdio, type StdioHarness } from '../test/mcp-stdio';

let broker: MosquittoBroker;
let mcp: StdioHarness;
let publisher: MqttClient;
let sessionId: string;
const prefix = `it-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  broker = await startMosquitto();
  mcp = await spawnStdio({ MQTT_MCP_MAX_SESSIONS: '3', MQTT_MCP_MAX_PAYLOAD_BYTES: '2048' });
  publisher = await connectAsync(broker.url, { protocolVersion: 5 });
  const opened = await mcpCall<{ session_id: string }>(mcp.client, 'mqtt_establish_connection', {
    connection_string: broker.url,
  });
  sessionId = opened.session_id;
});

afterAll(async () => {
  await publisher?.endAsync();
  await mcp?.close();
  await broker?.stop();
});

const later = (ms: number, fn: () => Promise<unknown>) =>
  new Promise<void>((resolve, reject) => setTimeout(() => fn().then(() => resolve(), reject), ms));

describe('sessions', () => {
  it('establishes a live MQTT 5 session and lists it as connected', async () => {
    const list = await mcpCall<{ sessions: Array<Record<string, unknown>>; count: number }>(
      mcp.client,
      'mqtt_list_active_connections',
    );
    const mine = list.sessions.find((s) => s.session_id === sessionId);
    expect(mine).toMatchObject({
      state: 'connected',
      broker: `mqtt://127.0.0.1:${broker.port}`,
      protocol_version: 5,
      opened_by: 'mcp-stdio',
    });
    expect(Date.parse(String(mine?.expires_at))).toBeGreaterThan(Date.now() + 3500_000);
  });

  it('closes a session, then reports NOT_FOUND for closing it again', async () => {
    const extra = await mcpCall<{ session_id: string }>(mcp.client, 'mqtt_establish_connection', {
      connection_string: `${broker.url}/custom-client-id`,
      protocol_version: 4,
    });
    const list = await mcpCall<{ sessions: Array<{ session_id: string; client_id: string }> }>(
      mcp.client,
      'mqtt_list_active_connections',
    );
    expect(list.sessions.find((s) => s.session_id === extra.session_id)?.client_id).toBe(
      'custom-client-id',
    );
    const closed = await mcpCall<{ session_id: string }>(mcp.client, 'mqtt_close_connection', {
      session_id: extra.session_id,
    });
    expect(closed.session_id).toBe(extra.session_id);
    const again = await mcpError(mcp.client, 'mqtt_close_connection', {
      session_id: extra.session_id,
    });
    expect(again).toMatch(/^NOT_FOUND: no session .* to close/);
  });

  it('refuses a malformed connection string, naming the argument', async () => {
    expect(
      await mcpError(mcp.client, 'mqtt_establish_connection', { connection_string: 'http://x' }),
    ).toMatch(/^INVALID_INPUT: connection_string: unsupported scheme "http"/);
    expect(
      await mcpError(mcp.client, 'mqtt_establish_connection', {
        connection_string: 'mqtt://host:notaport',
      }),
    ).toMatch(/^INVALID_INPUT: connection_string: the port "notaport" is not a number/);
  });

  it('reports a refused TCP connection distinctly', async () => {
    const port = await freePort();
    const text = await mcpError(mcp.client, 'mqtt_establish_connection', {
      connection_string: `mqtt://127.0.0.1:${port}`,
    });
    expect(text).toMatch(/^CONNECTION_FAILED: .* refused the TCP connection/);
  });

  it('rejects unknown arguments by name', async () => {
    const text = await mcpError(mcp.client, 'mqtt_list_active_connections', { verbose: true });
    expect(text).toMatch(/^INVALID_INPUT: unknown argument "verbose"/);
  });

  it('reports NOT_FOUND for an unknown session id', async () => {
    const text = await mcpError(mcp.client, 'mqtt_publish_message', {
      session_id: 'no-such-session',
      topic: 'a/b',
      payload: 'x',
    });
    expect(text).toMatch(/^NOT_FOUND: no session no-such-session/);
  });

  it('enforces the session limit with LIMIT_REACHED', async () => {
    const opened: string[] = [];
    let error = '';
    for (let i = 0; i < 4 && !error; i++) {
      try {
        const s = await mcpCall<{ session_id: string }>(mcp.client, 'mqtt_establish_connection', {
          connection_string: broker.url,
        });
        opened.push(s.session_id);
      } catch (err) {
        error = (err as Error).message;
      }
    }
    expect(error).toMatch(/^LIMIT_REACHED: the session limit of 3 is reached/);
    expect(opened.length).toBe(2);
    for (const id of opened) await mcpCall(mcp.client, 'mqtt_close_connection', { session_id: id });
  });
});

describe('publish', () => {
  it('reports the PUBACK and PUBCOMP actually received for QoS 1 and 2', async () => {
    for (const [qos, type] of [
      [1, 'PUBACK'],
      [2, 'PUBCOMP'],
    ] as const) {
      const out = await mcpCall<{ acknowledgement: Record<string, unknown>; size_bytes: number }>(
        mcp.client,
        'mqtt_publish_message',
        { session_id: sessionId, topic: `${prefix}/pub/${qos}`, payload: 'hello', qos },
      );
      expect(out.size_bytes).toBe(5);
      expect(out.acknowledgement.type).toBe(type);
      expect([0, 16]).toContain(out.acknowledgement.reason_code);
      expect(Number(out.acknowledgement.received_after_ms)).toBeGreaterThan(0);
    }
  });

  it('delivers the published payload to a real subscriber', async () => {
    const topic = `${prefix}/delivered`;
    await publisher.subscribeAsync(topic, { qos: 1 });
    const received = new Promise<string>((resolve) =>
      publisher.on('message', (t, p) => t === topic && resolve(p.toString())),
    );
    await mcpCall(mcp.client, 'mqtt_publish_message', {
      session_id: sessionId,
      topic,
      payload: '{"a": 1}',
      payload_encoding: 'json',
      qos: 1,
    });
    expect(await received).toBe('{"a":1}');
  });

  it('refuses wildcard topics and oversize payloads before any I/O', async () => {
    expect(
      await mcpError(mcp.client, 'mqtt_publish_message', {
        session_id: sessionId,
        topic: 'a/+/b',
        payload: 'x',
      }),
    ).toMatch(/^INVALID_TOPIC: topic: "a\/\+\/b" contains a wildcard/);
    expect(
      await mcpError(mcp.client, 'mqtt_publish_message', {
        session_id: sessionId,
        topic: 'a/b',
        payload: 'x'.repeat(2049),
      }),
    ).toMatch(/^INVALID_INPUT: payload: 2049 bytes is over the limit of 2048 bytes/);
  });
});

describe('collect', () => {
  it('returns JSON, text and binary payloads in time order with base64 for binary', async () => {
    const topic = `${prefix}/collect`;
    const run = mcpCall<{
      messages: Array<Record<string, unknown>>;
      received_count: number;
      stop_reason: string;
    }>(mcp.client, 'mqtt_subscribe_and_collect', {
      session_id: sessionId,
      topic_pattern: `${topic}/#`,
      duration_seconds: 5,
      max_messages: 3,
    });
    await later(500, async () => {
      await publisher.publishAsync(`${topic}/json`, '{"temp":21.5,"ok":true}');
      await publisher.publishAsync(`${topic}/text`, 'hello world');
      await publisher.publishAsync(`${topic}/bin`, Buffer.from([0, 1, 2, 255]));
    });
    const out = await run;
    expect(out.stop_reason).toBe('max_messages');
    expect(out.received_count).toBe(3);
    expect(out.messages.map((m) => [m.topic, m.payload_format, m.payload])).toEqual([
      [`${topic}/json`, 'json', { temp: 21.5, ok: true }],
      [`${topic}/text`, 'text', 'hello world'],
      [`${topic}/bin`, 'binary', Buffer.from([0, 1, 2, 255]).toString('base64')],
    ]);
    expect(out.messages[2]?.size_bytes).toBe(4);
  });

  it('explains an empty window instead of failing', async () => {
    const out = await mcpCall<{ messages: unknown[]; explanation: string; stop_reason: string }>(
      mcp.client,
      'mqtt_subscribe_and_collect',
      { session_id: sessionId, topic_pattern: `${prefix}/nothing/#`, duration_seconds: 1 },
    );
    expect(out.messages).toEqual([]);
    expect(out.stop_reason).toBe('duration');
    expect(out.explanation).toMatch(
      /no message matched .*nothing\/# in 1(\.\d)? s; the pattern is valid/,
    );
  });

  it('prunes to exactly the limit and says what it dropped', async () => {
    const topic = `${prefix}/many`;
    const run = mcpCall<{
      messages: Array<{ payload: unknown }>;
      received_count: number;
      pruning: { kept_count: number; dropped_count: number; original_count: number };
    }>(mcp.client, 'mqtt_subscribe_and_collect', {
      session_id: sessionId,
      topic_pattern: `${topic}/#`,
      duration_seconds: 10,
      max_messages: 60,
      limit: 10,
    });
    await later(500, async () => {
      for (let i = 0; i < 60; i++) {
        await publisher.publishAsync(`${topic}/${i % 3}`, JSON.stringify({ seq: i }), { qos: 1 });
      }
    });
    const out = await run;
    expect(out.received_count).toBe(60);
    expect(out.messages).toHaveLength(10);
    expect(out.pruning).toMatchObject({ original_count: 60, kept_count: 10, dropped_count: 50 });
    const seqs = out.messages.map((m) => (m.payload as { seq: number }).seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs[0]).toBe(0);
    expect(seqs.at(-1)).toBe(59);
  });

  it('sends progress notifications while it runs', async () => {
    const progress: number[] = [];
    await mcp.client.callTool(
      {
        name: 'mqtt_subscribe_and_collect',
        arguments: { session_id: sessionId, topic_pattern: `${prefix}/p/#`, duration_seconds: 3 },
      },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('stops when cancelled and releases its subscription', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = mcp.client
      .callTool(
        {
          name: 'mqtt_subscribe_and_collect',
          arguments: {
            session_id: sessionId,
            topic_pattern: `${prefix}/cancel/#`,
            duration_seconds: 30,
          },
        },
        undefined,
        { signal: controller.signal },
      )
      .catch((err: Error) => err);
    setTimeout(() => controller.abort('test'), 700);
    expect(await run).toBeInstanceOf(Error);
    let subs: Array<{ filter: string }> = [];
    for (let i = 0; i < 20; i++) {
      const list = await mcpCall<{
        sessions: Array<{ session_id: string; subscriptions: typeof subs }>;
      }>(mcp.client, 'mqtt_list_active_connections');
      subs = list.sessions.find((s) => s.session_id === sessionId)?.subscriptions ?? [];
      if (!subs.some((s) => s.filter.includes('/cancel/'))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(subs.some((s) => s.filter.includes('/cancel/'))).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
