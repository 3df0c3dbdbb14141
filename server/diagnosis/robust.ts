// Robust statistics for the detectors: median and the normalised median absolute deviation (pure).
import { median } from '../analysis/stats';

/** Median and MADn (1.4826 × the median absolute deviation, comparable to a standard deviation). */
export interface RobustCentre {
  median: number;
  madn: number;
}

/** Median and MADn of a list (both 0 when it is empty). */
export function robustCentre(values: readonly number[]): RobustCentre {
  const mid = median([...values]);
  return { median: mid, madn: 1.4826 * median(values.map((v) => Math.abs(v - mid))) };
}

/**
 * Whether a value lies outside max(7 MADn, 25 % of |median|) around the median. With no spread
 * and a zero median nothing is an outlier (an idle value that sometimes moves is not a fault).
 */
export function isOutlier(value: number, centre: RobustCentre): boolean {
  const limit = Math.max(7 * centre.madn, 0.25 * Math.abs(centre.median));
  return limit > 0 && Math.abs(value - centre.median) > limit;
}

/** A fixed-size ring of the latest numbers. */
export class NumberRing {
  private readonly values: number[] = [];
  private next = 0;

  constructor(readonly capacity: number) {}

  /** Adds a value, dropping the oldest once full. */
  push(value: number): void {
    if (this.values.length < this.capacity) this.values.push(value);
    else {
      this.values[this.next] = value;
      this.next = (this.next + 1) % this.capacity;
    }
  }

  get length(): number {
    return this.values.length;
  }

  /** The values held, oldest first. */
  toArray(): number[] {
    return [...this.values.slice(this.next), ...this.values.slice(0, this.next)];
  }
}
