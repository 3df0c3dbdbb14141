// Builders of message records for the analysis unit tests.
import type { MessageRecord } from './message';

/** Start of the test timeline: 2024-05-01T12:00:00.000Z. */
export const T0 = Date.parse('2024-05-01T12:00:00.000Z');

/** A message record whose payload format is derived from the payload unless given. */
export function msg(
  topic: string,
  payload: unknown,
  atMs: number = T0,
  extra: Partial<MessageRecord> = {},
): MessageRecord {
  const format = typeof payload === 'string' ? 'text' : 'json';
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return {
    topic,
    received_at: new Date(atMs).toISOString(),
    qos: 0,
    retain: false,
    size_bytes: Buffer.byteLength(text ?? ''),
    payload_format: format,
    payload,
    ...extra,
  };
}
