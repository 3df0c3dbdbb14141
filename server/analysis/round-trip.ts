// Round-trip bookkeeping for probe messages: sequence numbers, matching, summary (pure).
import { median, round, summarize } from './stats';

/** Round-trip figures of a series of probe messages, in ms; null figures without samples. */
export interface RoundTripReport {
  sent: number;
  samples: number;
  lost: number;
  duplicates: number;
  publish_errors: number;
  min_ms: number | null;
  mean_ms: number | null;
  p50_ms: number | null;
  median_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
}

/** The payload of a probe message: the run id, a sequence number and the send time (ISO). */
export function encodeProbePayload(runId: string, seq: number, sentAtMs: number): Buffer {
  return Buffer.from(
    JSON.stringify({ mqtt_mcp_probe: runId, seq, sent_at: new Date(sentAtMs).toISOString() }),
    'utf8',
  );
}

/** The sequence number of a probe payload of this run, or undefined for anything else. */
export function decodeProbeSeq(payload: Buffer, runId: string): number | undefined {
  if (payload.length > 512) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { mqtt_mcp_probe: id, seq } = value as { mqtt_mcp_probe?: unknown; seq?: unknown };
  return id === runId && Number.isSafeInteger(seq) && (seq as number) >= 0
    ? (seq as number)
    : undefined;
}

/**
 * Matches received probe messages to the ones sent, by sequence number, on a monotonic clock
 * given by the caller (performance.now()): the first arrival of a sequence is a sample, later
 * ones are duplicates; sequences never received are lost.
 */
export class RoundTripTracker {
  private nextSeq = 0;
  private readonly pending = new Map<number, number>();
  private readonly samplesMs: number[] = [];
  private duplicates = 0;
  private publishErrors = 0;

  /** Sequence numbers handed out so far. */
  get sent(): number {
    return this.nextSeq;
  }

  /** Samples received so far. */
  get received(): number {
    return this.samplesMs.length;
  }

  /** Registers a message about to be published at `atMs`; returns its sequence number. */
  send(atMs: number): number {
    const seq = this.nextSeq++;
    this.pending.set(seq, atMs);
    return seq;
  }

  /** Marks a message whose publish failed: it is counted as a publish error, not as lost. */
  fail(seq: number): void {
    if (this.pending.delete(seq)) this.publishErrors++;
  }

  /** Records the arrival of `seq` at `atMs`; returns the round trip in ms for a first arrival. */
  receive(seq: number, atMs: number): number | undefined {
    const sentAt = this.pending.get(seq);
    if (sentAt === undefined) {
      if (seq < this.nextSeq) this.duplicates++;
      return undefined;
    }
    this.pending.delete(seq);
    const rtt = Math.max(0, atMs - sentAt);
    this.samplesMs.push(rtt);
    return rtt;
  }

  /** The figures so far, times rounded to microseconds. */
  report(): RoundTripReport {
    const s = summarize(this.samplesMs);
    const ms = (v: number | undefined) => (v === undefined ? null : round(v, 3));
    return {
      sent: this.nextSeq,
      samples: this.samplesMs.length,
      lost: this.pending.size,
      duplicates: this.duplicates,
      publish_errors: this.publishErrors,
      min_ms: ms(s?.min),
      mean_ms: ms(s?.mean),
      p50_ms: ms(s?.p50),
      median_ms: s ? round(median(this.samplesMs), 3) : null,
      p95_ms: ms(s?.p95),
      p99_ms: ms(s?.p99),
      max_ms: ms(s?.max),
    };
  }
}

/**
 * How many probe messages are due at `elapsedMs` into a run at `ratePerSecond`, the first one
 * at once, given `sent` so far; at most `maxBurst` at a time so a stalled timer does not flood.
 */
export function probeMessagesDue(
  elapsedMs: number,
  ratePerSecond: number,
  sent: number,
  maxBurst: number,
): number {
  const due = Math.floor((Math.max(0, elapsedMs) * ratePerSecond) / 1000) + 1;
  return Math.max(0, Math.min(due - sent, maxBurst));
}
