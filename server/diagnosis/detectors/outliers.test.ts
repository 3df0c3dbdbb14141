// Unit tests of the outlier detector: spikes (early or late) and a sibling far off; not counters or modes.
import { describe, expect, it } from 'vitest';
import { every, run, wave } from '../../../test/fixtures/observations';
import { onlyFinding } from '../../../test/fixtures/only-finding';
import { detectOutliers } from './outliers';

describe('detectOutliers', () => {
  it('names a spike of several hundred degrees among room temperatures', () => {
    const obs = ['kitchen', 'garage', 'attic'].flatMap((room, r) =>
      every(`home/${room}/temperature`, 20, 1000, (i) => ({
        value: room === 'garage' && i === 14 ? 412.5 : wave(20 + r, i),
      })),
    );
    const f = onlyFinding(detectOutliers, obs);
    expect(f.kind).toBe('outlier');
    expect(f.subject.topic).toBe('home/garage/temperature');
    expect(f.evidence.values).toEqual([412.5]);
  });

  it('finds a spike among the first values too', () => {
    const obs = every('home/kitchen/temperature', 20, 1000, (i) => ({
      value: i === 2 ? -60 : wave(21, i),
    }));
    expect(run(detectOutliers, obs)[0]?.evidence.values).toEqual([-60]);
  });

  it('names a sibling that reads far from the others', () => {
    const obs = ['a', 'b', 'c', 'd', 'e'].flatMap((room, r) =>
      every(`home/${room}/temperature`, 10, 1000, (i) => ({
        value: room === 'd' ? wave(310, i) : wave(20 + r, i),
      })),
    );
    const findings = run(detectOutliers, obs);
    expect(findings.map((f) => f.subject.topic)).toEqual(['home/d/temperature']);
    expect(findings[0]?.evidence.siblings).toBe(4);
  });

  it('ignores counters that reset, modes, and two-regime fields', () => {
    expect(
      run(detectOutliers, [
        ...every('dev/node-1/stat', 30, 1000, (i) => ({
          uptime: i < 20 ? 5000 + i * 5 : (i - 20) * 5,
        })),
        ...every('dev/node-1/mode', 30, 1000, (i) => ({ mode: i % 10 === 0 ? 3 : 1 })),
        ...every('dev/node-1/power', 30, 1000, (i) => ({ w: i % 3 === 0 ? 2000 : 5 })),
      ]),
    ).toEqual([]);
  });
});
