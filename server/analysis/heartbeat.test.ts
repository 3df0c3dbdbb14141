// Unit tests of heartbeat inference: interval, jitter, gaps and overdue.
import { describe, expect, it } from 'vitest';
import { inferHeartbeat } from './heartbeat';
import { msg, T0 } from '../../test/fixtures/message-records';

function beats(topic: string, offsetsSeconds: number[]) {
  return offsetsSeconds.map((s) => msg(topic, { v: s }, T0 + s * 1000));
}

describe('inferHeartbeat', () => {
  it('needs at least 3 live messages on one topic', () => {
    const hb = inferHeartbeat([...beats('d/a', [0, 10]), ...beats('d/b', [1, 11])], T0 + 20_000);
    expect(hb).toEqual({
      topic: null,
      interval_seconds: null,
      jitter_seconds: null,
      gaps: [],
      gap_count: 0,
      overdue: false,
      seconds_since_last: null,
    });
  });

  it('takes the median interval of the busiest topic and its jitter', () => {
    const messages = [...beats('d/temp', [0, 10, 21, 30, 39, 50]), ...beats('d/other', [5, 6, 7])];
    const hb = inferHeartbeat(messages, T0 + 55_000);
    expect(hb.topic).toBe('d/temp');
    expect(hb.interval_seconds).toBe(10);
    expect(hb.jitter_seconds).toBe(1);
    expect(hb.gaps).toEqual([]);
    expect(hb.overdue).toBe(false);
    expect(hb.seconds_since_last).toBe(5);
  });

  it('ignores retained messages', () => {
    const messages = [
      msg('d/status', 'x', T0, { retain: true }),
      msg('d/status', 'x', T0 + 1, { retain: true }),
      msg('d/status', 'x', T0 + 2, { retain: true }),
      ...beats('d/temp', [0, 10, 20]),
    ];
    expect(inferHeartbeat(messages, T0 + 25_000).topic).toBe('d/temp');
  });

  it('breaks ties between equally busy topics by name', () => {
    const messages = [...beats('d/b', [0, 5, 10]), ...beats('d/a', [1, 6, 11])];
    expect(inferHeartbeat(messages, T0 + 12_000).topic).toBe('d/a');
  });

  it('reports intervals over 2.5 times the median as gaps', () => {
    const messages = beats('d/temp', [0, 10, 20, 30, 60, 70, 80, 106, 116]);
    const hb = inferHeartbeat(messages, T0 + 120_000);
    expect(hb.interval_seconds).toBe(10);
    expect(hb.gap_count).toBe(2);
    expect(hb.gaps).toEqual([
      { from: '2024-05-01T12:00:30.000Z', to: '2024-05-01T12:01:00.000Z', seconds: 30 },
      { from: '2024-05-01T12:01:20.000Z', to: '2024-05-01T12:01:46.000Z', seconds: 26 },
    ]);
  });

  it('does not count an interval of exactly 2.5 times the median as a gap', () => {
    expect(inferHeartbeat(beats('d/t', [0, 10, 20, 45, 55]), T0 + 56_000).gap_count).toBe(0);
  });

  it('is overdue when the silence since the last beat exceeds 2.5 intervals', () => {
    const messages = beats('d/temp', [0, 10, 20, 30]);
    expect(inferHeartbeat(messages, T0 + 55_000).overdue).toBe(false);
    const late = inferHeartbeat(messages, T0 + 56_000);
    expect(late.overdue).toBe(true);
    expect(late.seconds_since_last).toBe(26);
  });

  it('finds no gaps or overdue state for a burst of simultaneous messages', () => {
    const hb = inferHeartbeat(beats('d/t', [5, 5, 5, 5]), T0 + 60_000);
    expect(hb.interval_seconds).toBe(0);
    expect(hb.gaps).toEqual([]);
    expect(hb.overdue).toBe(false);
  });
});
