// Unit tests of summary statistics, per-second series and spike detection.
import { describe, expect, it } from 'vitest';
import { detectSpikes, median, percentile, perSecondSeries, round, summarize } from './stats';

const T0 = Date.parse('2024-05-01T12:00:00.000Z');

describe('round', () => {
  it('rounds to the given digits', () => {
    expect(round(1.23456, 2)).toBe(1.23);
    expect(round(2.5)).toBe(3);
    expect(round(-1.005, 1)).toBe(-1);
    expect(round(1234.5678, 0)).toBe(1235);
  });
});

describe('percentile', () => {
  const sorted = Array.from({ length: 100 }, (_, i) => i + 1);

  it('uses the nearest rank', () => {
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 51)).toBe(30);
  });

  it('throws on an empty list', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('returns null for no values', () => {
    expect(summarize([])).toBeNull();
  });

  it('summarises unsorted values without changing the input', () => {
    const values = [5, 1, 4, 2, 3];
    expect(summarize(values)).toEqual({
      count: 5,
      min: 1,
      max: 5,
      mean: 3,
      p50: 3,
      p95: 5,
      p99: 5,
    });
    expect(values).toEqual([5, 1, 4, 2, 3]);
  });

  it('handles a single value', () => {
    expect(summarize([7])).toEqual({ count: 1, min: 7, max: 7, mean: 7, p50: 7, p95: 7, p99: 7 });
  });
});

describe('median', () => {
  it('takes the middle value or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});

describe('perSecondSeries', () => {
  it('counts per whole second over the window', () => {
    const series = perSecondSeries([T0, T0 + 999, T0 + 1000, T0 + 2500, T0 + 2999], T0, T0 + 3000);
    expect(series).toEqual([2, 1, 2]);
  });

  it('gives a partial last second its own bucket and puts the end time in it', () => {
    expect(perSecondSeries([T0 + 2100, T0 + 2500], T0, T0 + 2500)).toEqual([0, 0, 2]);
  });

  it('ignores times outside the window', () => {
    expect(perSecondSeries([T0 - 1, T0 + 5001], T0, T0 + 5000)).toEqual([0, 0, 0, 0, 0]);
  });

  it('returns no buckets for an empty window', () => {
    expect(perSecondSeries([T0], T0, T0)).toEqual([]);
  });
});

describe('detectSpikes', () => {
  it('finds a burst second in a steady series', () => {
    const series = [2, 2, 3, 2, 20, 2, 2, 3, 2, 2];
    expect(detectSpikes(series, T0)).toEqual([
      { at: '2024-05-01T12:00:04.000Z', messages: 20, factor: 10 },
    ]);
  });

  it('needs at least 5 messages in the second', () => {
    expect(detectSpikes([0, 0, 0, 4, 0, 0], T0)).toEqual([]);
    expect(detectSpikes([0, 0, 0, 5, 0, 0], T0)).toEqual([
      { at: '2024-05-01T12:00:03.000Z', messages: 5, factor: 6 },
    ]);
  });

  it('reports nothing for steady or noisy-but-even traffic', () => {
    expect(detectSpikes([10, 10, 10, 10], T0)).toEqual([]);
    expect(detectSpikes([8, 12, 9, 11, 10, 13, 7], T0)).toEqual([]);
    expect(detectSpikes([50], T0)).toEqual([]);
    expect(detectSpikes([], T0)).toEqual([]);
  });

  it('does not flag a second that is only slightly above three times the median', () => {
    expect(detectSpikes([2, 2, 2, 7, 2, 9, 2, 2], T0).map((s) => s.messages)).toEqual([9]);
  });
});
