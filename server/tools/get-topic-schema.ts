// mqtt_get_topic_schema: samples a filter and infers per topic pattern the payload kinds and a JSON Schema.
import { z } from 'zod';
import { cutText, type MessageRecord } from '../analysis/message';
import {
  classifyPayloadKind,
  confidenceFor,
  schemaRoot,
  type InferOptions,
  type PayloadKind,
} from '../analysis/schema-inference';
import { siblingPatterns } from '../analysis/sibling-patterns';
import { compareSiblings, memberShape, type ShapeDeviation } from '../analysis/sibling-shapes';
import { round, summarize } from '../analysis/stats';
import { validateTopicFilter } from '../mqtt/topics';
import { collectRecords } from './kit/collect-records';
import { defineTool, TIMED_READ } from './kit/define-tool';
import {
  detailArg,
  durationArg,
  sessionInput,
  topicArg,
  windowOutput,
  windowResult,
} from './kit/schemas';

const PAYLOAD_KINDS = [
  'json_object',
  'json_array',
  'number',
  'boolean',
  'null',
  'string',
  'text',
  'xml',
  'binary',
  'empty',
] as const satisfies readonly PayloadKind[];

/** What each detail level lists: patterns, example topics and payloads, deviations, enum/examples. */
const LIMITS = {
  summary: {
    patterns: 20,
    topics: 3,
    examples: 1,
    deviations: 3,
    infer: { maxEnum: 4, maxExamples: 1 },
  },
  full: { patterns: 50, topics: 10, examples: 3, deviations: 10, infer: {} },
} satisfies Record<
  string,
  { patterns: number; topics: number; examples: number; deviations: number; infer: InferOptions }
>;
type Limits = (typeof LIMITS)[keyof typeof LIMITS];
/** Longest example payload text, in characters. */
const MAX_EXAMPLE_CHARS = 200;

const deviationSchema = z.object({
  topic: z.string(),
  field: z.string().describe('Top-level JSON field'),
  issue: z
    .enum(['type', 'null', 'missing'])
    .describe('type: another type than its siblings; null: mostly null; missing: never sent'),
  expected: z.string().describe('What the siblings send: a type, or present'),
  found: z.string().describe('What this member sends: a type, null, or absent'),
  example: z.string().optional(),
});

const exampleSchema = z.object({
  topic: z.string(),
  payload_format: z.enum(['json', 'text', 'binary']),
  payload: z
    .unknown()
    .describe(
      `Parsed JSON value; text, base64, or JSON text longer than ${MAX_EXAMPLE_CHARS} characters is cut to ${MAX_EXAMPLE_CHARS}`,
    ),
  size_bytes: z.number().int(),
  payload_truncated: z.literal(true).optional().describe('Present when the payload shown was cut'),
});

const patternSchema = z.object({
  pattern: z
    .string()
    .describe(
      "Topic with sibling levels replaced by +: ids, numbers, the filter's + levels, and name levels that vary (rooms)",
    ),
  shape: z
    .object({ index: z.number().int(), of: z.number().int() })
    .optional()
    .describe('Present when siblings of one pattern come in several shapes: one entry per shape'),
  topic_count: z.number().int().describe('Distinct topics of this pattern in the sample'),
  topics: z.array(z.string()).describe('Example topics (3, full: 10)'),
  message_count: z.number().int(),
  payload_kinds: z
    .partialRecord(z.enum(PAYLOAD_KINDS), z.number().int())
    .describe('Messages per payload kind (json_object, number, text, xml, binary, ...)'),
  json_schema: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('JSON Schema (draft 2020-12) all JSON samples satisfy; null when none was JSON'),
  schema_sample_count: z.number().int().describe('JSON samples the schema was inferred from'),
  confidence: z
    .object({ level: z.enum(['low', 'medium', 'high']), score: z.number() })
    .describe('Trust in the inference: low below 10 samples, medium below 50, high from 50'),
  examples: z.array(exampleSchema).describe('Distinct payloads (1, full: 3)'),
  numeric: z
    .object({ count: z.number().int(), min: z.number(), max: z.number(), mean: z.number() })
    .nullable()
    .describe('Summary of plain-number payloads; null when there were none'),
  deviating_members: z
    .array(deviationSchema)
    .optional()
    .describe('Siblings whose payloads differ (left out of json_schema); 3, full: 10'),
});

