// One observed message as the findings engine consumes it (a lighter message record).
import { receivedMs, type MessageRecord, type PayloadFormat } from '../analysis/message';

/** A received message: topic, receive time, retained flag and decoded payload. */
export interface Observation {
  topic: string;
  /** Receive time in milliseconds since the epoch. */
  atMs: number;
  /** True for a retained value the broker replayed (state stored before the window). */
  retain: boolean;
  format: PayloadFormat;
  /** Parsed JSON value, text, or base64 for binary payloads. */
  payload: unknown;
  /** True when only a prefix of the payload was decoded. */
  truncated?: boolean;
  sizeBytes: number;
}

/** The observation of a message record. */
export function observationOf(record: MessageRecord): Observation {
  return {
    topic: record.topic,
    atMs: receivedMs(record),
    retain: record.retain,
    format: record.payload_format,
    payload: record.payload,
    ...(record.payload_truncated ? { truncated: true } : {}),
    sizeBytes: record.size_bytes,
  };
}
