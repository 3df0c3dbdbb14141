// Recognises online/offline (availability, Last Will) messages of a device (pure).
import { isJsonObject, type MessageRecord } from './message';

/** Whether a device said it is reachable. */
export type AvailabilityState = 'online' | 'offline';

/** One online/offline message. */
export interface AvailabilityEvent {
  at: string;
  topic: string;
  state: AvailabilityState;
  retained: boolean;
}

/*
 * Rules:
 * - An availability topic is one whose last level (lowercase, a leading `$` removed, as in Homie's
 *   `$state`) ends in status, state, availability, online, connected, lwt or will.
 * - On such a topic a text or JSON-string payload of online/connected/available/ready/alive means
 *   online and offline/disconnected/unavailable/lost/dead means offline (case-insensitive).
 * - When the last level is exactly online, connected, available, availability or alive, the values
 *   true/false and 1/0 (JSON or text) mean online/offline.
 * - On any topic, a JSON object with a state/status/availability/connection field holding
 *   online/offline/connected/disconnected, or an online/connected field holding a boolean, counts.
 */
const AVAILABILITY_LEVEL = /(status|state|availability|online|connected|lwt|will)$/;
const BOOLEAN_LEVELS = new Set(['online', 'connected', 'available', 'availability', 'alive']);
const ONLINE_WORDS = new Set(['online', 'connected', 'available', 'ready', 'alive']);
const OFFLINE_WORDS = new Set(['offline', 'disconnected', 'unavailable', 'lost', 'dead']);
const OBJECT_WORDS: Record<string, AvailabilityState> = {
  online: 'online',
  connected: 'online',
  offline: 'offline',
  disconnected: 'offline',
};
const OBJECT_STATE_FIELDS = new Set(['state', 'status', 'availability', 'connection']);
const OBJECT_BOOLEAN_FIELDS = new Set(['online', 'connected']);

function lastLevel(topic: string): string {
  const level = topic.slice(topic.lastIndexOf('/') + 1).toLowerCase();
  return level.startsWith('$') ? level.slice(1) : level;
}

function fromWord(word: string, booleans: boolean): AvailabilityState | undefined {
  const w = word.trim().toLowerCase();
  if (ONLINE_WORDS.has(w) || (booleans && (w === 'true' || w === '1'))) return 'online';
  if (OFFLINE_WORDS.has(w) || (booleans && (w === 'false' || w === '0'))) return 'offline';
  return undefined;
}

function fromObject(obj: Record<string, unknown>): AvailabilityState | undefined {
  for (const [key, value] of Object.entries(obj)) {
    const name = key.toLowerCase();
    if (OBJECT_STATE_FIELDS.has(name) && typeof value === 'string') {
      const state = OBJECT_WORDS[value.trim().toLowerCase()];
      if (state) return state;
    }
    if (OBJECT_BOOLEAN_FIELDS.has(name) && typeof value === 'boolean') {
      return value ? 'online' : 'offline';
    }
  }
  return undefined;
}

/**
 * Whether a text (non-JSON) payload on this topic can announce availability at all, so a hot path
 * can skip decoding the others: only availability-named levels carry plain online/offline words.
 */
export function textMayAnnounceAvailability(topic: string): boolean {
  return AVAILABILITY_LEVEL.test(lastLevel(topic));
}

/** The online/offline state a message announces, or undefined when it announces none. */
export function availabilityOf(
  m: Pick<MessageRecord, 'topic' | 'payload_format' | 'payload'>,
): AvailabilityState | undefined {
  if (m.payload_format === 'binary') return undefined;
  const { payload } = m;
  if (m.payload_format === 'json' && isJsonObject(payload)) return fromObject(payload);
  const level = lastLevel(m.topic);
  if (!AVAILABILITY_LEVEL.test(level)) return undefined;
  const booleans = BOOLEAN_LEVELS.has(level);
  if (typeof payload === 'string') return fromWord(payload, booleans);
  if (booleans && (typeof payload === 'boolean' || payload === 0 || payload === 1)) {
    return payload === true || payload === 1 ? 'online' : 'offline';
  }
  return undefined;
}

/** The availability events among messages, in the order given. */
export function availabilityEvents(messages: MessageRecord[]): AvailabilityEvent[] {
  const events: AvailabilityEvent[] = [];
  for (const m of messages) {
    const state = availabilityOf(m);
    if (state) events.push({ at: m.received_at, topic: m.topic, state, retained: m.retain });
  }
  return events;
}