function example(record: MessageRecord): z.input<typeof exampleSchema> {
  const base = {
    topic: record.topic,
    payload_format: record.payload_format,
    size_bytes: record.size_bytes,
  };
  const value = record.payload;
  const text =
    typeof value === 'string'
      ? value
      : record.payload_format === 'json' && value !== null && typeof value === 'object'
        ? JSON.stringify(value)
        : undefined;
  if (text === undefined || text.length <= MAX_EXAMPLE_CHARS) {
    return {
      ...base,
      payload: value,
      ...(record.payload_truncated ? { payload_truncated: true } : {}),
    };
  }
  return { ...base, payload: cutText(text, MAX_EXAMPLE_CHARS).text, payload_truncated: true };
}

/** A pattern's records split into one group per payload shape, with deviating siblings named. */
interface ShapeGroup {
  records: MessageRecord[];
  deviations: ShapeDeviation[];
}

/**
 * Splits the records of one pattern by shape: siblings that deviate from the others in a field
 * (compareSiblings) are named and kept with the largest group but left out of its schema; the
 * other members are grouped by the top-level keys they usually send (in half their objects),
 * members sharing at least half of their keys (an optional field more or less) in one group.
 */
/** Whether two key sets share at least half of their union (Jaccard similarity >= 0.5). */
function similarKeys(a: Set<string>, b: Set<string>): boolean {
  const shared = [...a].filter((k) => b.has(k)).length;
  const union = a.size + b.size - shared;
  return union === 0 || shared * 2 >= union;
}

function shapeGroups(records: MessageRecord[]): ShapeGroup[] {
  const byTopic = new Map<string, MessageRecord[]>();
  for (const r of records) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
  const members = [...byTopic].map(([topic, list]) =>
    memberShape(
      topic,
      list.filter((r) => r.payload_format === 'json' && !r.payload_truncated).map((r) => r.payload),
    ),
  );
  const deviations = compareSiblings(members);
  const deviant = new Set(deviations.map((d) => d.member));
  const shapes: Array<{ keys: Set<string>; records: MessageRecord[] }> = [];
  for (const m of members) {
    if (deviant.has(m.name)) continue;
    const keys = new Set(
      [...m.fields].filter(([, f]) => f.present * 2 >= m.objects).map(([k]) => k),
    );
    const same = shapes.find((g) => similarKeys(g.keys, keys));
    if (same) same.records.push(...(byTopic.get(m.name) ?? []));
    else shapes.push({ keys, records: [...(byTopic.get(m.name) ?? [])] });
  }
  const groups = shapes.map((g) => g.records).sort((a, b) => b.length - a.length);
  const deviantRecords = records.filter((r) => deviant.has(r.topic));
  if (groups.length === 0) return [{ records, deviations }];
  return groups.map((list, i) => ({
    records: i === 0 ? [...list, ...deviantRecords] : list,
    deviations: i === 0 ? deviations : [],
  }));
}

function describePattern(
  pattern: string,
  records: MessageRecord[],
  deviations: ShapeDeviation[],
  limits: Limits,
) {
  const left = new Set(deviations.map((d) => d.member));
  const topics = [...new Set(records.map((r) => r.topic))].sort();
  const kinds: Partial<Record<PayloadKind, number>> = {};
  const jsonSamples: unknown[] = [];
  const numbers: number[] = [];
  const examples: z.input<typeof exampleSchema>[] = [];
  const exampleKeys = new Set<string>();
  for (const record of records) {
    const kind = classifyPayloadKind(record);
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    if (record.payload_format === 'json' && !record.payload_truncated && !left.has(record.topic)) {
      jsonSamples.push(record.payload);
    }
    // JSON.parse turns "1e400" into Infinity, which no statistic (or output schema) can hold.
    if (
      kind === 'number' &&
      typeof record.payload === 'number' &&
      Number.isFinite(record.payload)
    ) {
      numbers.push(record.payload);
    }
    if (examples.length < limits.examples) {
      const key = `${record.payload_format}:${JSON.stringify(record.payload)}`;
      if (!exampleKeys.has(key)) {
        exampleKeys.add(key);
        examples.push(example(record));
      }
    }
  }
  const stats = summarize(numbers);
  return {
    pattern,
    topic_count: topics.length,
    topics: topics.slice(0, limits.topics),
    message_count: records.length,
    payload_kinds: kinds,
    json_schema: jsonSamples.length > 0 ? schemaRoot(jsonSamples, limits.infer) : null,
    schema_sample_count: jsonSamples.length,
    confidence: confidenceFor(jsonSamples.length > 0 ? jsonSamples.length : records.length),
    examples,
    numeric: stats
      ? {
          count: stats.count,
          min: stats.min,
          max: stats.max,
          mean: round(stats.mean, 6),
        }
      : null,
    ...(deviations.length > 0
      ? {
          deviating_members: deviations.slice(0, limits.deviations).map((d) => ({
            topic: d.member,
            field: d.field,
            issue: d.issue,
            expected: d.expected,
            found: d.found,
            ...(d.example !== undefined ? { example: d.example } : {}),
          })),
        }
      : {}),
  };
}

