// Unit tests of bucket layout and downsampling.
import { describe, expect, it } from 'vitest';
import { bucketOf, bucketsFor, seriesPoints } from './buckets';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 15, 12, 3, 27);

describe('bucketsFor', () => {
  it('splits a day into 5-minute buckets aligned on the step for 288 points', () => {
    const b = bucketsFor({ fromMs: NOW - DAY, toMs: NOW }, 288);
    expect(b.stepMs).toBe(300_000);
    expect(b.startMs % 300_000).toBe(0);
    expect(b.startMs).toBeLessThanOrEqual(NOW - DAY);
    expect(Math.ceil((NOW - b.startMs) / b.stepMs)).toBeLessThanOrEqual(289);
  });

  it('never goes below one minute, and puts rows before the start in the first bucket', () => {
    const b = bucketsFor({ fromMs: NOW - 60_000, toMs: NOW }, 100);
    expect(b.stepMs).toBe(60_000);
    expect(bucketOf(b, Math.floor(b.startMs / 60_000) - 5)).toBe(b.startMs);
  });
});

describe('seriesPoints', () => {
  it('merges rows of one bucket: min, max, count-weighted mean and the latest last', () => {
    const b = bucketsFor({ fromMs: 0, toMs: 600_000 }, 2);
    const rows = [
      { minute: 0, n: 2, min: 1, max: 3, sum: 4, last: 3 },
      { minute: 4, n: 1, min: 0, max: 0, sum: 0, last: 0 },
      { minute: 5, n: 1, min: 9, max: 9, sum: 9, last: 9 },
    ];
    expect(seriesPoints(b, rows)).toEqual([
      { t: 0, min: 0, max: 3, mean: 4 / 3, last: 0, n: 3 },
      { t: 300_000, min: 9, max: 9, mean: 9, last: 9, n: 1 },
    ]);
  });
});
