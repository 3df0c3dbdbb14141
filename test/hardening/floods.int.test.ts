// Flood and growth soaks through the spawned stdio server: RSS bound, bounded results, 100k topics, payload edges.
import { setTimeout as delay } from 'node:timers/promises';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcpCall, mcpError, spawnStdio, type StdioHarness } from '../mcp-stdio';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../mosquitto';
import {
  percentile,
  recordFigures,
  round,
  RssSampler,
  sleep,
  startPublisher,
  type PublisherChild,
} from './support';

/**
 * Length of the flood soak. The issue asks for 60 s; the default run uses 20 s to keep the suite
 * short, and `HARDENING_SOAK_SECONDS=60` gives the full soak (the figures say which was used).
 */
const SOAK_SECONDS = Number(process.env.HARDENING_SOAK_SECONDS ?? 20);
const FULL_SOAK_SECONDS = 60;
/** The RSS bound the issue sets for the server process, in MiB. */
const RSS_LIMIT_MB = 256;
/** Window of each tool call during the flood. */
const TOOL_SECONDS = 10;
/** A timed tool may outlive its window by at most this much (TOOLS.md). */
const GRACE_MS = 1000;
const FLOOD_TOPICS = 2000;
const DISTINCT_TOPICS = 100_000;
/** Caps of the server, as documented in server/mqtt/topic-inventory.ts and list-topics.ts. */
const INVENTORY_LIMIT = 20_000;
const WINDOW_TOPIC_LIMIT = 50_000;
const MIB = 1024 * 1024;
const PREVIEW_BYTES = 4096;

interface MessageRecord {
  topic: string;
  size_bytes: number;
  payload_format: 'json' | 'text' | 'binary';
  payload: unknown;
  payload_truncated?: true;
}

interface CollectResult {
  received_count: number;
  message_count: number;
  messages: MessageRecord[];
  per_topic: Array<{ topic: string; count: number }>;
  topics_not_listed: number;
  truncated_payloads: number;
  stop_reason: string;
  pruning: { original_count: number; kept_count: number; limit: number } | null;
}

interface ListTopicsResult {
  topic_count: number;
  window_message_count: number;
  topics?: Array<{ topic: string }>;
  topics_not_listed: number;
  patterns: unknown[];
  inventory_full: boolean;
  inventory_note?: string;
  duration_seconds: number;
  stop_reason: string;
}

interface SessionRow {
  session_id: string;
  state: string;
  topics_seen: number;
  messages_received: number;
  oversize_payloads: number;
}

/** Calls a tool and returns its result with the client-side latency in ms. */
async function timed<T>(
  stdio: StdioHarness,
  tool: string,
  args: Record<string, unknown>,
): Promise<{ data: T; ms: number }> {
  const t0 = performance.now();
  const data = await mcpCall<T>(stdio.client, tool, args);
  return { data, ms: performance.now() - t0 };
}

/** The server's own memory figures, as mqtt_monitor_performance reports them (1 s, quiet topic). */
async function processMemory(
  stdio: StdioHarness,
  sid: string,
): Promise<{ rss_mb: number; heap_used_mb: number }> {
  const out = await mcpCall<{ process: { rss_mb: number; heap_used_mb: number } }>(
    stdio.client,
    'mqtt_monitor_performance',
    { session_id: sid, topic_pattern: 'quiet/none', duration_seconds: 1, include_sys: false },
  );
  return { rss_mb: out.process.rss_mb, heap_used_mb: out.process.heap_used_mb };
}

/** Maximum of each run of `size` consecutive samples. */
function perWindow(samples: number[], size: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < samples.length; i += size) out.push(Math.max(...samples.slice(i, i + size)));
  return out;
}

async function sessionRow(stdio: StdioHarness, sid: string): Promise<SessionRow> {
  const out = await mcpCall<{ sessions: SessionRow[] }>(
    stdio.client,
    'mqtt_list_active_connections',
  );
  const row = out.sessions.find((s) => s.session_id === sid);
  if (!row) throw new Error(`session ${sid} is gone`);
  return row;
}

/**
 * The session's row once it has taken in what the broker still had queued for it after a flood (its
 * message count stops growing), or after `limitMs`: tools that subscribe wait behind that backlog.
 */
