// Downsampling of per-minute rows into at most N buckets over a time range (pure).
import type { FieldStats, SeriesPoint, TimeRange } from './types';

/** One minute in ms. */
export const MINUTE_MS = 60_000;
/** Minutes a rolled-up row covers. */
export const ROLLUP_MINUTES = 10;

/** A clamped count parameter: `value` or `def`, within 1..max. */
export function clampCount(value: number | undefined, def: number, max: number): number {
  return Math.min(max, Math.max(1, Math.trunc(value ?? def) || def));
}

/** Bucket layout of a range: buckets start at `startMs` (a multiple of the step) and are `stepMs` wide. */
export interface Buckets {
  startMs: number;
  stepMs: number;
  /** The first minute (epoch minutes) whose rows can fall in the range, rolled-up rows included. */
  fromMinute: number;
  /** The minute (exclusive) past the range. */
  toMinute: number;
}

/**
 * Buckets of whole minutes, `points` of them over the range (one more when the range does not
 * start on a bucket boundary), aligned on multiples of the step (5-minute buckets start at :00, :05).
 */
export function bucketsFor(range: TimeRange, points: number): Buckets {
  const spanMs = Math.max(MINUTE_MS, range.toMs - range.fromMs);
  const stepMs = Math.max(1, Math.ceil(spanMs / points / MINUTE_MS)) * MINUTE_MS;
  const startMs = Math.floor(range.fromMs / stepMs) * stepMs;
  return {
    startMs,
    stepMs,
    fromMinute: startMs / MINUTE_MS - (ROLLUP_MINUTES - 1),
    toMinute: Math.ceil(range.toMs / MINUTE_MS),
  };
}

/** Start (epoch ms) of the bucket a row of `minute` falls in (rows starting before the range go to the first). */
export function bucketOf(b: Buckets, minute: number): number {
  const offset = Math.max(0, minute * MINUTE_MS - b.startMs);
  return b.startMs + Math.floor(offset / b.stepMs) * b.stepMs;
}

/** A stored statistics row of a field. */
export interface StatRow extends FieldStats {
  minute: number;
}

/** Merges rows (in minute order) into series points, one per non-empty bucket. */
export function seriesPoints(b: Buckets, rows: readonly StatRow[]): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  let current: (SeriesPoint & { sum: number }) | undefined;
  const close = () => {
    if (!current) return;
    const { sum, ...point } = current;
    points.push({ ...point, mean: current.n > 0 ? sum / current.n : point.last });
  };
  for (const row of rows) {
    const t = bucketOf(b, row.minute);
    if (!current || current.t !== t) {
      close();
      current = { t, min: row.min, max: row.max, mean: 0, last: row.last, n: 0, sum: 0 };
    }
    current.min = Math.min(current.min, row.min);
    current.max = Math.max(current.max, row.max);
    current.last = row.last;
    current.n += row.n;
    current.sum += row.sum;
  }
  close();
  return points;
}
