// mqtt_debug_device: watches one device's topics for a window and reports availability, heartbeat and health.
import { z } from 'zod';
import { ToolError } from '../../errors';
import { analyzeDevice, type DeviceAnalysis } from '../../analysis/device-health';
import type { MessageRecord } from '../../analysis/message';
import { DiagnosisEngine } from '../../diagnosis/engine';
import { observationOf } from '../../diagnosis/observation';
import { verdictFromFindings } from '../../diagnosis/verdict';
import { validateTopicFilter } from '../../mqtt/topics';
import { collectRecords } from '../kit/collect-records';
import { defineTool, TIMED_READ } from '../kit/define-tool';
import { pastScope, pastWindow, sinceArg } from '../kit/past';
import { DeviceWatch } from './device-watch';
import { pastDevice } from './past-device';
import { ownTopic, siblingFilters } from './siblings';
import { findingSchema } from '../kit/finding-schema';
import {
  durationArg,
  messageRecordSchema,
  sessionInput,
  topicArg,
  windowOutput,
  windowResult,
} from '../kit/schemas';

const MAX_PATTERNS = 10;
/** Most findings listed for the device. */
const MAX_FINDINGS = 10;

// One topic level: no wildcard, no level separator, no NUL (MQTT forbids NUL in topics).
// eslint-disable-next-line no-control-regex
const DEVICE_ID = /^[^+#/\u0000]*$/;

const deviceIdArg = z.string().min(1).max(256).regex(DEVICE_ID, {
  message:
    'must be one topic level without +, #, / or NUL (e.g. kitchen-plug); pass full topic filters in patterns',
});

const payloadFormat = z.enum(['json', 'text', 'binary']);

/** Output fields from analyzeDevice, one zod schema per field of DeviceAnalysis. */
const analysisShape = {
  message_count: z.number().int().describe('Messages from the device in the window'),
  live_message_count: z.number().int().describe('Messages published during the window'),
  retained_message_count: z
    .number()
    .int()
    .describe('Retained messages the broker replayed on subscribe'),
  topics: z
    .array(
      z.object({
        topic: z.string(),
        message_count: z.number().int(),
        last_value: z.unknown().describe('The last payload; text and base64 cut to 200 characters'),
        last_value_truncated: z.literal(true).optional(),
        last_payload_format: payloadFormat,
        last_seen: z.string(),
        retained: z.boolean().describe('Whether the last message on the topic was retained'),
      }),
    )
    .describe('Every topic of the device, sorted, with its last value'),
  availability: z
    .array(
      z.object({
        at: z.string(),
        topic: z.string(),
        state: z.enum(['online', 'offline']),
        retained: z.boolean(),
      }),
    )
    .describe('Online/offline messages (availability topics, Last Will), latest 50'),
  last_known_state: z
    .enum(['online', 'offline', 'unknown'])
    .describe('What the last availability message said; unknown when there was none'),
  heartbeat: z
    .object({
      topic: z.string().nullable().describe('Topic the heartbeat was inferred from'),
      interval_seconds: z.number().nullable().describe('Median interval between live messages'),
      jitter_seconds: z.number().nullable(),
      gaps: z.array(z.object({ from: z.string(), to: z.string(), seconds: z.number() })),
      gap_count: z.number().int(),
      overdue: z.boolean().describe('True when the heartbeat is late at the end of the window'),
      seconds_since_last: z.number().nullable(),
    })
    .describe('Inferred from the topic with the most live messages (at least 3)'),
  state_changes: z
    .array(
      z.object({
        at: z.string(),
        topic: z.string(),
        field: z.string().nullable().describe('Changed JSON field; null when the whole payload'),
        from: z.unknown(),
        to: z.unknown(),
      }),
    )
    .describe('Value changes between consecutive messages of a topic, at most 50'),
  state_changes_total: z.number().int(),
  errors: z
    .array(messageRecordSchema.extend({ severity: z.enum(['error', 'warning']) }))
    .describe('Error and warning messages, latest 20 (errors first)'),
  error_count: z.number().int(),
  warning_count: z.number().int(),
  message_rate_per_minute: z.number().describe('Live messages per minute over the window'),
  health: z.object({
    verdict: z.enum(['healthy', 'degraded', 'intermittent', 'offline', 'silent']),
    reasons: z.array(z.string()),
  }),
} satisfies { [K in keyof DeviceAnalysis]: z.ZodType<DeviceAnalysis[K]> };

/** Default filters for a device: its id as the first, second or third topic level. */
function defaultFilters(id: string): string[] {
  return [`${id}/#`, `+/${id}/#`, `+/+/${id}/#`];
}

/** Whether every topic matching `narrow` also matches `wide` (so `narrow` adds nothing). */
function covers(wide: string, narrow: string): boolean {
  const w = wide.split('/');
  const n = narrow.split('/');
  if (narrow.startsWith('$') && (w[0] === '+' || w[0] === '#')) return false;
  for (let i = 0; i < w.length; i++) {
    const level = w[i];
    if (level === '#') return true;
    const other = n[i];
    if (other === undefined || other === '#') return false;
    if (level !== '+' && level !== other) return false;
  }
  return w.length === n.length;
}

/** Watches one device. */
export const debugDevice = defineTool({
  name: 'mqtt_debug_device',
  description:
    'Debug one device by id: topics, values, availability, heartbeat, errors, findings, health verdict. Watches <id>/#, +/<id>/#, +/+/<id>/# by default.',
  ...TIMED_READ,
  input: sessionInput({
    device_id: deviceIdArg,
    patterns: z
      .array(topicArg)
      .max(MAX_PATTERNS)
      .default([])
      .describe('Topic filters to watch instead'),
    duration_seconds: durationArg(30, 600),
    since: sinceArg,
    max_messages: z.number().int().min(1).max(10_000).default(1000),
  }),
  output: z.object({
    session_id: z.string(),
    device_id: z.string(),
    filters: z
      .array(z.string())
      .describe('Filters subscribed (defaults plus patterns not already covered by another)'),
    ...analysisShape,
    findings: z
      .array(findingSchema)
      .describe(`What looks wrong with the device, worst first, at most ${MAX_FINDINGS}`),
    findings_total: z.number().int(),
    candidates: z
      .array(
        z.object({
          device_id: z.string(),
          topic_count: z.number().int(),
          example_topic: z.string(),
        }),
      )
      .optional()
      .describe(
        'When nothing matched: ids in known or retained topics that look like device_id (case, separators, typos)',
      ),
    explanation: z.string().optional().describe('Why nothing arrived, and what to try next'),
    ...windowOutput,
    stop_reason: z
      .enum([
        'duration',
        'max_messages',
        'cancelled',
        'session_closed',
        'decided',
        'no_match',
        'record',
      ])
      .describe(
        'decided: only a retained offline status arrived within the grace time; no_match: nothing arrived and other ids look like device_id; record: read from the record (since)',
      ),
  }),
  async handler(args, ctx) {
    for (const pattern of args.patterns) validateTopicFilter(pattern, 'patterns');
    // Security fix (test/security/fuzz.int.test.ts): the filters built from device_id reach the
    // broker too; a control character in it made Mosquitto drop the session.
    for (const filter of defaultFilters(args.device_id)) validateTopicFilter(filter, 'device_id');
    if (args.since !== undefined) {
      if (args.patterns.length > 0) {
        throw new ToolError(
          'INVALID_INPUT',
          'patterns: with since the record is read by device_id (every recorded topic with a level equal to it); leave patterns out',
          { argument: 'patterns' },
        );
      }
      const scope = await pastScope(ctx, args.session_id, args.since);
      const past = await pastDevice(scope, args.device_id);
      return {
        session_id: args.session_id,
        device_id: args.device_id,
        filters: [],
        ...past.analysis,
        findings: past.findings.slice(0, MAX_FINDINGS),
        findings_total: past.findings.length,
        explanation: past.note,
        ...pastWindow(scope),
      };
    }
    const session = ctx.sessions.get(args.session_id);
    const requested = [...new Set([...defaultFilters(args.device_id), ...args.patterns])];
    const filters = requested.filter(
      (f, i) => !requested.some((other, j) => j !== i && covers(other, f)),
    );
    const siblings = siblingFilters(args.device_id, session.inventory.topics(), filters);
    const early = new AbortController();
    const watch = new DeviceWatch(session, args.device_id, early);
    const mine = (so: readonly MessageRecord[]) => so.filter((r) => ownTopic(r.topic, filters));
    const { records: seen, outcome } = await collectRecords(
      session,
      {
        filters: [...filters, ...siblings],
        qos: 0,
        durationSeconds: args.duration_seconds,
        maxMessages: args.max_messages,
        progressLabel: `message(s) from ${args.device_id}`,
        onTick: (so, elapsedMs) => watch.tick(mine(so), elapsedMs),
      },
      { ...ctx, signal: AbortSignal.any([ctx.signal, early.signal]) },
    ).finally(() => watch.dispose());
    const records = mine(seen);
    const analysis = analyzeDevice(records, {
      startMs: outcome.startedAtMs,
      endMs: outcome.endedAtMs,
    });
    // Siblings are observed too (a frozen value or a drifting schema shows only beside them);
    // only the findings about this device are kept.
    const engine = new DiagnosisEngine({ startMs: outcome.startedAtMs });
    for (const record of seen) engine.observe(observationOf(record));
    const findings = engine
      .findings(outcome.endedAtMs)
      .filter((f) => f.subject.device === args.device_id || ownTopic(f.subject.topic, filters));
    const seconds = Math.round((outcome.endedAtMs - outcome.startedAtMs) / 100) / 10;
    const candidates = records.length === 0 ? watch.suggest() : undefined;
    const suggestion =
      candidates && candidates.length > 0
        ? `; did you mean ${candidates.map((c) => c.device_id).join(', ')} (see candidates)?`
        : `; check the id's spelling, pass its real topic layout in patterns (mqtt_list_topics shows which topics exist), or use a longer duration`;
    const earlyStop = ctx.signal.aborted ? undefined : watch.stopped;
    return {
      session_id: session.id,
      device_id: args.device_id,
      filters,
      ...analysis,
      health: verdictFromFindings(analysis.health, findings),
      findings: findings.slice(0, MAX_FINDINGS),
      findings_total: findings.length,
      ...(candidates ? { candidates } : {}),
      explanation:
        records.length === 0
          ? `no message matched ${filters.join(', ')} in ${seconds} s; the filters are valid, but the device published nothing there and has no retained message${suggestion}`
          : earlyStop === 'decided'
            ? `stopped after ${seconds} s: only retained messages arrived and the last status says offline, so the verdict was decided; call again with a longer duration to wait for the device`
            : undefined,
      ...windowResult(outcome),
      stop_reason: earlyStop ?? outcome.stopReason,
    };
  },
  summarize: (out) =>
    `${out.device_id}: ${out.health.verdict}, ${out.message_count} message(s) on ${out.topics.length} topic(s)`,
});
