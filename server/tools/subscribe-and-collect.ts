// mqtt_subscribe_and_collect: a timed capture on a filter, pruned deterministically to `limit`.
import { z } from 'zod';
import { MAX_DROPPED_TOPICS_LISTED, pruneMessages } from '../analysis/pruning';
import { validateTopicFilter } from '../mqtt/topics';
import { collectRecords } from './kit/collect-records';
import { defineTool, TIMED_READ } from './kit/define-tool';
import {
  detailArg,
  durationArg,
  messageRecordSchema,
  qosArg,
  sessionInput,
  topicArg,
  windowOutput,
  windowResult,
} from './kit/schemas';

/** Topics listed in `per_topic` and in `pruning.dropped_by_topic`, per detail level. */
const LISTED = {
  summary: { topics: 10, dropped: MAX_DROPPED_TOPICS_LISTED },
  full: { topics: 1000, dropped: 1000 },
};

const pruningSchema = z.object({
  strategy: z.string(),
  original_count: z.number().int(),
  kept_count: z.number().int(),
  limit: z.number().int(),
  kept_by_category: z.object({
    errors: z.number().int(),
    warnings: z.number().int(),
    first_last: z.number().int(),
    new_shapes: z.number().int(),
    even_spread: z.number().int(),
  }),
  dropped_count: z.number().int(),
  dropped_by_topic: z.array(z.object({ topic: z.string(), dropped: z.number().int() })),
  dropped_topics_not_listed: z.number().int(),
});

/** Collects messages for a window. */
export const subscribeAndCollect = defineTool({
  name: 'mqtt_subscribe_and_collect',
  description:
    'Collect messages on topic_pattern for a window; beyond limit a representative sample is kept.',
  ...TIMED_READ,
  input: sessionInput({
    topic_pattern: topicArg,
    qos: qosArg,
    duration_seconds: durationArg(10),
    max_messages: z.number().int().min(1).max(10_000).default(100),
    limit: z.number().int().min(1).max(1000).default(20),
    detail: detailArg.describe('full: per_topic and dropped_by_topic up to 1000 topics'),
  }),
  output: z.object({
    session_id: z.string(),
    topic_pattern: z.string(),
    received_count: z.number().int().describe('Messages that matched during the window'),
    message_count: z.number().int().describe('Messages returned'),
    messages: z.array(messageRecordSchema),
    pruning: pruningSchema.nullable(),
    per_topic: z.array(z.object({ topic: z.string(), count: z.number().int() })),
    topics_not_listed: z.number().int(),
    truncated_payloads: z.number().int().describe('Payloads cut to their first bytes'),
    explanation: z.string().optional(),
    ...windowOutput,
  }),
  async handler(args, ctx) {
    validateTopicFilter(args.topic_pattern);
    const session = ctx.sessions.get(args.session_id);
    const { records, outcome } = await collectRecords(
      session,
      {
        filters: [args.topic_pattern],
        qos: args.qos,
        durationSeconds: args.duration_seconds,
        maxMessages: args.max_messages,
        progressLabel: 'message(s)',
      },
      ctx,
    );
    const perTopic = new Map<string, number>();
    for (const r of records) perTopic.set(r.topic, (perTopic.get(r.topic) ?? 0) + 1);
    const truncated = records.filter((r) => r.payload_truncated).length;
    const listed = LISTED[args.detail];
    const { kept, pruning } = pruneMessages(records, args.limit, listed.dropped);
    const topics = [...perTopic]
      .map(([topic, count]) => ({ topic, count }))
      .sort((a, b) => b.count - a.count || a.topic.localeCompare(b.topic));
    return {
      session_id: session.id,
      topic_pattern: args.topic_pattern,
      received_count: records.length,
      message_count: kept.length,
      messages: kept,
      pruning,
      per_topic: topics.slice(0, listed.topics),
      topics_not_listed: Math.max(0, topics.length - listed.topics),
      truncated_payloads: truncated,
      explanation:
        records.length === 0
          ? `no message matched ${args.topic_pattern} in ${Math.round((outcome.endedAtMs - outcome.startedAtMs) / 100) / 10} s; the pattern is valid; try a wider pattern (e.g. #) or a longer duration`
          : undefined,
      ...windowResult(outcome),
    };
  },
  summarize: (out) =>
    `${out.received_count} received, ${out.message_count} returned from ${out.topic_pattern}`,
});
