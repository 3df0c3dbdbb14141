// Integration tests of mqtt_monitor_performance against real Mosquitto brokers and a paced publisher.
import { randomBytes } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { callErr, callOk, createTestCore } from '../../../test/core-harness';
import { mosquittoAvailable } from '../../../test/mosquitto';
import { sleep, toolFixture } from '../../../test/tool-fixture';
import type { ToolProgress } from '../../core';
import { probeLatency } from '../probe-latency';
import type { monitorPerformance } from './index';

type Output = z.output<typeof monitorPerformance.output>;
type ProbeOutput = z.output<typeof probeLatency.output>;

const TOOL = 'mqtt_monitor_performance';
const PROBE = 'mqtt_probe_latency';

function nonce(): string {
  return randomBytes(5).toString('hex');
}

/** One stream of a paced publisher: a topic, its rate and its payload size. */
interface Stream {
  topic: string;
  perSecond: number;
  sizeBytes: number;
}

/**
 * Publishes each stream at its rate from a 5 ms timer that catches up to schedule, until
 * stopped; resolves with the number of messages published per topic.
 */
function pace(client: MqttClient, streams: Stream[]) {
  const started = performance.now();
  const sent = streams.map(() => 0);
  const timer = setInterval(() => {
    const elapsed = performance.now() - started;
    streams.forEach((s, i) => {
      const due = Math.floor((elapsed * s.perSecond) / 1000);
      while ((sent[i] ?? 0) < due) {
        client.publish(s.topic, Buffer.alloc(s.sizeBytes, 120), { qos: 0 });
        sent[i] = (sent[i] ?? 0) + 1;
      }
    });
  }, 5);
  return {
    stop: () => {
      clearInterval(timer);
      return new Map(streams.map((s, i) => [s.topic, sent[i] ?? 0]));
    },
  };
}

