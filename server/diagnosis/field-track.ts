// Rolling summary of one payload field on one topic: values, runs, outliers, sentinels, sequence steps.
import { isOutlier, NumberRing, robustCentre, type RobustCentre } from './robust';

/** Latest values kept per field. */
export const FIELD_RING = 48;
/** Values needed before outliers are judged. */
export const BASELINE_MIN = 8;
/** Outlier candidates kept per field (judged again when the window closes). */
const MAX_OUTLIER_CANDIDATES = 16;
/** Distinct values remembered before a field counts as many-valued. */
const MAX_DISTINCT = 8;
/** A step above this is a jump (a new counter), not lost messages. */
export const MAX_SEQUENCE_STEP = 1000;

/** A value and when it arrived. */
export interface TimedValue {
  value: number;
  atMs: number;
}

/** Counts of the steps between consecutive integer values (live messages only). */
export interface SequenceSteps {
  steps: number;
  ones: number;
  repeats: number;
  gaps: number;
  missing: number;
  largestGap: number;
  resets: number;
  reorders: number;
  jumps: number;
}

/*
 * Known error values of sensors and converters. -127 and 85 only on temperature fields: a DS18B20
 * reads -127 when it is disconnected and 85 after a power-on reset. The rest anywhere. Each is a
 * candidate until the field's typical value is known: a value that is the field's median is data.
 */
const TEMPERATURE_ONLY = new Map<number, string>([
  [-127, 'DS18B20 disconnected (-127)'],
  [85, 'DS18B20 power-on reset (85)'],
]);
const ANYWHERE = new Map<number, string>([
  [65535, '0xFFFF (unset 16-bit register)'],
  [32767, '0x7FFF (int16 maximum)'],
  [-32768, '0x8000 (int16 minimum)'],
  [2147483647, 'int32 maximum'],
  [-2147483648, 'int32 minimum'],
  [-9999, '-9999 (no-data marker)'],
  [-999, '-999 (no-data marker)'],
]);
const ALWAYS_ERROR_TEXT = /^(nan|[+-]?inf(inity)?)$/i;
const ERROR_TEXT = /^(err|error|n\/a|na|-{1,3}|unavailable|unknown|undefined|null|none|fault)$/i;

/** Whether a text is a sensor error marker (NaN, inf, ERR, n/a, unavailable, ...). */
export function isErrorText(text: string): boolean {
  const t = text.trim();
  return ALWAYS_ERROR_TEXT.test(t) || ERROR_TEXT.test(t);
}

/** One error value seen on a field. */
export interface SentinelHit {
  label: string;
  value: number | string;
  count: number;
  firstMs: number;
  /** True when the text is an error marker only because the field otherwise holds numbers. */
  needsNumbers: boolean;
}

/** Rolling summary of one field. */
export class FieldTrack {
  /** Numeric samples (sentinels excluded). */
  numbers = 0;
  /** Live numeric samples. */
  live = 0;
  readonly ring = new NumberRing(FIELD_RING);
  readonly distinct = new Set<number>();
  manyValues = false;
  min = Infinity;
  max = -Infinity;
  /** Current run of identical live values, when it began, and live value changes. */
  last: number | undefined;
  run = 0;
  runStartMs = 0;
  changes = 0;
  ups = 0;
  downs = 0;
  /** Values that were outliers against the baseline when they arrived (the first ones). */
  readonly outliers: TimedValue[] = [];
  outlierCount = 0;
  /** Values that arrived before a baseline existed; judged when the window closes. */
  readonly early: TimedValue[] = [];
  readonly sentinels = new Map<string, SentinelHit>();
  readonly sequence: SequenceSteps = {
    steps: 0,
    ones: 0,
    repeats: 0,
    gaps: 0,
    missing: 0,
    largestGap: 0,
    resets: 0,
    reorders: 0,
    jumps: 0,
  };
  private baseline: RobustCentre | undefined;
  private sinceBaseline = 0;
  private lastInteger: number | undefined;

  constructor(readonly temperatureLike: boolean) {}

