// Infers a device's heartbeat interval, its jitter, gaps and whether it is overdue (pure).
import { isoAt, receivedMs, type MessageRecord } from './message';
import { median, round } from './stats';

/** A silence between two messages much longer than the usual interval. */
export interface Gap {
  from: string;
  to: string;
  seconds: number;
}

/** The heartbeat inferred from the busiest topic of a device. */
export interface Heartbeat {
  /** The topic the heartbeat was inferred from, or null when no topic had 3 live messages. */
  topic: string | null;
  interval_seconds: number | null;
  /** Median absolute deviation of the intervals from their median. */
  jitter_seconds: number | null;
  gaps: Gap[];
  /** Gaps found, including any not listed. */
  gap_count: number;
  overdue: boolean;
  /** Seconds from the topic's last message to the end of the window, or null. */
  seconds_since_last: number | null;
}

/** An interval longer than this many times the median is a gap; a silence this long is overdue. */
export const GAP_FACTOR = 2.5;

/** Most gaps listed (the earliest ones). */
export const MAX_GAPS_LISTED = 20;

const NO_HEARTBEAT: Heartbeat = {
  topic: null,
  interval_seconds: null,
  jitter_seconds: null,
  gaps: [],
  gap_count: 0,
  overdue: false,
  seconds_since_last: null,
};

function busiestTopic(messages: MessageRecord[]): { topic: string; times: number[] } | undefined {
  const times = new Map<string, number[]>();
  for (const m of messages) {
    if (m.retain) continue;
    const list = times.get(m.topic);
    if (list) list.push(receivedMs(m));
    else times.set(m.topic, [receivedMs(m)]);
  }
  let best: { topic: string; times: number[] } | undefined;
  for (const [topic, list] of times) {
    if (list.length < 3) continue;
    if (
      !best ||
      list.length > best.times.length ||
      (list.length === best.times.length && topic < best.topic)
    ) {
      best = { topic, times: list };
    }
  }
  return best;
}

/**
 * Heartbeat from the topic with the most live (non-retained) messages, at least 3: the median
 * interval, its jitter, intervals over 2.5 × the median as gaps, and overdue when the time from
 * the last message to `endMs` exceeds 2.5 × the median. Retained messages are replays, not beats.
 */
export function inferHeartbeat(messages: MessageRecord[], endMs: number): Heartbeat {
  const busiest = busiestTopic(messages);
  if (!busiest) return { ...NO_HEARTBEAT, gaps: [] };
  const times = [...busiest.times].sort((a, b) => a - b);
  const intervals = times.slice(1).map((t, i) => t - (times[i] as number));
  const interval = median(intervals);
  const jitter = median(intervals.map((d) => Math.abs(d - interval)));
  const gaps: Gap[] = [];
  if (interval > 0) {
    intervals.forEach((d, i) => {
      if (d > GAP_FACTOR * interval) {
        const from = times[i] as number;
        gaps.push({ from: isoAt(from), to: isoAt(from + d), seconds: round(d / 1000, 3) });
      }
    });
  }
  const sinceLast = Math.max(endMs - (times[times.length - 1] as number), 0);
  return {
    topic: busiest.topic,
    interval_seconds: round(interval / 1000, 3),
    jitter_seconds: round(jitter / 1000, 3),
    gaps: gaps.slice(0, MAX_GAPS_LISTED),
    gap_count: gaps.length,
    overdue: interval > 0 && sinceLast > GAP_FACTOR * interval,
    seconds_since_last: round(sinceLast / 1000, 3),
  };
}
