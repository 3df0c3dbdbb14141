// Unit tests of the sequence-gap detector: holes with a loss rate; resets after reboot are not loss.
import { describe, expect, it } from 'vitest';
import { every, run } from '../../../test/fixtures/observations';
import { detectSequenceGaps } from './sequence-gaps';

describe('detectSequenceGaps', () => {
  it('names a counter with holes and estimates the loss', () => {
    const kept = [1, 2, 3, 5, 6, 7, 8, 10, 11, 14, 15, 16, 17, 18, 19, 20];
    const obs = kept.map(
      (seq, i) => every('fleet/tracker-9/pos', 1, 0, () => ({ seq, lat: 1 }), 1000 * i)[0]!,
    );
    const [f] = run(detectSequenceGaps, obs);
    expect(f?.kind).toBe('sequence_gap');
    expect(f?.subject.device).toBe('tracker-9');
    expect(f?.evidence).toMatchObject({
      field: 'seq',
      received: 16,
      missing: 4,
      gaps: 3,
      largest_gap: 2,
    });
    expect(f?.evidence.loss_percent).toBe(20);
  });

  it('does not call a reset to zero after a reboot loss', () => {
    const values = [41, 42, 43, 44, 45, 0, 1, 2, 3, 4, 5];
    const obs = every('fleet/tracker-1/pos', values.length, 1000, (i) => ({ counter: values[i] }));
    expect(run(detectSequenceGaps, obs)).toEqual([]);
  });

  it('ignores fields that are not +1 counters and complete sequences', () => {
    expect(
      run(detectSequenceGaps, [
        ...every('a/dev-1/x', 12, 1000, (i) => ({ uptime: i * 5 })),
        ...every('a/dev-4/x', 12, 1000, (i) => ({ uptime_s: i < 6 ? i : i + 4 })),
        ...every('a/dev-2/x', 12, 1000, (i) => ({ seq: 100 + i })),
        ...every('a/dev-3/x', 12, 1000, (i) => ({ energy_wh: 1000 + i * i })),
      ]),
    ).toEqual([]);
  });
});
