// mqtt_list_retained: the retained messages under a pattern, with size, age and command/stale flags.
import { z } from 'zod';
import { defineTool, READS_BROKER } from '../kit/define-tool';
import { sessionIdArg } from '../kit/schemas';
import { describeRetained, DEFAULT_WAIT_MS, listedRetained, scanRetained, valueText } from './scan';

/** Arguments shared by the retained tools. */
export const retainedArgs = {
  session_id: sessionIdArg,
  topic_pattern: z.string().default('#'),
  wait_ms: z.number().min(100).max(10_000).default(DEFAULT_WAIT_MS),
};

/**
 * Retained messages in a result (describeRetained: topic, size_bytes, qos, value, age_seconds,
 * command_topic, stale); typed loosely to keep tools/list small (issue 13).
 */
export const retainedEntries = z.array(z.unknown());

/** Lists retained messages. */
export const listRetained = defineTool({
  name: 'mqtt_list_retained',
  description:
    'Retained messages under a pattern: size, age, value, command/stale flags (flagged first).',
  kind: 'query',
  annotations: READS_BROKER,
  input: z.strictObject({
    ...retainedArgs,
    detail: z.enum(['summary', 'full']).default('summary'),
  }),
  output: z.object({
    truncated: z.boolean().optional(),
    count: z.number(),
    retained: retainedEntries,
    not_listed: z.number(),
  }),
  async handler(args, ctx) {
    const session = ctx.sessions.get(args.session_id);
    const scan = await scanRetained(session, args.topic_pattern, args.wait_ms, ctx.signal);
    const full = args.detail === 'full';
    return {
      truncated: scan.truncated || undefined,
      count: scan.messages.length,
      ...listedRetained(scan.messages, full ? Infinity : undefined, (m) =>
        full ? { ...describeRetained(m), value: valueText(m, Infinity) } : describeRetained(m),
      ),
    };
  },
  summarize: (out) => `${out.count} retained`,
});
