// Reads every retained message under a pattern (a short subscription) and describes it: size, age, flags.
import { isCommandTopic } from '../../analysis/command-topics';
import { DEFAULT_STALE_AFTER_MS } from '../../diagnosis/window';
import { payloadTimeMs } from '../../diagnosis/payload-fields';
import type { InboundMessage } from '../../mqtt/inbound-message';
import { readRetainedUnder } from '../../mqtt/retained-read';
import type { Session } from '../../mqtt/session';
import { validateTopicFilter } from '../../mqtt/topics';
import type { SavedRetained } from '../../store/undo';
import { digest } from '../kit/confirm-token';

/** Retained messages read per call at most. */
export const MAX_RETAINED = 1000;
/** Default time to wait for the broker's retained replay. */
export const DEFAULT_WAIT_MS = 1000;

/** Retained messages under `pattern` (validated), at most MAX_RETAINED, sorted by topic. */
export async function scanRetained(
  session: Session,
  pattern: string,
  waitMs: number,
  signal?: AbortSignal,
): Promise<{ messages: InboundMessage[]; truncated: boolean }> {
  validateTopicFilter(pattern);
  return readRetainedUnder(session, pattern, waitMs, { max: MAX_RETAINED, signal });
}

/** The message as the undo log keeps it (payload, QoS, MQTT 5 publish properties). */
export function savedOf(message: InboundMessage): SavedRetained {
  const p = message.packetProperties;
  const properties = p && {
    contentType: p.contentType,
    payloadFormatIndicator: p.payloadFormatIndicator,
    messageExpiryInterval: p.messageExpiryInterval,
    responseTopic: p.responseTopic,
    correlationData: p.correlationData ? Buffer.from(p.correlationData) : undefined,
    userProperties: p.userProperties,
  };
  const kept =
    properties && Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== undefined));
  return {
    topic: message.topic,
    payload: Buffer.from(message.payload),
    qos: message.qos,
    properties: kept && Object.keys(kept).length > 0 ? kept : undefined,
  };
}

/** The confirmation subject of a set of retained messages: topics and payload digests. */
export function retainedSubject(
  kind: string,
  sessionId: string,
  messages: InboundMessage[],
): string {
  const lines = messages.map((m) => `${m.topic}\t${digest(m.payload)}`);
  return [kind, sessionId, ...lines].join('\n');
}

const PREVIEW_CHARS = 80;

/** A payload as text (JSON and text as text, binary as base64), cut at `maxChars`. */
export function valueText(message: InboundMessage, maxChars = PREVIEW_CHARS): string {
  const d = message.decoded;
  const text = typeof d.payload === 'string' ? d.payload : JSON.stringify(d.payload);
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}

/** Size, age by the payload's own time field, and the findings engine's command/stale flags. */
export function describeRetained(message: InboundMessage, nowMs = Date.now()) {
  const madeMs = payloadTimeMs(message.decoded.payload);
  const ageMs = madeMs === undefined ? undefined : Math.max(0, nowMs - madeMs);
  const command = isCommandTopic(message.topic);
  return {
    topic: message.topic,
    size_bytes: message.payload.length,
    qos: message.qos,
    value: valueText(message),
    age_seconds: ageMs === undefined ? undefined : Math.round(ageMs / 1000),
    command_topic: command || undefined,
    stale: (!command && ageMs !== undefined && ageMs >= DEFAULT_STALE_AFTER_MS) || undefined,
  };
}

/** Retained messages a default result lists; the rest are counted (issue 13: results stay small). */
export const RETAINED_LISTED = 40;

/**
 * The entries a result lists: flagged ones (command topic, stale) first, then by topic, at most
 * `max`; `not_listed` counts the rest.
 */
export function listedRetained(
  messages: readonly InboundMessage[],
  max: number = RETAINED_LISTED,
  describe: (m: InboundMessage) => ReturnType<typeof describeRetained> = (m) => describeRetained(m),
): { retained: ReturnType<typeof describeRetained>[]; not_listed: number } {
  const entries = messages.map(describe);
  const flagged = (e: (typeof entries)[number]) => (e.command_topic || e.stale ? 0 : 1);
  entries.sort((a, b) => flagged(a) - flagged(b) || a.topic.localeCompare(b.topic));
  return { retained: entries.slice(0, max), not_listed: Math.max(0, entries.length - max) };
}