async function drained(stdio: StdioHarness, sid: string, limitMs = 15_000): Promise<SessionRow> {
  const until = Date.now() + limitMs;
  let row = await sessionRow(stdio, sid);
  for (;;) {
    await delay(500);
    const next = await sessionRow(stdio, sid);
    if (next.messages_received === row.messages_received || Date.now() > until) return next;
    row = next;
  }
}

describe.runIf(mosquittoAvailable())('floods and growth (stdio server, RSS measured)', () => {
  let broker: MosquittoBroker;
  let stdio: StdioHarness;
  let sampler: RssSampler;
  const publishers: PublisherChild[] = [];
  const servers: StdioHarness[] = [];
  const samplers: RssSampler[] = [];
  let raw: MqttClient | undefined;

  beforeAll(async () => {
    broker = await startMosquitto({ debugLog: false });
    stdio = await spawnStdio({ LOG_LEVEL: 'warn' });
    if (!stdio.pid) throw new Error('the stdio server has no pid');
    sampler = new RssSampler(stdio.pid, 500);
  });

  afterAll(async () => {
    sampler?.stop();
    for (const s of samplers) s.stop();
    for (const p of publishers) p.kill();
    for (const s of servers) await s.close();
    await raw?.endAsync(true).catch(() => undefined);
    await stdio?.close();
    await broker?.stop();
  });

  it(
    `a QoS 0 flood on ${FLOOD_TOPICS} topics for ${SOAK_SECONDS} s while collect and list_topics loop on #`,
    async () => {
      const opened = await mcpCall<{ session_id: string }>(
        stdio.client,
        'mqtt_establish_connection',
        { connection_string: broker.url },
      );
      const sid = opened.session_id;
      const baselineMb = sampler.lastMb;
      const heapBefore = await processMemory(stdio, sid);
      const startIndex = sampler.samples.length;
      const publisher = await startPublisher({
        url: broker.url,
        mode: 'flood',
        prefix: 'flood',
        topics: FLOOD_TOPICS,
        seconds: SOAK_SECONDS,
        payloadBytes: 100,
      });
      publishers.push(publisher);
      const soakEnd = Date.now() + SOAK_SECONDS * 1000;

      const collects: Array<{ ms: number; data: CollectResult }> = [];
      const listings: Array<{ ms: number; data: ListTopicsResult }> = [];
      const collectLoop = async () => {
        while (Date.now() < soakEnd - 1000) {
          collects.push(
            await timed<CollectResult>(stdio, 'mqtt_subscribe_and_collect', {
              session_id: sid,
              topic_pattern: '#',
              duration_seconds: TOOL_SECONDS,
              max_messages: 10_000,
            }),
          );
        }
      };
      const listLoop = async () => {
        while (Date.now() + TOOL_SECONDS * 1000 <= soakEnd + 500) {
          listings.push(
            await timed<ListTopicsResult>(stdio, 'mqtt_list_topics', {
              session_id: sid,
              topic_pattern: '#',
              duration_seconds: TOOL_SECONDS,
            }),
          );
        }
      };
      await Promise.all([collectLoop(), listLoop()]);
      const done = await publisher.done;
      const soakSamples = sampler.samples.slice(startIndex);
      const maxRssMb = Math.max(...soakSamples);
      const drainStart = Date.now();
      const row = await drained(stdio, sid);
      const drainSeconds = (Date.now() - drainStart) / 1000;
      const heapAfter = await processMemory(stdio, sid);
      // Every topic the session remembers is one the publisher used (no mangled topic names).
      const remembered = await mcpCall<ListTopicsResult>(stdio.client, 'mqtt_list_topics', {
        session_id: sid,
        topic_pattern: '#',
        detail: 'full',
        duration_seconds: 1,
        limit: 5000,
      });
      const unexpected = (remembered.topics ?? [])
        .map((t) => t.topic)
        .filter((topic) => {
          const m = /^flood\/site(\d)\/dev(\d+)\/telemetry$/.exec(topic);
          return !m || Number(m[2]) >= FLOOD_TOPICS || Number(m[2]) % 10 !== Number(m[1]);
        });
      await mcpCall(stdio.client, 'mqtt_close_connection', { session_id: sid });

      const collectMs = collects.map((c) => c.ms);
      const listMs = listings.map((l) => l.ms);
      const delivered = listings.reduce((sum, l) => sum + l.data.window_message_count, 0);
      const listedSeconds = listings.reduce((sum, l) => sum + l.data.duration_seconds, 0);
      recordFigures(`flood_soak_${SOAK_SECONDS}s`, {
        soak_seconds: SOAK_SECONDS,
        soak_kind:
          SOAK_SECONDS >= FULL_SOAK_SECONDS
            ? `full soak (${SOAK_SECONDS} s, as the issue asks)`
            : `short default run (${SOAK_SECONDS} s); HARDENING_SOAK_SECONDS=${FULL_SOAK_SECONDS} gives the full soak`,
        publisher: {
          qos: 0,
          topics: FLOOD_TOPICS,
          payload_bytes: 100,
          in_flight:
            'raw TCP, batches of 256 PUBLISH packets, bounded by the socket buffer (waits for drain)',
          messages: done.written,
          seconds: round(done.drained_seconds, 2),
          messages_per_second: done.rate,
          peak_messages_per_second: Math.max(0, ...publisher.rates),
        },
        server: {
          rss_baseline_mb: round(baselineMb),
          rss_max_mb: round(maxRssMb),
          rss_p50_mb: round(percentile(soakSamples, 50)),
          rss_limit_mb: RSS_LIMIT_MB,
          rss_samples: soakSamples.length,
          rss_max_mb_per_10s: perWindow(soakSamples, 20).map((mb) => round(mb)),
          memory_before_soak: heapBefore,
          memory_after_soak: heapAfter,
          messages_received_by_session: row.messages_received,
          backlog_drain_seconds: round(drainSeconds, 1),
          list_topics_delivered_messages_per_second: Math.round(delivered / (listedSeconds || 1)),
          topics_seen: row.topics_seen,
          unexpected_topics: unexpected.length,
          unexpected_topic_examples: unexpected.slice(0, 10),
        },
        mqtt_subscribe_and_collect: {
          calls: collects.length,
          args: { topic_pattern: '#', duration_seconds: TOOL_SECONDS, max_messages: 10_000 },
          latency_ms_p50: Math.round(percentile(collectMs, 50)),
          latency_ms_max: Math.round(Math.max(0, ...collectMs)),
          stop_reasons: [...new Set(collects.map((c) => c.data.stop_reason))],
          max_received_count: Math.max(0, ...collects.map((c) => c.data.received_count)),
          max_messages_returned: Math.max(0, ...collects.map((c) => c.data.messages.length)),
        },
        mqtt_list_topics: {
          calls: listings.length,
          args: { topic_pattern: '#', duration_seconds: TOOL_SECONDS, limit: 200 },
          latency_ms: listMs.map((ms) => Math.round(ms)),
          window_message_counts: listings.map((l) => l.data.window_message_count),
          topic_counts: listings.map((l) => l.data.topic_count),
        },
      });

      expect(done.written).toBeGreaterThan(SOAK_SECONDS * 1000);
      expect(maxRssMb).toBeLessThan(RSS_LIMIT_MB);
      expect(collects.length).toBeGreaterThanOrEqual(2);
      expect(listings.length).toBeGreaterThanOrEqual(1);
      for (const { ms, data } of collects) {
        expect(ms).toBeLessThanOrEqual(TOOL_SECONDS * 1000 + GRACE_MS);
        expect(data.received_count).toBeLessThanOrEqual(10_000);
        expect(data.messages.length).toBeLessThanOrEqual(50);
        expect(data.per_topic.length).toBeLessThanOrEqual(50);
        if (data.received_count > data.messages.length) {
          expect(data.pruning?.kept_count).toBe(data.messages.length);
          expect(data.pruning?.original_count).toBe(data.received_count);
        }
      }
      // At this rate the 10,000-message cap is what ends a collect.
      expect(collects.some((c) => c.data.stop_reason === 'max_messages')).toBe(true);
      for (const { ms, data } of listings) {
        expect(ms).toBeLessThanOrEqual(TOOL_SECONDS * 1000 + GRACE_MS);
        expect(data.window_message_count).toBeGreaterThan(0);
        expect(data.topics?.length ?? 0).toBeLessThanOrEqual(200);
        expect(data.topic_count).toBe((data.topics?.length ?? 0) + data.topics_not_listed);
        expect(data.topic_count).toBeLessThanOrEqual(FLOOD_TOPICS);
      }
      expect(row.topics_seen).toBeLessThanOrEqual(INVENTORY_LIMIT);
      expect(unexpected).toEqual([]);
      expect(remembered.topic_count).toBe(FLOOD_TOPICS);
    },
    (SOAK_SECONDS + 60) * 1000,
  );

  it(`${DISTINCT_TOPICS.toLocaleString('en')} distinct retained topics: list_topics answers within its window, bounded`, async () => {
    const publisher = await startPublisher({
      url: broker.url,
      mode: 'distinct',
      prefix: 'distinct',
      count: DISTINCT_TOPICS,
      seconds: 120,
      payloadBytes: 60,
      retain: true,
    });
    publishers.push(publisher);
    const done = await publisher.done;
    expect(done.written).toBe(DISTINCT_TOPICS);

    const opened = await mcpCall<{ session_id: string }>(
      stdio.client,
      'mqtt_establish_connection',
      { connection_string: broker.url },
    );
    const sid = opened.session_id;
    const startIndex = sampler.samples.length;
    const { data, ms } = await timed<ListTopicsResult>(stdio, 'mqtt_list_topics', {
      session_id: sid,
      topic_pattern: 'distinct/#',
      detail: 'full',
      duration_seconds: TOOL_SECONDS,
    });
    await sleep(600);
    const samples = sampler.samples.slice(startIndex);
    const maxRssMb = Math.max(...samples);
    const row = await sessionRow(stdio, sid);
    await mcpCall(stdio.client, 'mqtt_close_connection', { session_id: sid });

    // A short window on a fresh session ends while the broker is still replaying: still on time.
    const second = await mcpCall<{ session_id: string }>(
      stdio.client,
      'mqtt_establish_connection',
      { connection_string: broker.url },
    );
    const short = await timed<ListTopicsResult>(stdio, 'mqtt_list_topics', {
      session_id: second.session_id,
      topic_pattern: 'distinct/#',
      duration_seconds: 2,
    });
    await mcpCall(stdio.client, 'mqtt_close_connection', { session_id: second.session_id });

    recordFigures('distinct_topics', {
      topics: DISTINCT_TOPICS,
      retained: true,
      publish_messages_per_second: done.rate,
      list_topics_duration_seconds: TOOL_SECONDS,
      list_topics_latency_ms: Math.round(ms),
      window_message_count: data.window_message_count,
      topic_count: data.topic_count,
      topics_listed: data.topics?.length ?? 0,
      topics_not_listed: data.topics_not_listed,
      inventory_full: data.inventory_full,
      inventory_note: data.inventory_note,
      session_topics_seen: row.topics_seen,
      rss_max_mb: round(maxRssMb),
      rss_limit_mb: RSS_LIMIT_MB,
      short_window: {
        duration_seconds: 2,
        latency_ms: Math.round(short.ms),
        window_seconds: short.data.duration_seconds,
        window_message_count: short.data.window_message_count,
        topic_count: short.data.topic_count,
      },
    });

    expect(short.ms).toBeLessThanOrEqual(2000 + GRACE_MS);
    expect(short.data.stop_reason).toBe('duration');
    expect(short.data.window_message_count).toBeGreaterThan(0);
    expect(short.data.topic_count).toBe(
      (short.data.topics?.length ?? 0) + short.data.topics_not_listed,
    );
    expect(ms).toBeLessThanOrEqual(TOOL_SECONDS * 1000 + GRACE_MS);
    expect(data.window_message_count).toBe(DISTINCT_TOPICS);
    expect(data.topics?.length).toBe(200);
    expect(data.topic_count).toBe((data.topics?.length ?? 0) + data.topics_not_listed);
    // One window tracks at most 50,000 distinct topics; the session remembers 20,000.
    expect(data.topic_count).toBe(WINDOW_TOPIC_LIMIT);
    expect(data.inventory_full).toBe(true);
    expect(data.inventory_note).toContain(
      `${DISTINCT_TOPICS - WINDOW_TOPIC_LIMIT} message(s) of this window were on topics beyond the ${WINDOW_TOPIC_LIMIT}`,
    );
    expect(data.inventory_note).toContain(`at most ${INVENTORY_LIMIT} distinct topics`);
    expect(row.topics_seen).toBe(INVENTORY_LIMIT);
    expect(maxRssMb).toBeLessThan(RSS_LIMIT_MB);
  }, 180_000);

  it('payload edges: empty, 1 MiB + 1, invalid UTF-8, 10,000-level JSON, a 1,000,000-number array', async () => {
    // A fresh server process, so the figures are this case's own and not what the soaks left.
    const edge = await spawnStdio({ LOG_LEVEL: 'warn' });
    servers.push(edge);
    const edgeSampler = new RssSampler(edge.pid ?? 0, 250);
    samplers.push(edgeSampler);
    const baselineMb = edgeSampler.lastMb;
    raw = await connectAsync(broker.url, { reconnectPeriod: 0 });
    const opened = await mcpCall<{ session_id: string }>(edge.client, 'mqtt_establish_connection', {
      connection_string: broker.url,
    });
    const sid = opened.session_id;

    // Outbound: the size limit (1 MiB by default) is enforced before any I/O, exactly at the bound.
    const refused = await mcpError(edge.client, 'mqtt_publish_message', {
      session_id: sid,
      topic: 'edge/out',
      payload: 'x'.repeat(MIB + 1),
    });
    expect(refused).toMatch(
      /^INVALID_INPUT: payload: 1048577 bytes is over the limit of 1048576 bytes \(MQTT_MCP_MAX_PAYLOAD_BYTES\); nothing was sent/,
    );
    const accepted = await mcpCall<{ size_bytes: number; acknowledgement: { type: string } }>(
      edge.client,
      'mqtt_publish_message',
      { session_id: sid, topic: 'edge/out', payload: 'x'.repeat(MIB), qos: 1 },
    );
    expect(accepted.size_bytes).toBe(MIB);
    expect(accepted.acknowledgement.type).toBe('PUBACK');

    const before = await sessionRow(edge, sid);
    const nested10k = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const nested600 = `${'{"a":'.repeat(600)}1${'}'.repeat(600)}`;
    const invalidUtf8 = Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x80, 0x41]);
    let hugeArray = '[';
    for (let i = 0; i < 1_000_000; i++) hugeArray += `${i > 0 ? ',' : ''}${(i * 7919) % 1_000_000}`;
    hugeArray += ']';
    const smallArray = JSON.stringify(Array.from({ length: 500 }, (_, i) => i % 97));
    const edges: Record<string, Buffer> = {
      'edge/empty': Buffer.alloc(0),
      'edge/oversize': Buffer.alloc(MIB + 1, 0x61),
      'edge/invalid-utf8': invalidUtf8,
      'edge/nested-10000': Buffer.from(nested10k),
      'edge/nested-600': Buffer.from(nested600),
      'edge/huge-array': Buffer.from(hugeArray),
      'edge/small-array': Buffer.from(smallArray),
    };
    const windowSeconds = 6;
    const calls = [
      timed<CollectResult>(edge, 'mqtt_subscribe_and_collect', {
        session_id: sid,
        topic_pattern: 'edge/+',
        duration_seconds: windowSeconds,
        max_messages: 100,
        limit: 100,
      }),
      timed<{ message_count: number; patterns: Array<{ payload_kinds: Record<string, number> }> }>(
        edge,
        'mqtt_get_topic_schema',
        { session_id: sid, topic_pattern: 'edge/+', duration_seconds: windowSeconds },
      ),
      timed<ListTopicsResult>(edge, 'mqtt_list_topics', {
        session_id: sid,
        topic_pattern: 'edge/+',
        duration_seconds: windowSeconds,
      }),
      timed<{ message_count: number }>(edge, 'mqtt_debug_device', {
        session_id: sid,
        device_id: 'edge',
        duration_seconds: windowSeconds,
      }),
    ] as const;
    await sleep(700);
    for (const [topic, payload] of Object.entries(edges)) {
      await raw.publishAsync(topic, payload, { qos: 1 });
    }
    const [collected, schema, listed, debug] = await Promise.all(calls);
    const samples = [...edgeSampler.samples];
    const after = await sessionRow(edge, sid);
    await mcpCall(edge.client, 'mqtt_close_connection', { session_id: sid });

    const byTopic = new Map(collected.data.messages.map((m) => [m.topic, m]));
    recordFigures('payload_edges', {
      window_seconds: windowSeconds,
      sizes_bytes: Object.fromEntries(Object.entries(edges).map(([t, b]) => [t, b.length])),
      latency_ms: {
        mqtt_subscribe_and_collect: Math.round(collected.ms),
        mqtt_get_topic_schema: Math.round(schema.ms),
        mqtt_list_topics: Math.round(listed.ms),
        mqtt_debug_device: Math.round(debug.ms),
      },
      formats: Object.fromEntries(
        [...byTopic].map(([t, m]) => [
          t,
          `${m.payload_format}${m.payload_truncated ? ' (cut)' : ''}, ${m.size_bytes} B`,
        ]),
      ),
      oversize_payloads_counted: after.oversize_payloads - before.oversize_payloads,
      rss_baseline_mb: round(baselineMb),
      rss_max_mb: round(Math.max(...samples)),
    });

    for (const call of [collected, schema, listed, debug]) {
      expect(call.ms).toBeLessThanOrEqual(windowSeconds * 1000 + GRACE_MS);
    }
    expect(collected.data.received_count).toBe(Object.keys(edges).length);
    const get = (topic: string): MessageRecord => {
      const m = byTopic.get(topic);
      if (!m) throw new Error(`${topic} was not collected`);
      return m;
    };
    expect(get('edge/empty')).toMatchObject({ payload_format: 'text', payload: '', size_bytes: 0 });
    const oversize = get('edge/oversize');
    expect(oversize).toMatchObject({ size_bytes: MIB + 1, payload_truncated: true });
    expect(oversize.payload).toBe('a'.repeat(PREVIEW_BYTES));
    expect(after.oversize_payloads - before.oversize_payloads).toBe(2);
    expect(get('edge/invalid-utf8')).toMatchObject({
      payload_format: 'binary',
      payload: invalidUtf8.toString('base64'),
      size_bytes: invalidUtf8.length,
    });
    const deep = get('edge/nested-10000');
    expect(deep.size_bytes).toBe(20_000);
    expect(deep.payload_truncated).toBe(true);
    expect(deep.payload).toBe(nested10k.slice(0, PREVIEW_BYTES));
    // Under the preview size but nested beyond the JSON depth limit (64): kept as text, not parsed.
    expect(get('edge/nested-600')).toMatchObject({ payload_format: 'text', payload: nested600 });
    const huge = get('edge/huge-array');
    expect(huge.size_bytes).toBe(Buffer.byteLength(hugeArray));
    expect(huge.size_bytes).toBeGreaterThan(6 * MIB);
    expect(huge.payload_truncated).toBe(true);
    expect(typeof huge.payload).toBe('string');
    expect((huge.payload as string).length).toBe(PREVIEW_BYTES);
    expect(get('edge/small-array')).toMatchObject({
      payload_format: 'json',
      payload: JSON.parse(smallArray) as unknown,
    });
    expect(collected.data.truncated_payloads).toBe(3);

    expect(schema.data.message_count).toBe(Object.keys(edges).length);
    const kinds = schema.data.patterns.reduce<Record<string, number>>((all, p) => {
      for (const [k, n] of Object.entries(p.payload_kinds)) all[k] = (all[k] ?? 0) + n;
      return all;
    }, {});
    expect(kinds.empty).toBe(1);
    expect(kinds.binary).toBe(1);
    expect(kinds.json_array).toBeGreaterThanOrEqual(1);
    expect(listed.data.topic_count).toBe(Object.keys(edges).length);
    expect(debug.data.message_count).toBe(Object.keys(edges).length);
    expect(Math.max(...samples)).toBeLessThan(RSS_LIMIT_MB);
    // The server is still up and answering.
    expect(edge.stderr()).not.toMatch(/unhandled|fatal|uncaught/i);
  }, 60_000);
});
