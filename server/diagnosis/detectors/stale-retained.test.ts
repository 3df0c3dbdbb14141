// Unit tests of the stale-retained detector: old by its own time, or unknown age among live siblings.
import { describe, expect, it } from 'vitest';
import { every, ob, run, T0 } from '../../../test/fixtures/observations';
import { detectStaleRetained } from './stale-retained';

const DAY = 86_400_000;

describe('detectStaleRetained', () => {
  it('names a retained value whose own time is days old', () => {
    const [f, ...rest] = run(detectStaleRetained, [
      ob('site/tank-1/level', { cm: 80, ts: new Date(T0 - 3 * DAY).toISOString() }, T0, {
        retain: true,
      }),
      ob('site/tank-2/level', { cm: 75, ts: new Date(T0 - 60_000).toISOString() }, T0, {
        retain: true,
      }),
    ]);
    expect(rest).toEqual([]);
    expect(f?.kind).toBe('stale_retained');
    expect(f?.severity).toBe('warning');
    expect(f?.subject).toEqual({ topic: 'site/tank-1/level', device: 'tank-1' });
    expect(f?.evidence.age_seconds).toBe(3 * 86_400);
  });

  it('respects the staleness threshold', () => {
    const obs = [
      ob('site/tank-1/level', { cm: 80, ts: new Date(T0 - 2 * 3_600_000).toISOString() }, T0, {
        retain: true,
      }),
    ];
    expect(run(detectStaleRetained, obs, { staleAfterMs: 3 * 3_600_000 })).toEqual([]);
    expect(run(detectStaleRetained, obs)).toHaveLength(1);
  });

  it('says unknown age when a retained-only topic sits among live siblings', () => {
    const obs = [
      ob('site/tank-1/level', { cm: 80 }, T0, { retain: true }),
      ...['tank-2', 'tank-3', 'tank-4'].flatMap((t) =>
        every(`site/${t}/level`, 3, 1000, (i) => ({ cm: 70 + i })),
      ),
    ];
    const [f, ...rest] = run(detectStaleRetained, obs);
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('info');
    expect(f?.evidence.age).toBe('unknown');
  });

  it('ignores refreshed values, availability and config topics of unknown age', () => {
    expect(
      run(detectStaleRetained, [
        ob('site/tank-1/level', { cm: 80, ts: new Date(T0 - DAY).toISOString() }, T0, {
          retain: true,
        }),
        ob('site/tank-1/level', { cm: 81, ts: new Date(T0 + 500).toISOString() }, T0 + 500),
        ob('site/tank-1/status', 'online', T0, { retain: true }),
        ob('homeassistant/sensor/tank/config', { name: 'Tank' }, T0, { retain: true }),
      ]),
    ).toEqual([]);
  });
});
