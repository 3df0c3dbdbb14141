// mqtt_query_history: what the hub's recorder kept: series of a field, events, counts, last messages.
import { z } from 'zod';
import { ToolError } from '../errors';
import { hasWildcard, validateTopicFilter } from '../mqtt/topics';
import type { RecordAccess } from '../recorder/record-access';
import { EVENT_CATEGORIES, type RecordSelector } from '../store/record/types';
import { defineTool, READS_HUB } from './kit/define-tool';
import { requireRecord } from './kit/past';
import { parseTimeRange } from './kit/since';

const input = z.strictObject({
  topic: z.string().min(1).max(1024).optional(),
  topic_pattern: z.string().min(1).max(1024).optional(),
  device: z.string().min(1).max(256).optional(),
  session_id: z.string().min(1).max(100).optional(),
  profile: z.string().min(1).max(100).optional(),
  since: z.string().max(64).default('24h').describe('30m, 24h, 7d or ISO time'),
  until: z.string().max(64).optional(),
  field: z.string().min(1).max(256).optional().describe('JSON path, or $ for plain numbers'),
  points: z.number().int().min(1).max(200).default(24),
  max_series: z.number().int().min(1).max(20).default(3),
  series: z.boolean().optional(),
  events: z.boolean().default(true),
  counts: z.boolean().default(true),
  messages: z.boolean().default(false),
  category: z.enum(EVENT_CATEGORIES).optional(),
  limit: z.number().int().min(1).max(200).default(20),
});

const point = z.object({
  t: z.string(),
  min: z.number(),
  mean: z.number(),
  max: z.number(),
  last: z.number(),
  n: z.number().int(),
});

const output = z.object({
  from: z.string(),
  to: z.string(),
  series: z
    .array(
      z.object({
        source: z.string().optional(),
        topic: z.string(),
        field: z.string(),
        points: z.array(point),
      }),
    )
    .optional(),
  series_step_seconds: z.number().optional(),
  series_not_listed: z.number().int().optional(),
  events: z
    .array(
      z.object({
        at: z.string(),
        source: z.string().optional(),
        topic: z.string().optional(),
        category: z.enum(EVENT_CATEGORIES),
        kind: z.string(),
        severity: z.string().optional(),
        summary: z.string(),
      }),
    )
    .optional(),
  events_total: z
    .number()
    .int()
    .optional()
    .describe('Events in the range (the most recent are listed)'),
  counts: z
    .object({
      step_seconds: z.number(),
      total_messages: z.number().int(),
      topics: z.number().int(),
      per_interval: z.array(z.object({ t: z.string(), messages: z.number().int() })),
      busiest: z.array(z.object({ topic: z.string(), messages: z.number().int() })),
    })
    .optional(),
  messages: z
    .array(
      z.object({
        received_at: z.string(),
        topic: z.string(),
        retain: z.boolean(),
        size_bytes: z.number().int(),
        payload_format: z.enum(['json', 'text', 'binary']),
        payload: z.unknown(),
        payload_truncated: z.literal(true).optional(),
      }),
    )
    .optional(),
  recording: z
    .array(z.object({ source: z.string(), session_id: z.string(), since: z.string() }))
    .describe('What the hub records now'),
  note: z.string().optional(),
});

const iso = (ms: number) => new Date(ms).toISOString();
const round = (v: number) => Number(v.toPrecision(6));

function selectorOf(args: z.output<typeof input>, record: RecordAccess): RecordSelector {
  if (args.session_id && args.profile) {
    throw new ToolError('INVALID_INPUT', 'give either session_id or profile, not both', {
      argument: 'profile',
    });
  }
  if (args.topic !== undefined && hasWildcard(args.topic)) {
    throw new ToolError(
      'INVALID_INPUT',
      `topic: "${args.topic}" has a wildcard; pass it as topic_pattern`,
      {
        argument: 'topic',
      },
    );
  }
  if (args.topic_pattern !== undefined) {
    validateTopicFilter(args.topic_pattern, 'topic_pattern');
  }
  let source: string | undefined;
  if (args.session_id) source = record.sourceOfSession(args.session_id);
  if (args.profile) {
    source = record.sourceOfProfile(args.profile);
    if (!source) {
      throw new ToolError('NOT_FOUND', `profile: no saved broker profile named "${args.profile}"`, {
        argument: 'profile',
      });
    }
  }
  return { source, topic: args.topic, pattern: args.topic_pattern, device: args.device };
}

