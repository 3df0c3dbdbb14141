// Console procedures on the recorder's record: status, series, counts, events, topics, messages, start/stop.
import { z } from 'zod';
import { ToolError } from '../../errors';
import type { Hub } from '../../hub';
import { validateTopicFilter } from '../../mqtt/topics';
import { recordLimits } from '../../recorder/options';
import { eventTimeline, findingsOverTime } from '../../recorder/timeline';
import { EVENT_CATEGORIES, type RecordSelector, type RecordStore } from '../../store/record/types';
import { consoleProcedure, router } from '../init';
import { toTrpcError } from '../tool-error';

const selector = {
  /** A source key (`profile:<id>`, `session:<id>`); every source when omitted. */
  source: z.string().min(1).max(200).optional(),
  topic: z.string().min(1).max(1024).optional(),
  topic_pattern: z.string().min(1).max(1024).optional(),
  device: z.string().min(1).max(256).optional(),
};
const range = {
  from_ms: z.number().int().nonnegative(),
  to_ms: z.number().int().positive(),
};

/** Input of the views over time: a selector, a range, buckets and the latest entries listed. */
const overTime = z.object({
  ...selector,
  ...range,
  points: z.number().int().min(1).max(500).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});
/** Events a timeline counts at most (the most recent ones). */
const TIMELINE_EVENTS = 1000;

type SelectorInput = { source?: string; topic?: string; topic_pattern?: string; device?: string };
type RangeInput = { from_ms: number; to_ms: number };

function parts(hub: Hub) {
  const store = hub.store;
  const recording = hub.recording;
  if (!store || !recording) {
    throw toTrpcError(
      new ToolError(
        'INTERNAL',
        `the record needs the store, which is unavailable: ${hub.storeError ?? 'closed'}`,
      ),
    );
  }
  return { store, recording };
}

/** Runs fn, turning a thrown ToolError (or anything) into a TRPCError. */
async function guard<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Error && err.name === 'TRPCError') throw err;
    throw toTrpcError(ToolError.from(err));
  }
}

function query(input: SelectorInput & Partial<RangeInput>): RecordSelector & {
  fromMs: number;
  toMs: number;
} {
  if (input.topic_pattern !== undefined) {
    validateTopicFilter(input.topic_pattern, 'topic_pattern');
  }
  const fromMs = input.from_ms ?? 0;
  const toMs = input.to_ms ?? Date.now();
  if (fromMs >= toMs) {
    throw new ToolError('INVALID_INPUT', 'from_ms must be before to_ms', { argument: 'from_ms' });
  }
  const { source, topic, topic_pattern: pattern, device } = input;
  return { source, topic, pattern, device, fromMs, toMs };
}

/**
 * The resolver of a console query on the record: `read` gets the record, the checked selector and
 * the input; a thrown ToolError becomes a TRPCError.
 */
function readRecord<I extends SelectorInput & Partial<RangeInput>, T>(
  read: (record: RecordStore, q: ReturnType<typeof query>, input: I) => T | Promise<T>,
) {
  return ({ ctx, input }: { ctx: { hub: Hub }; input: I }) =>
    guard(() => read(parts(ctx.hub).store.record, query(input), input));
}

/** The record: read by the console's charts and timelines; recordings started and stopped. */
export const recordRouter = router({
  status: consoleProcedure.query(({ ctx }) =>
    guard(async () => {
      const { store, recording } = parts(ctx.hub);
      const status = await store.record.status();
      return {
        recordings: recording.status(),
        pending_profiles: recording.pending(),
        sources: status.sources,
        used_bytes: status.usedBytes,
        pattern: ctx.hub.config.MQTT_MCP_RECORD_PATTERN,
        flush_seconds: ctx.hub.config.MQTT_MCP_RECORD_FLUSH_SECONDS,
        limits: recordLimits(ctx.hub.config),
      };
    }),
  ),
  series: consoleProcedure
    .input(
      z.object({
        ...selector,
        ...range,
        field: z.string().min(1).max(256).optional(),
        points: z.number().int().min(1).max(1000).optional(),
        max_series: z.number().int().min(1).max(100).optional(),
      }),
    )
    .query(
      readRecord((record, q, input) =>
        record.series({
          ...q,
          field: input.field,
          points: input.points,
          maxSeries: input.max_series,
        }),
      ),
    ),
  counts: consoleProcedure
    .input(
      z.object({ ...selector, ...range, points: z.number().int().min(1).max(1000).optional() }),
    )
    .query(readRecord((record, q, input) => record.counts({ ...q, points: input.points }))),
  events: consoleProcedure
    .input(
      z.object({
        ...selector,
        ...range,
        categories: z.array(z.enum(EVENT_CATEGORIES)).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      }),
    )
    .query(
      readRecord((record, q, input) =>
        record.events({ ...q, categories: input.categories, limit: input.limit }),
      ),
    ),
  /** What happened on a device or broker over a range: events per category per bucket, and the latest events. */
  timeline: consoleProcedure.input(overTime).query(
    readRecord(async (record, q, input) => {
      const [all, latest] = await Promise.all([
        record.events({ ...q, limit: TIMELINE_EVENTS }),
        record.events({ ...q, limit: input.limit ?? 50 }),
      ]);
      const t = eventTimeline(all.events, q, input.points ?? 60);
      return {
        step_ms: t.stepMs,
        buckets: t.buckets,
        by_category: t.byCategory,
        events: latest.events,
        total: latest.total,
        counted: all.events.length,
      };
    }),
  ),
  /** Findings recorded over a range (one per episode): per severity per bucket, per kind, the latest. */
  findings: consoleProcedure.input(overTime).query(
    readRecord(async (record, q, input) => {
      const found = await record.events({
        ...q,
        categories: ['finding'],
        limit: TIMELINE_EVENTS,
      });
      const f = findingsOverTime(found.events, q, input.points ?? 60);
      return {
        step_ms: f.stepMs,
        buckets: f.buckets,
        by_kind: f.byKind,
        findings: f.findings.slice(-(input.limit ?? 50)),
        total: found.total,
      };
    }),
  ),
  topics: consoleProcedure
    .input(z.object({ ...selector, limit: z.number().int().min(1).max(10_000).optional() }))
    .query(readRecord((record, q, input) => record.topics({ ...q, limit: input.limit }))),
  messages: consoleProcedure
    .input(
      z.object({
        ...selector,
        before_ms: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(500).optional(),
      }),
    )
    .query(
      readRecord((record, q, input) =>
        record.recentMessages({ ...q, beforeMs: input.before_ms, limit: input.limit }),
      ),
    ),
  start: consoleProcedure
    .input(
      z.object({
        session_id: z.string().min(1),
        topic_pattern: z.string().min(1).max(1024).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      guard(() => {
        const pattern = input.topic_pattern;
        if (pattern !== undefined) validateTopicFilter(pattern, 'topic_pattern');
        const overrides = pattern !== undefined ? { pattern } : {};
        return parts(ctx.hub).recording.recordSession(input.session_id, overrides);
      }),
    ),
  stop: consoleProcedure
    .input(z.object({ session_id: z.string().min(1) }))
    .mutation(({ ctx, input }) =>
      guard(async () => ({
        stopped: await parts(ctx.hub).recording.stopSession(input.session_id),
      })),
    ),
  setProfileRecord: consoleProcedure
    .input(z.object({ id: z.string().min(1), record: z.boolean() }))
    .mutation(({ ctx, input }) =>
      guard(() => {
        const { store, recording } = parts(ctx.hub);
        const view = store.profiles.update(input.id, { record: input.record });
        recording.syncProfiles();
        return view;
      }),
    ),
});
