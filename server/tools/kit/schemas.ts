// zod schemas shared by several tools: session ids, windows, QoS, message records, outages.
import { z } from 'zod';
import type { CollectOutcome } from '../../mqtt/collector';
import type { Outage } from '../../mqtt/session';

/** The `session_id` argument. */
export const sessionIdArg = z.string().min(1).max(100);

/** The input of a tool that works on one session: `session_id` first, then its own arguments. */
export function sessionInput<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject({ session_id: sessionIdArg, ...shape });
}

/** A `duration_seconds` argument with a default and the range 1..max. */
export function durationArg(def: number, max = 300) {
  return z.number().min(1).max(max).default(def);
}

/** A QoS argument (0, 1 or 2). */
export const qosArg = z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0);

/** The `detail` argument: a decision-ready summary by default, everything on request. */
export const detailArg = z.enum(['summary', 'full']).default('summary');

/** A topic or topic filter argument (at most the 65,535 bytes MQTT allows). */
export const topicArg = z.string().max(65_535);

/** A `topic_pattern` argument (an MQTT filter) with a default. */
export function topicPatternArg(def: string) {
  return topicArg.default(def);
}

/** A `protocol_version` argument: `auto` (MQTT 5, else 3.1.1 when refused), 5 or 4; no default. */
export const protocolChoiceArg = z.union([z.literal('auto'), z.literal(5), z.literal(4)]);

/** One received message as every collecting tool returns it. */
export const messageRecordSchema = z.object({
  topic: z.string(),
  received_at: z.string().describe('ISO 8601 UTC time the message arrived'),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  retain: z.boolean(),
  size_bytes: z.number().int().describe('Full payload size in bytes'),
  payload_format: z.enum(['json', 'text', 'binary']),
  payload: z
    .unknown()
    .describe('Parsed JSON value, UTF-8 text, or base64 of the bytes for binary payloads'),
  payload_truncated: z
    .literal(true)
    .optional()
    .describe('Present when only the first bytes of the payload are given'),
  properties: z.record(z.string(), z.unknown()).optional().describe('MQTT 5 properties'),
});

/** An outage of the broker connection during a window. */
export const outageSchema = z.object({
  from: z.string(),
  to: z.string().nullable().describe('null when the session had not reconnected at the end'),
  seconds: z.number(),
  reason: z.string(),
});

/** Connection outages within [startMs, endMs] as tool output, with a sentence for the model. */
export function describeOutages(outages: Outage[], startMs: number, endMs: number) {
  const list = outages.map((o) => {
    const from = Math.max(o.fromMs, startMs);
    const to = o.toMs === undefined ? undefined : Math.min(o.toMs, endMs);
    return {
      from: new Date(from).toISOString(),
      to: to === undefined ? null : new Date(to).toISOString(),
      seconds: Math.round(((to ?? endMs) - from) / 10) / 100,
      reason: o.reason,
    };
  });
  const seconds = list.reduce((sum, o) => sum + o.seconds, 0);
  return {
    outages: list,
    note:
      list.length === 0
        ? undefined
        : `the broker connection was down for ${Math.round(seconds * 10) / 10} s of this window (${list.length} outage${list.length > 1 ? 's' : ''}); messages sent meanwhile were missed`,
  };
}

/** Output fields every timed tool shares. */
export const windowOutput = {
  started_at: z.string(),
  ended_at: z.string(),
  duration_seconds: z.number().describe('Actual length of the window'),
  stop_reason: z.enum(['duration', 'max_messages', 'cancelled', 'session_closed']),
  outages: z.array(outageSchema),
  outage_note: z.string().optional(),
};

/** The shared window fields of a timed tool's result, from a collection outcome. */
export function windowResult(outcome: CollectOutcome) {
  const { outages, note } = describeOutages(
    outcome.outages,
    outcome.startedAtMs,
    outcome.endedAtMs,
  );
  return {
    started_at: new Date(outcome.startedAtMs).toISOString(),
    ended_at: new Date(outcome.endedAtMs).toISOString(),
    duration_seconds: Math.round((outcome.endedAtMs - outcome.startedAtMs) / 10) / 100,
    stop_reason: outcome.stopReason,
    outages,
    outage_note: note,
  };
}
