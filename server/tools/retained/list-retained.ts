// mqtt_list_retained: the retained messages under a pattern, with size, age and command/stale flags.
import { z } from 'zod';
import { defineTool } from '../kit/define-tool';
import { sessionIdArg } from '../kit/schemas';
import { describeRetained, DEFAULT_WAIT_MS, scanRetained, valueText } from './scan';

/** Arguments shared by the retained tools. */
export const retainedArgs = {
  session_id: sessionIdArg,
  topic_pattern: z.string().min(1).max(65_535).default('#').describe('Filter (+ and # allowed)'),
  wait_ms: z
    .number()
    .int()
    .min(100)
    .max(10_000)
    .default(DEFAULT_WAIT_MS)
    .describe('Time to wait for the broker'),
};

/** One retained message in a result. */
export const retainedEntry = z.object({
  topic: z.string(),
  size_bytes: z.number().int(),
  qos: z.number().int(),
  value: z.string().optional(),
  age_seconds: z.number().int().optional().describe('By the payload time field'),
  command_topic: z.literal(true).optional(),
  stale: z.literal(true).optional(),
});

/** Lists retained messages. */
export const listRetained = defineTool({
  name: 'mqtt_list_retained',
  title: 'List retained messages',
  description:
    'Retained messages under a pattern: size, age, value, and flags for command topics (re-fire on reconnect) and stale values.',
  kind: 'query',
  annotations: { readOnlyHint: true, openWorldHint: true },
  input: z.strictObject({
    ...retainedArgs,
    detail: z.enum(['summary', 'full']).default('summary').describe('full: whole values'),
  }),
  output: z.object({
    session_id: z.string(),
    count: z.number().int(),
    truncated: z.literal(true).optional(),
    retained: z.array(retainedEntry),
  }),
  async handler(args, ctx) {
    const session = ctx.sessions.get(args.session_id);
    const scan = await scanRetained(session, args.topic_pattern, args.wait_ms, ctx.signal);
    return {
      session_id: session.id,
      count: scan.messages.length,
      truncated: scan.truncated || undefined,
      retained: scan.messages.map((m) => {
        const entry = describeRetained(m);
        return args.detail === 'full' ? { ...entry, value: valueText(m, Infinity) } : entry;
      }),
    };
  },
  summarize: (out) => `${out.count} retained`,
});
