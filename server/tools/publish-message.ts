// mqtt_publish_message: validated publish reporting the acknowledgement the broker actually sent.
import { z } from 'zod';
import { ToolError } from '../errors';
import { validateMqttString, validateTopicName } from '../mqtt/topics';
import { defineTool, DESTRUCTIVE_WRITE } from './kit/define-tool';
import { qosArg, sessionInput } from './kit/schemas';
import { assertPublishAllowed } from './kit/topic-access';
import { confirmRiskyPublish } from './kit/risky-publish';

const propertiesArg = z
  .strictObject({
    content_type: z.string().max(1024).optional(),
    response_topic: z.string().max(65_535).optional(),
    correlation_data: z.string().max(65_535).optional(),
    message_expiry_seconds: z.number().int().min(0).max(4_294_967_295).optional(),
    user_properties: z
      .record(
        z.string().max(1024),
        z.union([z.string().max(65_535), z.array(z.string().max(65_535))]),
      )
      .optional(),
  })
  .describe('MQTT 5 only');

function encodePayload(payload: string, encoding: 'text' | 'json' | 'base64'): Buffer {
  if (encoding === 'json') {
    try {
      return Buffer.from(JSON.stringify(JSON.parse(payload)), 'utf8');
    } catch (err) {
      throw new ToolError('INVALID_INPUT', `payload: not valid JSON (${(err as Error).message})`, {
        argument: 'payload',
      });
    }
  }
  if (encoding === 'base64') {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload.replace(/\s+/g, ''))) {
      throw new ToolError('INVALID_INPUT', 'payload: not valid base64', { argument: 'payload' });
    }
    return Buffer.from(payload, 'base64');
  }
  return Buffer.from(payload, 'utf8');
}

/** Publishes one message. */
export const publishMessage = defineTool({
  name: 'mqtt_publish_message',
  description:
    'Publish one message. Retained ones replace the stored value; command topics may move real devices.',
  kind: 'mutation',
  writes: true,
  annotations: DESTRUCTIVE_WRITE,
  input: sessionInput({
    topic: z.string().max(70_000),
    payload: z.string(),
    payload_encoding: z.enum(['text', 'json', 'base64']).default('text'),
    qos: qosArg,
    retain: z.boolean().default(false),
    properties: propertiesArg.optional(),
    timeout_seconds: z.number().min(1).max(120).default(30),
    confirm: z.string().optional().describe('Token for a retained or command-topic publish'),
  }),
  output: z.object({
    session_id: z.string(),
    topic: z.string(),
    size_bytes: z.number().int(),
    qos: z.number().int(),
    retain: z.boolean(),
    acknowledgement: z.object({
      type: z.enum(['none', 'PUBACK', 'PUBCOMP']),
      reason_code: z.number().int().optional(),
      reason: z.string().optional(),
      received_after_ms: z.number(),
    }),
    published_at: z.string(),
    note: z.string().optional(),
  }),
  async handler(args, ctx) {
    validateTopicName(args.topic);
    assertPublishAllowed(ctx.config, args.topic, 'topic');
    const bytes = encodePayload(args.payload, args.payload_encoding);
    const max = ctx.config.MQTT_MCP_MAX_PAYLOAD_BYTES;
    if (bytes.length > max) {
      throw new ToolError(
        'INVALID_INPUT',
        `payload: ${bytes.length} bytes is over the limit of ${max} bytes (MQTT_MCP_MAX_PAYLOAD_BYTES); nothing was sent`,
        { argument: 'payload' },
      );
    }
    const session = ctx.sessions.get(args.session_id);
    const p = args.properties;
    if (p && session.options.protocolVersion !== 5) {
      throw new ToolError(
        'INVALID_INPUT',
        'properties: MQTT 5 properties need a session opened with protocol_version 5',
        { argument: 'properties' },
      );
    }
    // Security fix (test/security/fuzz.int.test.ts): property strings are checked before any I/O
    // (a control character made Mosquitto drop the session, and the call ran into its timeout), and
    // empty user properties are left out (MQTT.js never sent such a publish: TIMEOUT after 30 s).
    if (p?.response_topic !== undefined) {
      validateTopicName(p.response_topic, 'properties.response_topic');
    }
    if (p?.content_type !== undefined) {
      validateMqttString(p.content_type, 'properties.content_type');
    }
    const userProperties = Object.entries(p?.user_properties ?? {}).filter(
      ([, v]) => !Array.isArray(v) || v.length > 0,
    );
    for (const [key, value] of userProperties) {
      validateMqttString(key, 'properties.user_properties');
      for (const v of [value].flat()) validateMqttString(v, `properties.user_properties.${key}`);
    }
    await confirmRiskyPublish(session, args, bytes, ctx.signal);
    const ack = await session.publish(
      args.topic,
      bytes,
      {
        qos: args.qos,
        retain: args.retain,
        properties: p && {
          contentType: p.content_type,
          responseTopic: p.response_topic,
          correlationData: p.correlation_data ? Buffer.from(p.correlation_data) : undefined,
          messageExpiryInterval: p.message_expiry_seconds,
          userProperties:
            userProperties.length > 0 ? Object.fromEntries(userProperties) : undefined,
        },
      },
      args.timeout_seconds * 1000,
    );
    return {
      session_id: session.id,
      topic: args.topic,
      size_bytes: bytes.length,
      qos: args.qos,
      retain: args.retain,
      acknowledgement: {
        type: ack.type,
        reason_code: ack.reasonCode,
        reason: ack.reason,
        received_after_ms: Math.round(ack.afterMs * 1000) / 1000,
      },
      published_at: new Date().toISOString(),
      note:
        args.qos === 0
          ? 'QoS 0 has no acknowledgement: the message was written to the connection'
          : undefined,
    };
  },
  summarize: (out) =>
    `${out.size_bytes} B to ${out.topic} (qos ${out.qos}, ${out.acknowledgement.type})`,
});
