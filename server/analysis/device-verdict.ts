// The health verdict of a device with the plain-English reasons behind it (pure).
import { plural } from './plural';
import type { AvailabilityEvent } from './availability';
import type { Heartbeat } from './heartbeat';

/**
 * Overall health of a device over the watched window; `intermittent` (it keeps dropping off and
 * coming back, or two clients share its id) is drawn from findings, never by judgeDevice.
 */
export type HealthVerdict = 'healthy' | 'degraded' | 'intermittent' | 'offline' | 'silent';

/** A verdict and the reasons for it (always at least one). */
export interface DeviceHealth {
  verdict: HealthVerdict;
  reasons: string[];
}

/** The facts a verdict is drawn from. */
export interface VerdictInput {
  windowSeconds: number;
  liveCount: number;
  retainedCount: number;
  topicCount: number;
  lastAvailability: AvailabilityEvent | undefined;
  /** Live messages that arrived after the last availability message. */
  liveAfterAvailability: number;
  errorCount: number;
  warningCount: number;
  heartbeat: Heartbeat;
}

function problems(input: VerdictInput): string[] {
  const reasons: string[] = [];
  const { heartbeat: hb } = input;
  if (input.errorCount > 0 || input.warningCount > 0) {
    reasons.push(
      `${plural(input.errorCount, 'error message')} and ${plural(input.warningCount, 'warning message')} arrived`,
    );
  }
  const last = input.lastAvailability;
  if (last?.state === 'offline' && input.liveAfterAvailability > 0) {
    reasons.push(
      `${last.topic} says offline (${last.retained ? 'retained' : 'live'}) but ${plural(input.liveAfterAvailability, 'live message')} arrived after it; the availability topic may be stale`,
    );
  }
  if (hb.gap_count > 0) {
    const longest = Math.max(...hb.gaps.map((g) => g.seconds));
    reasons.push(
      `${plural(hb.gap_count, 'gap')} in the heartbeat on ${hb.topic} (usually every ${hb.interval_seconds} s; longest listed gap ${longest} s)`,
    );
  }
  if (hb.overdue) {
    reasons.push(
      `nothing on ${hb.topic} for the last ${hb.seconds_since_last} s although it usually arrives every ${hb.interval_seconds} s`,
    );
  }
  return reasons;
}

/**
 * silent: no message, or only retained ones; offline: the last availability message said offline
 * and nothing live followed it; degraded: errors or warnings, heartbeat gaps, an overdue
 * heartbeat, or live traffic after an offline message; else healthy.
 */
export function judgeDevice(input: VerdictInput): DeviceHealth {
  const windowText = `the ${input.windowSeconds} s window`;
  const last = input.lastAvailability;
  if (input.liveCount + input.retainedCount === 0) {
    return { verdict: 'silent', reasons: [`no message from the device arrived in ${windowText}`] };
  }
  if (last?.state === 'offline' && input.liveAfterAvailability === 0) {
    const how = last.retained ? 'retained, as a Last Will usually is' : 'published live';
    return {
      verdict: 'offline',
      reasons: [
        `the last availability message on ${last.topic} at ${last.at} (${how}) says offline`,
        ...problems(input),
      ],
    };
  }
  if (input.liveCount === 0) {
    return {
      verdict: 'silent',
      reasons: [
        `only ${plural(input.retainedCount, 'retained message')} (stored earlier by the broker) arrived; the device itself published nothing in ${windowText}`,
      ],
    };
  }
  const issues = problems(input);
  if (issues.length > 0) return { verdict: 'degraded', reasons: issues };
  const reasons = [
    `${plural(input.liveCount, 'live message')} on ${plural(input.topicCount, 'topic')} in ${windowText}, none of them an error or warning`,
  ];
  if (input.heartbeat.topic !== null) {
    reasons.push(
      `regular heartbeat on ${input.heartbeat.topic} every ${input.heartbeat.interval_seconds} s with no gaps`,
    );
  }
  if (last?.state === 'online') {
    reasons.push(`the last availability message on ${last.topic} says online`);
  }
  return { verdict: 'healthy', reasons };
}
