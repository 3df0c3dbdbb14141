// Rolling summary of a topic's payload times against receive times: skew, order, replayed backlogs.
import { NumberRing } from './robust';

/** Latest skews kept per topic. */
const SKEW_RING = 48;
/** Messages this close together in arrival whose own times are further apart are a replay. */
export const REPLAY_ARRIVAL_MS = 250;
export const REPLAY_PAYLOAD_MS = 1000;

/** Payload time vs receive time of one topic (live messages only). */
export class TimeTrack {
  count = 0;
  /** receive time - payload time, latest values. */
  readonly skews = new NumberRing(SKEW_RING);
  minSkewMs = Infinity;
  maxSkewMs = -Infinity;
  /** Messages whose payload time is earlier than the one before. */
  backwards = 0;
  largestBackwardMs = 0;
  /** Messages that arrived right after the previous one but were made much earlier or later. */
  replayed = 0;
  /** Earliest and latest payload time among replayed messages. */
  replayFromMs = Infinity;
  replayToMs = -Infinity;
  private lastPayloadMs: number | undefined;
  private lastAtMs: number | undefined;

  add(atMs: number, payloadMs: number): void {
    this.count++;
    const skew = atMs - payloadMs;
    this.skews.push(skew);
    this.minSkewMs = Math.min(this.minSkewMs, skew);
    this.maxSkewMs = Math.max(this.maxSkewMs, skew);
    const prevPayload = this.lastPayloadMs;
    const prevAt = this.lastAtMs;
    this.lastPayloadMs = payloadMs;
    this.lastAtMs = atMs;
    if (prevPayload === undefined || prevAt === undefined) return;
    if (payloadMs < prevPayload) {
      this.backwards++;
      this.largestBackwardMs = Math.max(this.largestBackwardMs, prevPayload - payloadMs);
    }
    if (
      atMs - prevAt <= REPLAY_ARRIVAL_MS &&
      Math.abs(payloadMs - prevPayload) >= REPLAY_PAYLOAD_MS
    ) {
      this.replayed++;
      this.replayFromMs = Math.min(this.replayFromMs, payloadMs, prevPayload);
      this.replayToMs = Math.max(this.replayToMs, payloadMs, prevPayload);
    }
  }
}
