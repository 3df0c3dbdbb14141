// Shared thresholds of the availability detectors: when a topic is flapping or shows a takeover.
import type { AvailabilityTrack } from '../availability-track';

/** Offline/online pairs in the same instant that make a client-id takeover. */
export const MIN_TAKEOVER_PAIRS = 2;
/** Transitions (drops and recoveries) that make a connection intermittent. */
export const MIN_FLAP_TRANSITIONS = 3;

/** Whether the topic shows a client-id takeover (offline and online at once, repeatedly). */
export function isTakeover(a: AvailabilityTrack): boolean {
  return a.sameInstant >= MIN_TAKEOVER_PAIRS;
}

/** Whether the topic flaps between offline and online (and is not a takeover). */
export function isFlapping(a: AvailabilityTrack): boolean {
  return !isTakeover(a) && a.transitions >= MIN_FLAP_TRANSITIONS;
}
