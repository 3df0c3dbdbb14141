// The output schema of mqtt_monitor_performance: traffic, broker figures, latency probe, session, process.
import { z } from 'zod';
import { windowOutput } from '../kit/schemas';

const topicTrafficSchema = z.object({
  topic: z.string(),
  messages: z.number().int(),
  messages_per_second: z.number(),
  bytes: z.number().int(),
  bytes_per_second: z.number(),
  mean_size_bytes: z.number(),
});

/** What mqtt_monitor_performance returns. */
export const monitorPerformanceOutput = z.object({
  session_id: z.string(),
  broker: z.string().describe('Broker URL with the password redacted'),
  topic_pattern: z.string(),
  traffic: z.object({
    messages: z
      .number()
      .int()
      .describe('Live messages that matched (retained replays and probe messages excluded)'),
    bytes: z.number().int(),
    messages_per_second: z.number(),
    bytes_per_second: z.number(),
    per_second: z.object({
      started_at: z.string(),
      seconds: z.number().int().describe('Whole seconds in the series'),
      messages: z.array(z.number().int()),
      bytes: z.array(z.number().int()),
      peak_messages_per_second: z.number(),
      mean_messages_per_second: z.number(),
      min_messages_per_second: z.number(),
      peak_bytes_per_second: z.number(),
      mean_bytes_per_second: z.number(),
    }),
    payload_size_bytes: z
      .object({
        min: z.number(),
        mean: z.number(),
        p50: z.number(),
        p95: z.number(),
        max: z.number(),
      })
      .nullable(),
    topic_count: z.number().int(),
    top_by_rate: z.array(topicTrafficSchema),
    top_by_bytes: z
      .array(topicTrafficSchema)
      .describe('detail=summary leaves out the topics top_by_rate lists'),
    topics_not_listed: z.number().int(),
    topics_not_tracked: z.number().int().describe('Topics over the tracking bound, counted only'),
    spikes: z.array(z.object({ at: z.string(), messages: z.number().int(), factor: z.number() })),
    retained_replayed: z
      .object({ messages: z.number().int(), bytes: z.number().int() })
      .describe('Retained messages the broker replayed on subscribe (not traffic)'),
  }),
  broker_figures: z
    .object({
      available: z.boolean(),
      version: z.string().optional(),
      uptime_seconds: z.number().optional(),
      clients_connected: z.number().optional(),
      clients_total: z.number().optional(),
      clients_maximum: z.number().optional(),
      messages_received: z.number().optional(),
      messages_sent: z.number().optional(),
      bytes_received: z.number().optional(),
      bytes_sent: z.number().optional(),
      subscriptions: z.number().optional(),
      retained_messages: z.number().optional(),
      heap_current_bytes: z.number().optional(),
      load: z
        .record(z.string(), z.number())
        .describe('Moving averages per minute under $SYS/broker/load/'),
      figures: z
        .record(z.string(), z.string())
        .optional()
        .describe('Latest value per $SYS topic (detail=full)'),
      figures_not_listed: z.number().int().optional(),
      note: z.string().optional(),
    })
    .nullable()
    .describe('null when include_sys is false'),
  session: z.object({
    state: z.string(),
    messages_received: z.number().int(),
    bytes_received: z.number().int(),
    messages_sent: z.number().int(),
    bytes_sent: z.number().int(),
    oversize_payloads: z.number().int(),
    reconnects: z.number().int(),
    messages_received_in_window: z.number().int(),
    bytes_received_in_window: z.number().int(),
    messages_sent_in_window: z.number().int(),
    last_error: z.string().optional(),
  }),
  process: z.object({
    rss_mb: z.number(),
    heap_used_mb: z.number(),
    heap_total_mb: z.number(),
    external_mb: z.number(),
  }),
  explanation: z.string().optional(),
  ...windowOutput,
});
