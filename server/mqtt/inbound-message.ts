// One received MQTT message as the session hands it to listeners, decoded at most once.
import type { IPublishPacket } from 'mqtt';
import { decodePayload, sniffFormat, type DecodedPayload, type PayloadFormat } from './payload';

/** A received message; `decoded` is computed on first access and shared by all listeners. */
export class InboundMessage {
  private cached?: DecodedPayload;
  private sniffed?: PayloadFormat;

  constructor(
    readonly topic: string,
    readonly payload: Buffer,
    readonly qos: 0 | 1 | 2,
    readonly retain: boolean,
    readonly receivedAtMs: number,
    readonly previewBytes: number,
    readonly packetProperties?: IPublishPacket['properties'],
  ) {}

  /** The payload decoded as JSON, text or base64, cut at `previewBytes`. */
  get decoded(): DecodedPayload {
    this.cached ??= decodePayload(this.payload, this.previewBytes);
    return this.cached;
  }

  /** The payload's format judged without decoding it (sniffFormat), computed once per message. */
  get format(): PayloadFormat {
    this.sniffed ??= sniffFormat(this.payload);
    return this.sniffed;
  }

  /** MQTT 5 properties in snake_case, or undefined when there are none (subscription ids are internal). */
  get properties(): Record<string, unknown> | undefined {
    const p = this.packetProperties;
    if (!p) return undefined;
    const out: Record<string, unknown> = {};
    if (p.contentType !== undefined) out.content_type = p.contentType;
    if (p.payloadFormatIndicator !== undefined)
      out.payload_format_indicator = p.payloadFormatIndicator;
    if (p.messageExpiryInterval !== undefined) out.message_expiry_seconds = p.messageExpiryInterval;
    if (p.responseTopic !== undefined) out.response_topic = p.responseTopic;
    if (p.correlationData !== undefined) {
      out.correlation_data = Buffer.from(p.correlationData).toString('base64');
    }
    if (p.userProperties !== undefined) out.user_properties = p.userProperties;
    return Object.keys(out).length > 0 ? out : undefined;
  }

  /** The message record shared by the collecting tools. */
  toRecord(): MessageRecordShape {
    const d = this.decoded;
    const properties = this.properties;
    return {
      topic: this.topic,
      received_at: new Date(this.receivedAtMs).toISOString(),
      qos: this.qos,
      retain: this.retain,
      size_bytes: d.size_bytes,
      payload_format: d.payload_format,
      payload: d.payload,
      ...(d.payload_truncated ? { payload_truncated: true as const } : {}),
      ...(properties ? { properties } : {}),
    };
  }
}

/** Plain shape of a message record (the zod schema lives with the tools). */
export interface MessageRecordShape {
  topic: string;
  received_at: string;
  qos: 0 | 1 | 2;
  retain: boolean;
  size_bytes: number;
  payload_format: DecodedPayload['payload_format'];
  payload: unknown;
  payload_truncated?: true;
  properties?: Record<string, unknown>;
}