/** Infers the payload structure of the topics under a filter. */
export const getTopicSchema = defineTool({
  name: 'mqtt_get_topic_schema',
  description:
    'Infer payload formats under topic_pattern: per pattern the kinds, a JSON Schema, examples, deviating members.',
  ...TIMED_READ,
  input: sessionInput({
    topic_pattern: topicArg,
    duration_seconds: durationArg(10),
    max_messages: z.number().int().min(1).max(5000).default(200),
    detail: detailArg.describe('full: 50 patterns, more examples and enum values'),
  }),
  output: z.object({
    session_id: z.string(),
    topic_pattern: z.string(),
    message_count: z.number().int().describe('Messages sampled'),
    topic_count: z.number().int().describe('Distinct topics sampled'),
    pattern_count: z.number().int(),
    patterns: z.array(patternSchema).describe('By message count, most first (20, full: 50)'),
    patterns_not_listed: z.number().int(),
    explanation: z.string().optional().describe('Why nothing was sampled, and what to try next'),
    ...windowOutput,
  }),
  async handler(args, ctx) {
    validateTopicFilter(args.topic_pattern);
    const limits = LIMITS[args.detail];
    const session = ctx.sessions.get(args.session_id);
    const { records, outcome } = await collectRecords(
      session,
      {
        filters: [args.topic_pattern],
        qos: 0,
        durationSeconds: args.duration_seconds,
        maxMessages: args.max_messages,
        progressLabel: `of at most ${args.max_messages} sample(s)`,
      },
      ctx,
    );
    const byPattern = new Map<string, MessageRecord[]>();
    const topics = new Set<string>();
    const patternOf = siblingPatterns(
      records.map((r) => r.topic),
      args.topic_pattern,
    );
    for (const record of records) {
      topics.add(record.topic);
      const pattern = patternOf.get(record.topic) ?? record.topic;
      const list = byPattern.get(pattern);
      if (list) list.push(record);
      else byPattern.set(pattern, [record]);
    }
    const entries = [...byPattern].flatMap(([pattern, list]) => {
      const groups = shapeGroups(list);
      return groups.map((g, index) => ({ pattern, index, of: groups.length, ...g }));
    });
    const patterns = entries
      .sort(
        (a, b) =>
          b.records.length - a.records.length ||
          (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : a.index - b.index),
      )
      .slice(0, limits.patterns)
      .map((e) => ({
        ...describePattern(e.pattern, e.records, e.deviations, limits),
        ...(e.of > 1 ? { shape: { index: e.index + 1, of: e.of } } : {}),
      }));
    const seconds = Math.round((outcome.endedAtMs - outcome.startedAtMs) / 100) / 10;
    return {
      session_id: session.id,
      topic_pattern: args.topic_pattern,
      message_count: records.length,
      topic_count: topics.size,
      pattern_count: byPattern.size,
      patterns,
      patterns_not_listed: Math.max(0, entries.length - limits.patterns),
      explanation:
        records.length === 0
          ? `no message matched ${args.topic_pattern} in ${seconds} s, so there is nothing to infer a schema from; the pattern is valid, but nothing was published or retained under it during the window; try a wider pattern (e.g. #), a longer duration, or mqtt_list_topics to see which topics exist`
          : undefined,
      ...windowResult(outcome),
    };
  },
  summarize: (out) =>
    `${out.message_count} sample(s) on ${out.topic_count} topic(s) in ${out.pattern_count} pattern(s) under ${out.topic_pattern}`,
});
