// Pure analysis of one device's messages for mqtt_debug_device: topics, availability, heartbeat.
import { availabilityEvents, availabilityOf, type AvailabilityEvent } from './availability';
import { judgeDevice, type DeviceHealth } from './device-verdict';
import { inferHeartbeat, type Heartbeat } from './heartbeat';
import { cutText, receivedMs, type MessageRecord } from './message';
import { severityOf, type Severity } from './severity';
import { round } from './stats';
import { trackStateChanges, type StateChange } from './state-changes';

/** What a device published on one topic. */
export interface DeviceTopic {
  topic: string;
  message_count: number;
  /** The last payload; text (and base64) cut to 200 characters. */
  last_value: unknown;
  last_value_truncated?: true;
  last_payload_format: MessageRecord['payload_format'];
  last_seen: string;
  /** Whether the last message on the topic was retained. */
  retained: boolean;
}

/** A message flagged as an error or a warning. */
export type FlaggedMessage = MessageRecord & { severity: Severity };

/** Everything mqtt_debug_device reports about a device's messages. */
export interface DeviceAnalysis {
  message_count: number;
  live_message_count: number;
  retained_message_count: number;
  topics: DeviceTopic[];
  availability: AvailabilityEvent[];
  last_known_state: 'online' | 'offline' | 'unknown';
  heartbeat: Heartbeat;
  state_changes: StateChange[];
  state_changes_total: number;
  errors: FlaggedMessage[];
  error_count: number;
  warning_count: number;
  /** Live (non-retained) messages per minute over the window. */
  message_rate_per_minute: number;
  health: DeviceHealth;
}

/** Longest text shown as a topic's last value. */
export const MAX_LAST_VALUE_CHARS = 200;

/** Most flagged messages listed (errors before warnings, the latest of each). */
export const MAX_FLAGGED_LISTED = 20;

/** Most availability events listed (the latest ones). */
export const MAX_AVAILABILITY_LISTED = 50;

function topicSummaries(messages: MessageRecord[]): DeviceTopic[] {
  const byTopic = new Map<string, { count: number; last: MessageRecord }>();
  for (const m of messages) {
    const entry = byTopic.get(m.topic);
    byTopic.set(m.topic, { count: (entry?.count ?? 0) + 1, last: m });
  }
  return [...byTopic.keys()].sort().map((topic) => {
    const { count, last } = byTopic.get(topic) as { count: number; last: MessageRecord };
    const cut =
      typeof last.payload === 'string' ? cutText(last.payload, MAX_LAST_VALUE_CHARS) : undefined;
    return {
      topic,
      message_count: count,
      last_value: cut ? cut.text : last.payload,
      ...(cut?.cut || last.payload_truncated ? { last_value_truncated: true as const } : {}),
      last_payload_format: last.payload_format,
      last_seen: last.received_at,
      retained: last.retain,
    };
  });
}

function liveAfterLastAvailability(sorted: MessageRecord[]): number {
  let live = 0;
  for (let i = sorted.length - 1; i >= 0; i--) {
    const m = sorted[i] as MessageRecord;
    if (availabilityOf(m)) return live;
    if (!m.retain) live++;
  }
  return 0;
}

function flagged(messages: MessageRecord[]): {
  list: FlaggedMessage[];
  errors: number;
  warnings: number;
} {
  const all: FlaggedMessage[] = [];
  for (const m of messages) {
    const severity = severityOf(m.topic, m.payload, m.payload_format);
    if (severity) all.push({ ...m, severity });
  }
  const errors = all.filter((f) => f.severity === 'error');
  const warnings = all.filter((f) => f.severity === 'warning');
  const keptErrors = errors.slice(-MAX_FLAGGED_LISTED);
  const room = MAX_FLAGGED_LISTED - keptErrors.length;
  const keep = new Set([...keptErrors, ...(room > 0 ? warnings.slice(-room) : [])]);
  return { list: all.filter((f) => keep.has(f)), errors: errors.length, warnings: warnings.length };
}

/**
 * Analyses the messages of one device seen in a window (any order; sorted by arrival here):
 * per-topic last values, availability, heartbeat, state changes, errors, rate and a verdict.
 */
export function analyzeDevice(
  messages: MessageRecord[],
  window: { startMs: number; endMs: number },
): DeviceAnalysis {
  const sorted = messages
    .map((m, i) => ({ m, i, t: receivedMs(m) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.m);
  const live = sorted.filter((m) => !m.retain).length;
  const events = availabilityEvents(sorted);
  const lastEvent = events[events.length - 1];
  const heartbeat = inferHeartbeat(sorted, window.endMs);
  const changes = trackStateChanges(sorted);
  const flags = flagged(sorted);
  const topics = topicSummaries(sorted);
  const windowMs = Math.max(window.endMs - window.startMs, 1000);
  return {
    message_count: sorted.length,
    live_message_count: live,
    retained_message_count: sorted.length - live,
    topics,
    availability: events.slice(-MAX_AVAILABILITY_LISTED),
    last_known_state: lastEvent?.state ?? 'unknown',
    heartbeat,
    state_changes: changes.changes,
    state_changes_total: changes.total,
    errors: flags.list,
    error_count: flags.errors,
    warning_count: flags.warnings,
    message_rate_per_minute: round((live * 60_000) / windowMs, 2),
    health: judgeDevice({
      windowSeconds: round(windowMs / 1000, 1),
      liveCount: live,
      retainedCount: sorted.length - live,
      topicCount: topics.length,
      lastAvailability: lastEvent,
      liveAfterAvailability: liveAfterLastAvailability(sorted),
      errorCount: flags.errors,
      warningCount: flags.warnings,
      heartbeat,
    }),
  };
}
