// The output schema of mqtt_test_connection: connection timings, authentication, loopback, broker info.
import { z } from 'zod';

const levelSchema = z.object({
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  sent: z.number().int(),
  received: z.number().int(),
  lost: z.number().int(),
  publish_errors: z.number().int(),
  min_ms: z.number().nullable(),
  median_ms: z.number().nullable(),
  max_ms: z.number().nullable(),
  ack_median_ms: z
    .number()
    .nullable()
    .describe('Median time to PUBACK (QoS 1) or PUBCOMP (QoS 2); null for QoS 0'),
});

/** What mqtt_test_connection returns. */
export const testConnectionOutput = z.object({
  target: z.enum(['session', 'connection_string']),
  session_id: z.string().optional(),
  broker: z.string().describe('Broker URL with the password redacted'),
  protocol_version: z.union([z.literal(4), z.literal(5)]),
  tested_at: z.string(),
  duration_seconds: z.number().describe('How long the whole test took'),
  verdict: z.enum(['pass', 'warn', 'fail']),
  reasons: z.array(z.string()),
  connection: z.object({
    outcome: z.enum([
      'connected',
      'not_connected',
      'auth_failed',
      'rejected',
      'refused',
      'dns_failed',
      'unreachable',
      'reset',
      'tls_failed',
      'timeout',
      'closed',
      'error',
    ]),
    error: z.string().optional(),
    connack_reason_code: z.number().int().optional(),
    transport: z.enum(['mqtt', 'mqtts', 'ws', 'wss']),
    tls: z.boolean(),
    tls_verified: z.boolean().nullable().describe('null without TLS'),
    tcp_connect_ms: z.number().nullable().describe('connect() to TCP up, DNS included'),
    tls_handshake_ms: z.number().nullable(),
    connack_ms: z.number().nullable().describe('Connection up (TCP or TLS) to CONNACK'),
    total_connect_ms: z.number().nullable().describe('connect() to CONNACK'),
    session_state: z.string().optional(),
    reconnects: z.number().int().optional(),
    last_error: z.string().optional(),
    note: z.string().optional(),
  }),
  authentication: z.object({
    result: z.enum(['ok', 'failed', 'not_attempted', 'unknown']),
    method: z.enum(['username_password', 'username_only', 'anonymous']),
    username: z.string().optional(),
  }),
  loopback: z.object({
    topic: z.string(),
    status: z.enum(['ok', 'partial', 'failed', 'skipped']),
    granted_qos: z.number().int().nullable(),
    levels: z.array(levelSchema),
    note: z.string().optional(),
  }),
  broker_info: z.object({
    available: z.boolean(),
    version: z.string().optional(),
    uptime_seconds: z.number().optional(),
    clients_connected: z.number().optional(),
    messages_received: z.number().optional(),
    messages_sent: z.number().optional(),
    figures: z.record(z.string(), z.string()),
    figures_not_listed: z.number().int(),
    note: z.string().optional(),
  }),
});
