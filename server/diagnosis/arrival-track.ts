// Rolling summary of when live messages arrive on a topic, for heartbeat inference (bursts merged).
import { NumberRing } from './robust';

/** Messages this close to the previous one belong to the same burst (one beat). */
export const BURST_MS = 30;
/** Latest beats kept per topic. */
const BEAT_RING = 128;
/** Longest intervals kept regardless of age (so an early gap is not forgotten). */
const LONGEST_KEPT = 6;

/** An interval between two beats: its start and length. */
export interface Interval {
  fromMs: number;
  ms: number;
}

/** Beats (bursts of live messages) of one topic and the intervals between them. */
export class ArrivalTrack {
  beats = 0;
  lastMs = 0;
  /** Times of the latest beats (a burst counts at its first message). */
  readonly times = new NumberRing(BEAT_RING);
  /** The longest intervals seen, longest first. */
  readonly longest: Interval[] = [];
  private burstEndMs = 0;

  add(atMs: number): void {
    if (this.beats > 0 && atMs - this.burstEndMs < BURST_MS) {
      this.burstEndMs = atMs;
      return;
    }
    if (this.beats > 0) this.keepIfLong({ fromMs: this.lastMs, ms: atMs - this.lastMs });
    this.beats++;
    this.lastMs = atMs;
    this.burstEndMs = atMs;
    this.times.push(atMs);
  }

  /** Intervals between the kept beats, oldest first, plus longer ones from before them. */
  intervals(): Interval[] {
    const times = this.times.toArray();
    const recent = times
      .slice(1)
      .map((t, i) => ({ fromMs: times[i] as number, ms: t - (times[i] as number) }));
    const older = this.longest.filter((g) => g.fromMs < (times[0] ?? 0));
    return [...older, ...recent];
  }

  private keepIfLong(interval: Interval): void {
    const longest = this.longest;
    if (longest.length === LONGEST_KEPT && interval.ms <= (longest.at(-1)?.ms ?? 0)) return;
    longest.push(interval);
    longest.sort((a, b) => b.ms - a.ms);
    if (longest.length > LONGEST_KEPT) longest.pop();
  }
}
