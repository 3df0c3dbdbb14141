// Unit tests of the live metrics: timed tools count as calls but stay out of the latency percentiles.
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionManager } from '../mqtt/session-manager';
import { silentLog } from '../../test/fixtures/temp-store';
import { LiveMetrics, type MetricsSample } from './live-metrics';

const sessions = new SessionManager({ maxSessions: 1, ttlMs: 60_000, sweepMs: 60_000 }, silentLog);
let metrics: LiveMetrics | undefined;
afterEach(() => metrics?.stop());

describe('LiveMetrics', () => {
  it("keeps a timed tool's observation window out of the latency but counts the call", async () => {
    metrics = new LiveMetrics(sessions, 20);
    metrics.recordCall(30_000, true, true);
    metrics.recordCall(4, true);
    metrics.recordCall(6, false);
    metrics.start();
    const [sample] = (await once(metrics, 'sample')) as [MetricsSample];
    expect(sample.tool_calls).toBe(3);
    expect(sample.tool_errors).toBe(1);
    expect(sample.latency_p95_ms).toBe(6);
    expect(sample.latency_p50_ms).toBeLessThan(30_000);
  });
});