/** Reads the hub's record of what happened on recorded brokers. */
export const queryHistory = defineTool({
  name: 'mqtt_query_history',
  description:
    "Read the hub's recording (default last 24h) of a topic, topic_pattern or device: numeric series, events, message counts, raw messages.",
  kind: 'query',
  annotations: READS_HUB,
  input,
  output,
  async handler(args, ctx) {
    const record = requireRecord(ctx);
    const selector = selectorOf(args, record);
    const range = parseTimeRange(args.since, args.until);
    const narrowed = Boolean(args.topic ?? args.topic_pattern ?? args.device);
    const wantSeries = args.series ?? narrowed;
    if (wantSeries && !narrowed) {
      throw new ToolError('INVALID_INPUT', 'series need a topic, topic_pattern or device', {
        argument: 'series',
      });
    }
    const q = { ...selector, ...range };
    const [status, series, events, counts, messages] = await Promise.all([
      record.store.status(),
      wantSeries
        ? record.store.series({
            ...q,
            field: args.field,
            points: args.points,
            maxSeries: args.max_series,
          })
        : undefined,
      args.events
        ? record.store.events({
            ...q,
            categories: args.category ? [args.category] : undefined,
            limit: args.limit,
          })
        : undefined,
      args.counts ? record.store.counts({ ...q, points: args.points }) : undefined,
      args.messages
        ? record.store.recentMessages({ ...selector, beforeMs: range.toMs, limit: args.limit })
        : undefined,
    ]);
    const labels = new Map(status.sources.map((s) => [s.key, s.label]));
    const several = selector.source === undefined && status.sources.length > 1;
    const label = (key: string) => (several ? { source: labels.get(key) ?? key } : {});
    const out: z.input<typeof output> = {
      from: iso(range.fromMs),
      to: iso(range.toMs),
      recording: record.recordings().map((r) => ({
        source: r.source.label,
        session_id: r.session_id,
        since: iso(r.started_at_ms),
      })),
    };
    if (series) {
      out.series = series.series.map((s) => ({
        ...label(s.source),
        topic: s.topic,
        field: s.field,
        points: s.points.map((p) => ({
          t: iso(p.t),
          min: round(p.min),
          mean: round(p.mean),
          max: round(p.max),
          last: round(p.last),
          n: p.n,
        })),
      }));
      out.series_step_seconds = series.stepMs / 1000;
      if (series.more > 0) out.series_not_listed = series.more;
    }
    if (events) {
      out.events = events.events.map((e) => ({
        at: iso(e.t),
        ...label(e.source),
        ...(e.topic ? { topic: e.topic } : {}),
        category: e.category,
        kind: e.kind,
        ...(e.severity ? { severity: e.severity } : {}),
        summary: e.summary,
      }));
      out.events_total = events.total;
    }
    if (counts) {
      out.counts = {
        step_seconds: counts.stepMs / 1000,
        total_messages: counts.totalMessages,
        topics: counts.topics,
        per_interval: counts.buckets.map((b) => ({ t: iso(b.t), messages: b.messages })),
        busiest: counts.top.slice(0, 5).map((t) => ({ topic: t.topic, messages: t.messages })),
      };
    }
    if (messages) {
      out.messages = messages.map((m) => ({
        received_at: iso(m.t),
        topic: m.topic,
        retain: m.retain,
        size_bytes: m.size,
        payload_format: m.payload_format,
        payload: m.payload,
        ...(m.payload_truncated ? { payload_truncated: true as const } : {}),
      }));
    }
    out.note = noteFor(status.sources.length, out);
    return out;
  },
  summarize: (out) =>
    `${out.events?.length ?? 0} event(s), ${out.series?.length ?? 0} series, ${out.counts?.total_messages ?? 0} message(s) counted`,
});

function noteFor(sources: number, out: z.input<typeof output>): string | undefined {
  if (sources === 0) {
    return 'nothing is recorded yet: mark a saved profile "record" in the console (or record a session there); the hub records it from then on, also across restarts';
  }
  const empty =
    (out.series ?? []).every((s) => s.points.length === 0) &&
    (out.events ?? []).length === 0 &&
    (out.counts?.total_messages ?? 0) === 0 &&
    (out.messages ?? []).length === 0;
  if (empty) {
    return 'nothing recorded matches in this range: check the topic, topic_pattern or device (a device id must be a whole topic level), widen since, or see which sources are recorded in `recording`';
  }
  return undefined;
}
