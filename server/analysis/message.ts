// The message record shared by collect, schema and debug, with small pure helpers.

/** How a payload was understood: parsed JSON, UTF-8 text, or base64 of binary bytes. */
export type PayloadFormat = 'json' | 'text' | 'binary';

/** One received MQTT message as the tools return it. */
export interface MessageRecord {
  topic: string;
  /** ISO 8601 UTC timestamp with `Z`. */
  received_at: string;
  qos: 0 | 1 | 2;
  retain: boolean;
  size_bytes: number;
  payload_format: PayloadFormat;
  /** Parsed JSON value, text, or a base64 string for binary payloads. */
  payload: unknown;
  payload_truncated?: true;
  /** MQTT 5 properties when present. */
  properties?: Record<string, unknown>;
}

/** Milliseconds since the epoch at which a record was received. */
export function receivedMs(m: MessageRecord): number {
  return Date.parse(m.received_at);
}

/** ISO 8601 UTC text (with `Z`) for a time in milliseconds since the epoch. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/** Whether a value is a plain JSON object (not null and not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Cuts a string to at most `max` characters, reporting whether it was cut. */
export function cutText(text: string, max: number): { text: string; cut: boolean } {
  return text.length > max ? { text: text.slice(0, max), cut: true } : { text, cut: false };
}
