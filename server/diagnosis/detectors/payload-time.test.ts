// Unit tests of the payload-time detector: clock skew, backlog replay, disorder, lag; not small offsets.
import { describe, expect, it } from 'vitest';
import { every, ob, run, T0 } from '../../../test/fixtures/observations';
import { detectPayloadTime } from './payload-time';

const H = 3_600_000;

describe('detectPayloadTime', () => {
  it('names a device clock two hours behind', () => {
    const obs = every('farm/weather-1/data', 10, 1000, (i) => ({
      t: 20 + i,
      ts: new Date(T0 + i * 1000 - 2 * H).toISOString(),
    }));
    const [f] = run(detectPayloadTime, obs);
    expect(f?.kind).toBe('clock_skew');
    expect(f?.subject.device).toBe('weather-1');
    expect(f?.evidence.skew_seconds).toBe(7200);
    expect(f?.evidence.direction).toBe('behind');
    expect(f?.summary).toMatch(/2\.0 h behind/);
  });

  it('reads epoch seconds and milliseconds, and a clock ahead', () => {
    const secs = every('a/dev-1/x', 5, 1000, (i) => ({ ts: (T0 + i * 1000 + 10 * 60_000) / 1000 }));
    expect(run(detectPayloadTime, secs)[0]?.evidence.direction).toBe('ahead');
    const ms = every('a/dev-2/x', 5, 1000, (i) => ({ timestamp: T0 + i * 1000 - 5 * 60_000 }));
    expect(run(detectPayloadTime, ms)[0]?.evidence.skew_seconds).toBe(300);
  });

  it('names a backlog replayed out of order', () => {
    const replay = [3, 1, 2, 5, 4, 7, 6, 9, 8, 10].map((k, i) =>
      ob(
        'gw/gateway-4/reading',
        { v: k, ts: new Date(T0 - (20 - k) * 60_000).toISOString() },
        T0 + i * 20,
      ),
    );
    const live = every(
      'gw/gateway-4/reading',
      5,
      1000,
      (i) => ({ v: 100 + i, ts: new Date(T0 + 2000 + i * 1000).toISOString() }),
      T0 + 2000,
    );
    const [f, ...rest] = run(detectPayloadTime, [...replay, ...live]);
    expect(rest).toEqual([]);
    expect(f?.kind).toBe('backlog_replay');
    expect(f?.evidence.out_of_order).toBeGreaterThanOrEqual(4);
    expect(f?.evidence.replayed).toBeGreaterThanOrEqual(9);
  });

  it('names time going backwards without a burst', () => {
    const order = [0, 1, 2, 1.5, 3, 4, 3.2, 5];
    const obs = order.map((k, i) =>
      ob('a/dev-3/x', { ts: new Date(T0 + k * 1000).toISOString() }, T0 + i * 1000 + 100),
    );
    expect(run(detectPayloadTime, obs)[0]?.kind).toBe('time_non_monotonic');
  });

  it('calls a varying delay of tens of seconds lag', () => {
    const delays = [12, 30, 15, 45, 20, 14, 38];
    const obs = delays.map((d, i) =>
      ob('a/dev-5/x', { ts: new Date(T0 + i * 60_000 - d * 1000).toISOString() }, T0 + i * 60_000),
    );
    expect(run(detectPayloadTime, obs)[0]?.kind).toBe('delivery_lag');
  });

  it('ignores second-resolution times, zone-less times and retained replays', () => {
    expect(
      run(detectPayloadTime, [
        ...every('a/dev-6/x', 10, 1000, (i) => ({ ts: Math.floor((T0 + i * 1000 + 700) / 1000) })),
        ...every('tele/dev-7/SENSOR', 10, 1000, (i) => ({ Time: `2024-05-01T09:00:0${i}` })),
        ob('a/dev-8/x', { ts: new Date(T0 - 5 * H).toISOString() }, T0, { retain: true }),
      ]),
    ).toEqual([]);
  });
});
