// Unit tests of metric rollups: upsert by minute and session, series and retention.
import { describe, expect, it } from 'vitest';
import type { MetricRollup } from './metrics';
import { useTempStore } from '../../test/fixtures/temp-store';

const t = useTempStore();

function rollup(minute: string, over: Partial<MetricRollup> = {}): MetricRollup {
  return {
    minute,
    session_id: null,
    messages: 10,
    bytes: 100,
    tool_calls: 2,
    tool_errors: 0,
    latency_p50_ms: 3,
    latency_p95_ms: 9,
    rss_mb: 120.5,
    ...over,
  };
}

describe('MetricsRepo', () => {
  it('upserts one row per minute and session', () => {
    expect(t.store.metrics.record(rollup('2024-05-01T12:00:00.000Z'))).toBe(true);
    expect(t.store.metrics.record(rollup('2024-05-01T12:00:30.000Z', { messages: 42 }))).toBe(true);
    expect(
      t.store.metrics.record(rollup('2024-05-01T12:00:00.000Z', { session_id: 's1', messages: 7 })),
    ).toBe(true);
    const all = t.store.metrics.series('2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z');
    expect(all).toEqual([
      rollup('2024-05-01T12:00:00.000Z', { messages: 42 }),
      rollup('2024-05-01T12:00:00.000Z', { session_id: 's1', messages: 7 }),
    ]);
  });

  it('returns a series oldest first, per session or hub-wide', () => {
    for (let m = 0; m < 5; m += 1) {
      const minute = `2024-05-01T12:0${m}:00.000Z`;
      t.store.metrics.record(rollup(minute, { messages: m, latency_p50_ms: null }));
      t.store.metrics.record(rollup(minute, { session_id: 's1', messages: m * 100 }));
    }
    const hub = t.store.metrics.series('2024-05-01T12:01:00Z', '2024-05-01T12:04:00Z', null);
    expect(hub.map((r) => r.messages)).toEqual([1, 2, 3]);
    expect(hub.every((r) => r.session_id === null && r.latency_p50_ms === null)).toBe(true);
    const s1 = t.store.metrics.series('2024-05-01T12:00:00Z', '2024-05-01T13:00:00Z', 's1');
    expect(s1.map((r) => r.messages)).toEqual([0, 100, 200, 300, 400]);
    expect(t.store.metrics.series('2024-05-01T12:00:00Z', '2024-05-01T13:00:00Z', 'x')).toEqual([]);
  });

  it('prunes old minutes', () => {
    const now = Date.now();
    t.store.metrics.record(rollup(new Date(now - 9 * 86_400_000).toISOString()));
    t.store.metrics.record(rollup(new Date(now - 60_000).toISOString()));
    expect(t.store.metrics.prune(7)).toBe(1);
    expect(
      t.store.metrics.series(new Date(0).toISOString(), new Date(now).toISOString()),
    ).toHaveLength(1);
  });

  it('returns false instead of throwing when the t.store is closed', () => {
    t.store.close();
    expect(t.store.metrics.record(rollup('2024-05-01T12:00:00.000Z'))).toBe(false);
  });
});
