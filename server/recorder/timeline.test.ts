// Unit tests of the console's views over time: events per category per bucket, findings per severity.
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../store/record/types';
import { eventTimeline, findingsOverTime } from './timeline';

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const MIN = 60_000;

const event = (
  t: number,
  category: RecordedEvent['category'],
  extra: Partial<RecordedEvent> = {},
) =>
  ({
    t,
    source: 'profile:home',
    topic: 'home/plug/status',
    category,
    kind: 'offline',
    severity: null,
    subject: null,
    summary: 'offline',
    detail: null,
    ...extra,
  }) satisfies RecordedEvent;

describe('eventTimeline', () => {
  it('counts events per category in every bucket of the range, empty ones included', () => {
    const range = { fromMs: T0, toMs: T0 + 4 * MIN };
    const out = eventTimeline(
      [
        event(T0, 'availability'),
        event(T0 + 30_000, 'retained'),
        event(T0 + 3 * MIN, 'availability'),
      ],
      range,
      4,
    );
    expect(out.stepMs).toBe(MIN);
    expect(out.buckets.map((b) => [b.t - T0, b.availability, b.retained])).toEqual([
      [0, 1, 1],
      [MIN, 0, 0],
      [2 * MIN, 0, 0],
      [3 * MIN, 1, 0],
    ]);
    expect(out.byCategory).toMatchObject({ availability: 2, retained: 1, finding: 0 });
  });
});

describe('findingsOverTime', () => {
  it('counts findings per severity and kind, and lists them with evidence and suggestion', () => {
    const range = { fromMs: T0, toMs: T0 + 2 * MIN };
    const out = findingsOverTime(
      [
        event(T0, 'availability'),
        event(T0 + 10_000, 'finding', {
          kind: 'flapping',
          severity: 'warning',
          subject: 'plug',
          detail: { evidence: { drops: 3 }, suggestion: 'check its power' },
        }),
        event(T0 + MIN + 1, 'finding', { kind: 'offline', severity: 'critical', subject: 'plug' }),
      ],
      range,
      2,
    );
    expect(out.buckets.map((b) => [b.critical, b.warning, b.info])).toEqual([
      [0, 1, 0],
      [1, 0, 0],
    ]);
    expect(out.byKind).toEqual({ flapping: 1, offline: 1 });
    expect(out.findings[0]).toMatchObject({
      kind: 'flapping',
      device: 'plug',
      evidence: { drops: 3 },
      suggestion: 'check its power',
    });
    expect(out.findings[1]).toMatchObject({ evidence: null, suggestion: null });
  });
});
