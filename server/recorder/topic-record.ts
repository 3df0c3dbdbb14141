// What the recorder holds of one topic: persisted state, the open minute, numeric fields, last raw messages.
import type {
  CountDelta,
  FieldDelta,
  FieldStats,
  RawMessageInput,
  TopicState,
} from '../store/record/types';

/** Weight of a new gap in the moving average of a topic's interval. */
const INTERVAL_WEIGHT = 0.2;

/** A numeric field: its open minute's statistics and the run of identical values it is in. */
export interface FieldTrack extends FieldStats {
  minute: number;
  /** Last value seen (across minutes). */
  value: number;
  /** Identical values in a row, this one included. */
  repeats: number;
  /** When the current value was first seen. */
  sinceMs: number;
  /** How often the value changed since recording began. */
  changes: number;
  frozen: boolean;
}

/** One recorded topic. */
export class TopicRecord {
  /** Messages of the open minute. */
  private minute = -1;
  private messages = 0;
  private bytes = 0;
  /** Live messages seen by this recorder (an interval needs a few). */
  live = 0;
  readonly fields = new Map<string, FieldTrack>();
  /** Raw messages since the last batch, the newest `messagesPerTopic` of them. */
  raw: RawMessageInput[] = [];
  /** Changed since the last batch. */
  dirty = false;

  constructor(readonly state: TopicState) {}

  /** Counts one message in its minute; a finished minute is handed to `out`. */
  count(minute: number, size: number, out: CountDelta[]): void {
    if (minute !== this.minute) {
      this.closeMinute(out);
      this.minute = minute;
    }
    this.messages++;
    this.bytes += size;
  }

  /** Updates the interval estimate and last-seen time with a message at `atMs`. */
  seen(atMs: number): void {
    const gap = atMs - this.state.lastMs;
    if (this.live > 0 && gap >= 0) {
      const avg = this.state.intervalMs;
      this.state.intervalMs = avg === null ? gap : avg + (gap - avg) * INTERVAL_WEIGHT;
    }
    this.live++;
    this.state.lastMs = Math.max(this.state.lastMs, atMs);
    this.dirty = true;
  }

  /** The open minute's count, if any, handed to `out` and reset. */
  closeMinute(out: CountDelta[]): void {
    if (this.messages > 0) {
      out.push({
        topic: this.state.topic,
        minute: this.minute,
        messages: this.messages,
        bytes: this.bytes,
      });
    }
    this.messages = 0;
    this.bytes = 0;
  }

  /** Adds a value to a field's open minute (a finished minute goes to `out`); returns the track. */
  addValue(
    field: string,
    minute: number,
    value: number,
    atMs: number,
    out: FieldDelta[],
  ): FieldTrack {
    let f = this.fields.get(field);
    if (!f) {
      f = {
        minute,
        n: 0,
        min: value,
        max: value,
        sum: 0,
        last: value,
        value,
        repeats: 0,
        sinceMs: atMs,
        changes: 0,
        frozen: false,
      };
      this.fields.set(field, f);
    } else if (f.minute !== minute) {
      this.closeField(field, f, out);
      f.minute = minute;
    }
    if (f.n === 0) {
      f.min = value;
      f.max = value;
    } else {
      if (value < f.min) f.min = value;
      if (value > f.max) f.max = value;
    }
    f.n++;
    f.sum += value;
    f.last = value;
    return f;
  }

  /** Every field's open minute handed to `out` and reset. */
  closeFields(out: FieldDelta[]): void {
    for (const [name, f] of this.fields) this.closeField(name, f, out);
  }

  private closeField(name: string, f: FieldTrack, out: FieldDelta[]): void {
    if (f.n === 0) return;
    out.push({
      topic: this.state.topic,
      field: name,
      minute: f.minute,
      n: f.n,
      min: f.min,
      max: f.max,
      sum: f.sum,
      last: f.last,
    });
    f.n = 0;
    f.sum = 0;
  }
}
