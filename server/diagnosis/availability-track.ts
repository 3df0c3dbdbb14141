// Rolling summary of one availability (online/offline, Last Will) topic: transitions and how fast they flip.
import type { AvailabilityState } from '../analysis/availability';

/** An offline and an online message this close together are one instant (a client-id takeover). */
export const SAME_INSTANT_MS = 150;
/** Events kept per topic (the latest). */
const MAX_EVENTS = 32;

/** One online/offline message. */
export interface AvailabilityMark {
  atMs: number;
  state: AvailabilityState;
  retained: boolean;
  /** The time the payload itself gives, when it has one. */
  payloadMs?: number;
}

/** Transitions of one availability topic over the window. */
export class AvailabilityTrack {
  readonly events: AvailabilityMark[] = [];
  first: AvailabilityMark | undefined;
  last: AvailabilityMark | undefined;
  /** online -> offline and offline -> online transitions further apart than SAME_INSTANT_MS. */
  drops = 0;
  recoveries = 0;
  /** Transitions within SAME_INSTANT_MS of the opposite state (offline and online at once). */
  sameInstant = 0;
  /** Total and longest time offline over completed (non-instant) offline spells. */
  offlineMs = 0;
  longestOfflineMs = 0;
  /** Live offline messages (a retained replay is not a drop seen in the window). */
  liveOffline = 0;

  add(mark: AvailabilityMark): void {
    const prev = this.last;
    this.first ??= mark;
    this.last = mark;
    this.events.push(mark);
    if (this.events.length > MAX_EVENTS) this.events.shift();
    if (mark.state === 'offline' && !mark.retained) this.liveOffline++;
    if (!prev || prev.state === mark.state) return;
    const apart = mark.atMs - prev.atMs;
    if (apart <= SAME_INSTANT_MS && !prev.retained) {
      this.sameInstant++;
      return;
    }
    if (mark.state === 'offline') this.drops++;
    else {
      this.recoveries++;
      this.offlineMs += apart;
      this.longestOfflineMs = Math.max(this.longestOfflineMs, apart);
    }
  }

  /** Transitions that are not same-instant pairs. */
  get transitions(): number {
    return this.drops + this.recoveries;
  }
}
