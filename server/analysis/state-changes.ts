// Tracks how a device's values change from one message to the next on each topic (pure).
import { cutText, isJsonObject, type MessageRecord } from './message';

/** One value that changed between consecutive messages of a topic. */
export interface StateChange {
  at: string;
  topic: string;
  /** The top-level JSON field that changed, or null when the whole payload changed. */
  field: string | null;
  /** The earlier value; null also stands for a field that was absent. */
  from: unknown;
  /** The later value; null also stands for a field that was removed. */
  to: unknown;
}

/** Most state changes listed. */
export const MAX_STATE_CHANGES = 50;

/** Longest string value shown in a state change. */
export const MAX_VALUE_CHARS = 200;

/*
 * Fields that change with every message without saying anything about the device's state
 * (timestamps, sequence numbers, uptime, signal strength) are not tracked.
 */
const VOLATILE_FIELD =
  /^(ts|time|timestamp|datetime|date|uptime|seq|sequence|counter|rssi|linkquality|last_seen)$|(_at|_time|_ts)$/i;

function shown(value: unknown): unknown {
  if (value === undefined) return null;
  return typeof value === 'string' ? cutText(value, MAX_VALUE_CHARS).text : value;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function changesBetween(prev: MessageRecord, next: MessageRecord): StateChange[] {
  const base = { at: next.received_at, topic: next.topic };
  const a = prev.payload;
  const b = next.payload;
  if (
    prev.payload_format === 'json' &&
    next.payload_format === 'json' &&
    isJsonObject(a) &&
    isJsonObject(b)
  ) {
    const fields = new Set([...Object.keys(a), ...Object.keys(b)]);
    const out: StateChange[] = [];
    for (const field of fields) {
      if (VOLATILE_FIELD.test(field) || same(a[field], b[field])) continue;
      out.push({ ...base, field, from: shown(a[field]), to: shown(b[field]) });
    }
    return out;
  }
  if (prev.payload_format === next.payload_format && same(a, b)) return [];
  return [{ ...base, field: null, from: shown(a), to: shown(b) }];
}

function isMeasurement(change: StateChange): boolean {
  return typeof change.from === 'number' && typeof change.to === 'number';
}

/**
 * Changes between consecutive messages of each topic (messages in arrival order). At most
 * MAX_STATE_CHANGES are listed, in arrival order: the latest non-numeric changes (states such as
 * ON/OFF) first, then the latest number-to-number changes (measurements) in the room left.
 */
export function trackStateChanges(messages: MessageRecord[]): {
  changes: StateChange[];
  total: number;
} {
  const previous = new Map<string, MessageRecord>();
  const all: StateChange[] = [];
  for (const m of messages) {
    const prev = previous.get(m.topic);
    if (prev) all.push(...changesBetween(prev, m));
    previous.set(m.topic, m);
  }
  const states = all.filter((c) => !isMeasurement(c)).slice(-MAX_STATE_CHANGES);
  const room = MAX_STATE_CHANGES - states.length;
  const measurements = room > 0 ? all.filter(isMeasurement).slice(-room) : [];
  const keep = new Set([...states, ...measurements]);
  return { changes: all.filter((c) => keep.has(c)), total: all.length };
}
