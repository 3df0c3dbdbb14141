// Small statistics helpers for the benchmarks: median, percentiles, summaries, rounding.

/** Median of a list of numbers (NaN for an empty list). */
export function median(values) {
  return percentile(values, 50);
}

/** Percentile p (0-100) by linear interpolation between closest ranks (NaN for an empty list). */
export function percentile(values, p) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return Number.NaN;
  if (xs.length === 1) return xs[0];
  const rank = (p / 100) * (xs.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return xs[lo] + (xs[hi] - xs[lo]) * (rank - lo);
}

/** p50, p90, p99, min, max and mean of a sample list. */
export function summarize(values) {
  const xs = values.filter((v) => Number.isFinite(v));
  const mean = xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN;
  return {
    n: xs.length,
    min: xs.length ? Math.min(...xs) : Number.NaN,
    p50: percentile(xs, 50),
    p90: percentile(xs, 90),
    p99: percentile(xs, 99),
    max: xs.length ? Math.max(...xs) : Number.NaN,
    mean,
  };
}

/** Rounds to `digits` decimals (non-finite values become null, for JSON). */
export function round(value, digits = 3) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Rounds every number of a flat or nested object (arrays included). */
export function roundAll(obj, digits = 3) {
  if (typeof obj === 'number') return round(obj, digits);
  if (Array.isArray(obj)) return obj.map((v) => roundAll(v, digits));
  if (obj && typeof obj === 'object') {
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, roundAll(v, digits)]));
  }
  return obj;
}

/** Ratio a / b, or null when either is not a finite number or b is 0. */
export function ratio(a, b) {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return a / b;
}
