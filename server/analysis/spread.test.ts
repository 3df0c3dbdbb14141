// Unit tests of the deterministic even spread.
import { describe, expect, it } from 'vitest';
import { evenSpread } from './spread';

describe('evenSpread', () => {
  const items = Array.from({ length: 11 }, (_, i) => i);

  it('includes the first and last item and steps evenly', () => {
    expect(evenSpread(items, 3)).toEqual([0, 5, 10]);
    expect(evenSpread(items, 6)).toEqual([0, 2, 4, 6, 8, 10]);
  });

  it('takes the middle item for one pick and everything when asked for more', () => {
    expect(evenSpread(items, 1)).toEqual([5]);
    expect(evenSpread(items, 11)).toEqual(items);
    expect(evenSpread(items, 50)).toEqual(items);
    expect(evenSpread(items, 0)).toEqual([]);
    expect(evenSpread([], 3)).toEqual([]);
  });

  it('always picks distinct items in order', () => {
    for (let m = 1; m <= 60; m++) {
      const list = Array.from({ length: m }, (_, i) => i);
      for (let k = 1; k <= m; k++) {
        const picked = evenSpread(list, k);
        expect(picked).toHaveLength(k);
        for (let i = 1; i < picked.length; i++) {
          expect(picked[i]).toBeGreaterThan(picked[i - 1] as number);
        }
      }
    }
  });
});