  /** Records one value of the field; `live` is false for a retained replay. */
  add(value: unknown, atMs: number, live: boolean): void {
    if (typeof value === 'string') this.addText(value.trim(), atMs);
    else if (typeof value === 'number' && Number.isFinite(value)) this.addNumber(value, atMs, live);
  }

  /** The field's robust centre from its latest values (undefined before any). */
  centre(): RobustCentre | undefined {
    return this.ring.length > 0 ? robustCentre(this.ring.toArray()) : undefined;
  }

  /** Whether every value seen is a small integer of few distinct values (a mode, a state code). */
  enumLike(): boolean {
    if (this.manyValues) return false;
    return [...this.distinct].every((v) => Number.isInteger(v) && Math.abs(v) <= 16);
  }

  /** Whether the field mostly counts upwards (uptime, energy totals, sequence numbers). */
  counterLike(): boolean {
    return this.ups >= 5 && this.ups >= 0.9 * (this.ups + this.downs);
  }

  private addText(text: string, atMs: number): void {
    const always = ALWAYS_ERROR_TEXT.test(text);
    if (!always && !ERROR_TEXT.test(text)) return;
    this.hit(`text "${text}"`, text, atMs, !always);
  }

  private hit(label: string, value: number | string, atMs: number, needsNumbers: boolean): void {
    const known = this.sentinels.get(label);
    if (known) known.count++;
    else this.sentinels.set(label, { label, value, count: 1, firstMs: atMs, needsNumbers });
  }

  private addNumber(value: number, atMs: number, live: boolean): void {
    const sentinel =
      (this.temperatureLike ? TEMPERATURE_ONLY.get(value) : undefined) ?? ANYWHERE.get(value);
    if (sentinel !== undefined) {
      this.hit(sentinel, value, atMs, false);
      return;
    }
    this.numbers++;
    this.min = Math.min(this.min, value);
    this.max = Math.max(this.max, value);
    if (!this.manyValues) {
      this.distinct.add(value);
      if (this.distinct.size > MAX_DISTINCT) this.manyValues = true;
    }
    this.judgeOutlier(value, atMs);
    this.ring.push(value);
    this.sinceBaseline++;
    if (
      this.ring.length >= BASELINE_MIN &&
      (!this.baseline || this.sinceBaseline >= BASELINE_MIN)
    ) {
      this.baseline = robustCentre(this.ring.toArray());
      this.sinceBaseline = 0;
    }
    if (live) this.addLive(value, atMs);
  }

  private judgeOutlier(value: number, atMs: number): void {
    if (!this.baseline) {
      if (this.early.length < BASELINE_MIN) this.early.push({ value, atMs });
      return;
    }
    if (!isOutlier(value, this.baseline)) return;
    this.outlierCount++;
    if (this.outliers.length < MAX_OUTLIER_CANDIDATES) this.outliers.push({ value, atMs });
  }

  private addLive(value: number, atMs: number): void {
    this.live++;
    if (this.last === undefined || value !== this.last) {
      if (this.last !== undefined) {
        this.changes++;
        if (value > this.last) this.ups++;
        else this.downs++;
      }
      this.last = value;
      this.run = 1;
      this.runStartMs = atMs;
    } else {
      this.run++;
    }
    if (Number.isInteger(value)) this.step(value);
    else this.lastInteger = undefined;
  }

  private step(value: number): void {
    const prev = this.lastInteger;
    this.lastInteger = value;
    if (prev === undefined) return;
    const s = this.sequence;
    const d = value - prev;
    s.steps++;
    if (d === 1) s.ones++;
    else if (d === 0) s.repeats++;
    else if (d > 1 && d <= MAX_SEQUENCE_STEP) {
      s.gaps++;
      s.missing += d - 1;
      s.largestGap = Math.max(s.largestGap, d - 1);
    } else if (d > MAX_SEQUENCE_STEP) s.jumps++;
    else if (value <= 1 || value < prev * 0.1) s.resets++;
    else s.reorders++;
  }
}
