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

/** What the observation of a received message reads (a session's InboundMessage has it). */
export interface ReceivedMessage {
  topic: string;
  receivedAtMs: number;
  retain: boolean;
  decoded: {
    payload_format: PayloadFormat;
    payload: unknown;
    payload_truncated?: boolean;
    size_bytes: number;
  };
}

/** The observation of a received message (its payload decoded once, shared with other listeners). */
export function observationOfMessage(
  message: ReceivedMessage,
  retain = message.retain,
): Observation {
  const d = message.decoded;
  return {
    topic: message.topic,
    atMs: message.receivedAtMs,
    retain,
    format: d.payload_format,
    payload: d.payload,
    ...(d.payload_truncated ? { truncated: true } : {}),
    sizeBytes: d.size_bytes,
  };
}
