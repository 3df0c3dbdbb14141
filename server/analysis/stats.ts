// Descriptive statistics, per-second series and spike detection over plain numbers (pure).
import { isoAt } from './message';

/** Count, range, mean and nearest-rank percentiles of a list of values. */
export interface Summary {
  count: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
}

/** A second whose message count stands out from the rest of the window. */
export interface Spike {
  at: string;
  messages: number;
  factor: number;
}

/** Rounds a number to `digits` decimal places. */
export function round(n: number, digits = 0): number {
  const factor = 10 ** digits;
  // Security fix (test/security/fuzz.int.test.ts): n * factor overflowed to Infinity for values
  // near 1e308 (a payload can be any number), which broke the tools' output schemas.
  if (!Number.isFinite(n * factor)) return n;
  return Math.round(n * factor) / factor;
}

/** Nearest-rank percentile `p` (0–100) of an ascending list; throws on an empty list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of an empty list');
  const rank = Math.ceil((Math.min(Math.max(p, 0), 100) / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank - 1, 0), sorted.length - 1)] as number;
}

/** Summary statistics of the values (unrounded), or null when there are none. */
export function summarize(values: number[]): Summary | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((acc, v) => acc + v, 0);
  return {
    count: sorted.length,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    // The sum of huge values overflows (two payloads of 1e308); the mean of the shares does not.
    mean: Number.isFinite(sum)
      ? sum / sorted.length
      : sorted.reduce((acc, v) => acc + v / sorted.length, 0),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

/** Median of a list of values (mean of the middle two for an even count); 0 when empty. */
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

/**
 * Counts timestamps per whole second from `startMs`: one bucket per started second of the
 * window; a timestamp equal to `endMs` falls in the last bucket, others outside are ignored.
 */
export function perSecondSeries(timestampsMs: number[], startMs: number, endMs: number): number[] {
  if (!(endMs > startMs)) return [];
  const buckets = new Array<number>(Math.ceil((endMs - startMs) / 1000)).fill(0);
  for (const t of timestampsMs) {
    if (t < startMs || t > endMs) continue;
    const index = Math.min(Math.floor((t - startMs) / 1000), buckets.length - 1);
    buckets[index] = (buckets[index] ?? 0) + 1;
  }
  return buckets;
}

/**
 * Seconds whose count is at least 5 and above both 3 × the median second and the mean plus
 * 3 standard deviations of the other seconds (leaving the second itself out, so one burst in a
 * short window can still stand out); `factor` is the count divided by the median (by the mean
 * when the median is 0), rounded to one decimal.
 */
export function detectSpikes(series: number[], startMs: number): Spike[] {
  if (series.length < 2) return [];
  const mid = median(series);
  const n = series.length;
  const sum = series.reduce((acc, v) => acc + v, 0);
  const sumSquares = series.reduce((acc, v) => acc + v * v, 0);
  const base = mid > 0 ? mid : sum / n;
  const spikes: Spike[] = [];
  series.forEach((messages, i) => {
    const otherMean = (sum - messages) / (n - 1);
    const otherVariance = Math.max(
      (sumSquares - messages * messages) / (n - 1) - otherMean ** 2,
      0,
    );
    const threshold = Math.max(3 * mid, otherMean + 3 * Math.sqrt(otherVariance));
    if (messages >= 5 && messages > threshold) {
      spikes.push({ at: isoAt(startMs + i * 1000), messages, factor: round(messages / base, 1) });
    }
  });
  return spikes;
}