describe.skipIf(!mosquittoAvailable())('mqtt_monitor_performance', () => {
  const f = toolFixture(TOOL, { extraConfig: ['sys_interval 1'], debugLog: false });

  it('measures a known rate, the top topics by rate and by bytes, and payload sizes', async () => {
    const base = `perf-${nonce()}`;
    const streams: Stream[] = [
      { topic: `${base}/hot`, perSecond: 140, sizeBytes: 100 },
      { topic: `${base}/cold`, perSecond: 40, sizeBytes: 20 },
      { topic: `${base}/big`, perSecond: 20, sizeBytes: 2000 },
    ];
    const run = pace(f.publisher, streams);
    await sleep(200);
    const out = await callOk<Output>(f.core, TOOL, {
      session_id: f.sessionId,
      topic_pattern: `${base}/#`,
      duration_seconds: 2,
      include_sys: false,
    });
    run.stop();
    const t = out.traffic;
    expect(out.stop_reason).toBe('duration');
    expect(out.duration_seconds).toBeGreaterThanOrEqual(2);
    expect(out.duration_seconds).toBeLessThan(3);
    expect(t.messages_per_second).toBeGreaterThan(200 * 0.7);
    expect(t.messages_per_second).toBeLessThan(200 * 1.3);
    expect(t.per_second.seconds).toBe(2);
    expect(t.per_second.messages).toHaveLength(2);
    expect(t.per_second.peak_messages_per_second).toBeGreaterThan(200 * 0.7);
    expect(t.per_second.peak_messages_per_second).toBeLessThan(200 * 1.5);
    expect(t.per_second.mean_messages_per_second).toBeGreaterThan(200 * 0.7);
    expect(t.bytes_per_second).toBeGreaterThan(54_800 * 0.7);
    expect(t.bytes_per_second).toBeLessThan(54_800 * 1.3);
    expect(t.topic_count).toBe(3);
    expect(t.top_by_rate.map((r) => r.topic)).toEqual([
      `${base}/hot`,
      `${base}/cold`,
      `${base}/big`,
    ]);
    expect(t.top_by_bytes).toEqual([]);
    expect(t.top_by_rate[0]?.mean_size_bytes).toBe(100);
    expect(t.top_by_rate[0]?.messages_per_second).toBeGreaterThan(140 * 0.7);
    expect(t.top_by_rate[0]?.messages_per_second).toBeLessThan(140 * 1.3);
    expect(t.payload_size_bytes).toMatchObject({ min: 20, p50: 100, p95: 2000, max: 2000 });
    expect(t.payload_size_bytes?.mean).toBeGreaterThan(274 * 0.8);
    expect(t.payload_size_bytes?.mean).toBeLessThan(274 * 1.2);
    expect(t.retained_replayed).toEqual({ messages: 0, bytes: 0 });
    expect(t.spikes).toEqual([]);
    expect(out.broker_figures).toBeNull();
    expect(out.explanation).toBeUndefined();
    expect(out.session.state).toBe('connected');
    expect(out.session.messages_received_in_window).toBeGreaterThanOrEqual(t.messages);
    expect(out.process.rss_mb).toBeGreaterThan(10);
    expect(out.process.heap_used_mb).toBeGreaterThan(1);
    expect(Date.parse(out.started_at)).toBeLessThan(Date.parse(out.ended_at));
    expect(out.ended_at).toMatch(/Z$/);
  });

  it('reads the broker figures Mosquitto publishes under $SYS', async () => {
    const out = await callOk<Output>(f.core, TOOL, {
      session_id: f.sessionId,
      topic_pattern: `quiet-${nonce()}/#`,
      duration_seconds: 2,
      detail: 'full',
    });
    const b = out.broker_figures;
    expect(b?.available).toBe(true);
    expect(b?.version).toMatch(/^mosquitto version \d+\.\d+/);
    expect(b?.uptime_seconds).toBeGreaterThanOrEqual(0);
    expect(b?.clients_connected).toBeGreaterThanOrEqual(2);
    expect(b?.messages_received).toBeGreaterThan(0);
    expect(b?.messages_sent).toBeGreaterThan(0);
    expect(b?.figures?.['$SYS/broker/version']).toBe(b?.version);
    expect(Object.keys(b?.load ?? {})).toEqual(
      expect.arrayContaining(['messages/received/1min', 'messages/sent/1min']),
    );
    expect(b?.note).toBeUndefined();
    expect(out.traffic.messages).toBe(0);
    expect(out.traffic.top_by_rate.some((r) => r.topic.startsWith('$SYS'))).toBe(false);
  });

  it('mqtt_probe_latency measures the round trip on a private topic and releases it', async () => {
    const p = await callOk<ProbeOutput>(f.core, PROBE, {
      session_id: f.sessionId,
      duration_seconds: 2,
      rate_per_second: 200,
    });
    expect(p?.topic).toMatch(new RegExp(`^mqtt-mcp/probe/${f.sessionId}/[0-9a-f]+$`));
    expect(p?.qos).toBe(0);
    expect(p?.samples).toBeGreaterThan(100);
    expect(p?.sent).toBeGreaterThan(250);
    expect(p?.rate_per_second.achieved).toBeGreaterThan(200 * 0.7);
    expect(p?.rate_per_second.achieved).toBeLessThan(200 * 1.3);
    expect(p?.lost).toBeLessThanOrEqual(2);
    expect(p?.publish_errors).toBe(0);
    expect(p?.duplicates).toBe(0);
    expect(p?.round_trip_ms.p50).toBeLessThan(50);
    expect(p?.round_trip_ms.p99).toBeGreaterThanOrEqual(p?.round_trip_ms.p50 ?? Infinity);
    expect(p?.round_trip_ms.max).toBeGreaterThanOrEqual(p?.round_trip_ms.p99 ?? Infinity);
    expect(p?.note).toMatch(/TCP_NODELAY.*40 ms/);
    expect(p.stop_reason).toBe('duration');
    const sessions = await callOk<{ sessions: Array<{ subscriptions: unknown[] }> }>(
      f.core,
      'mqtt_list_active_connections',
      {},
    );
    expect(sessions.sessions[0]?.subscriptions).toEqual([]);
  });

  // QoS 2 included: the loopback mqtt_test_connection no longer sends is measured here.
  it.each([1, 2] as const)('mqtt_probe_latency runs at QoS %i with its ack time', async (qos) => {
    const out = await callOk<ProbeOutput>(f.core, PROBE, {
      session_id: f.sessionId,
      duration_seconds: 1,
      rate_per_second: 30,
      qos,
    });
    expect(out).toMatchObject({ qos, granted_qos: qos, publish_errors: 0, duplicates: 0 });
    expect(out.samples).toBeGreaterThan(15);
    expect(out.ack_median_ms).toBeGreaterThan(0);
    expect(out.round_trip_ms.p50).toBeLessThan(50);
    expect(probeLatency.annotations.readOnlyHint).toBe(false);
    const bad = await callErr(f.core, PROBE, { session_id: f.sessionId, qos: 3 });
    expect(bad.code).toBe('INVALID_INPUT');
  });

  it('explains an empty window and counts retained replays apart', async () => {
    const base = `retained-${nonce()}`;
    await f.publisher.publishAsync(`${base}/a`, 'stored', { qos: 1, retain: true });
    const out = await callOk<Output>(f.core, TOOL, {
      session_id: f.sessionId,
      topic_pattern: `${base}/#`,
      duration_seconds: 1,
      include_sys: false,
    });
    expect(out.traffic.messages).toBe(0);
    expect(out.traffic.messages_per_second).toBe(0);
    expect(out.traffic.payload_size_bytes).toBeNull();
    expect(out.traffic.retained_replayed).toEqual({ messages: 1, bytes: 6 });
    expect(out.explanation).toMatch(
      new RegExp(`^no live message matched ${base}/# in 1(\\.\\d)? s \\(1 retained message`),
    );
    await f.publisher.publishAsync(`${base}/a`, '', { qos: 1, retain: true });
  });

  it('sends progress and returns what it has when cancelled', async () => {
    const controller = new AbortController();
    const progress: ToolProgress[] = [];
    const started = Date.now();
    const called = f.core.callTool(
      TOOL,
      { session_id: f.sessionId, duration_seconds: 30, include_sys: false },
      { caller: 'test', signal: controller.signal, onProgress: (p) => progress.push(p) },
    );
    await sleep(1600);
    controller.abort();
    const outcome = await called;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.data.stop_reason).toBe('cancelled');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[0]).toMatchObject({ total: 30 });
    expect(progress[0]?.message).toMatch(/message\(s\) after 1 s/);
  });

  it('rejects bad arguments, unknown sessions and a probe on a read-only server', async () => {
    await f.rejects([
      [{ session_id: 'nope' }, 'NOT_FOUND'],
      [{ topic_pattern: 'a/#/b' }, 'INVALID_TOPIC'],
      [{ rate: 1 }, 'INVALID_INPUT', /"rate"/],
    ]);
    const range = await callErr(f.core, PROBE, { session_id: f.sessionId, rate_per_second: 0 });
    expect(range.code).toBe('INVALID_INPUT');
    expect(range.message).toMatch(/rate_per_second/);

    const readOnly = createTestCore({ MQTT_MCP_READ_ONLY: 'true' });
    try {
      const s = await callOk<{ session_id: string }>(readOnly, 'mqtt_establish_connection', {
        connection_string: f.broker.url,
      });
      const err = await callErr(readOnly, PROBE, { session_id: s.session_id });
      expect(err.code).toBe('READ_ONLY');
      const ok = await callOk<Output>(readOnly, TOOL, {
        session_id: s.session_id,
        duration_seconds: 1,
        include_sys: false,
      });
      expect(ok.traffic.messages).toBe(0);
    } finally {
      await readOnly.close();
    }
  });
});
