// mqtt_diagnose: watches a filter for a window, streams every message into the findings engine, reports what is wrong.
import { z } from 'zod';
import { buildReport, DiagnosisEngine } from '../diagnosis/engine';
import { FINDING_KINDS } from '../diagnosis/finding';
import { observationOfMessage } from '../diagnosis/observation';
import { collect } from '../mqtt/collector';
import { validateTopicFilter } from '../mqtt/topics';
import { defineTool, TIMED_READ } from './kit/define-tool';
import { deviceFindingsSchema } from './kit/finding-schema';
import { pastScope, pastWindow, sinceArg } from './kit/past';
import { pastDiagnosis, pastNote } from './kit/past-diagnosis';
import {
  durationArg,
  sessionInput,
  topicPatternArg,
  windowOutput,
  windowResult,
} from './kit/schemas';

/** Seconds to watch before `until: first_findings` may stop (retained state and a few messages). */
const FIRST_FINDINGS_AFTER_MS = 3000;
/** How often `until: first_findings` runs the detectors (less often when a run takes long). */
const CHECK_EVERY_MS = 1000;
const CHECK_COST_FACTOR = 10;

/** Diagnoses the installation under a filter. */
export const diagnose = defineTool({
  name: 'mqtt_diagnose',
  description:
    'Find faults: findings per device, worst first, with evidence (offline, flapping, id fights, retained commands, stale, frozen or bad values, loss).',
  ...TIMED_READ,
  input: sessionInput({
    topic_pattern: topicPatternArg('#'),
    duration_seconds: durationArg(20, 600),
    until: z.enum(['duration', 'first_findings']).default('duration'),
    max_findings: z.number().int().min(1).max(50).default(8),
    since: sinceArg,
    stale_after_seconds: z.number().int().min(60).max(31_536_000).default(3600),
  }),
  output: z.object({
    session_id: z.string(),
    topic_pattern: z.string(),
    topic_count: z.number().int().describe('Distinct topics seen'),
    message_count: z.number().int().describe('Messages diagnosed (retained replays included)'),
    retained_count: z.number().int().describe('Retained values replayed at subscribe'),
    device_count: z.number().int().describe('Devices inferred from the topic structure'),
    findings_total: z.number().int(),
    by_severity: z.object({
      critical: z.number().int(),
      warning: z.number().int(),
      info: z.number().int(),
    }),
    by_kind: z.partialRecord(z.enum(FINDING_KINDS), z.number().int()),
    devices: z
      .array(deviceFindingsSchema)
      .describe('The listed findings grouped by device, worst device first'),
    findings_not_listed: z.number().int().describe('Findings beyond max_findings'),
    healthy: z.string().describe('One line: devices and topics that show no finding'),
    untracked_messages: z
      .number()
      .int()
      .optional()
      .describe('Messages on topics beyond the 20,000 one diagnosis tracks (not diagnosed)'),
    explanation: z.string().optional().describe('Why nothing was diagnosed, and what to try next'),
    ...windowOutput,
    stop_reason: z.enum(['duration', 'first_findings', 'cancelled', 'session_closed', 'record']),
  }),
  async handler(args, ctx) {
    validateTopicFilter(args.topic_pattern);
    if (args.since !== undefined) {
      const scope = await pastScope(ctx, args.session_id, args.since);
      const past = await pastDiagnosis(scope, { pattern: args.topic_pattern });
      const counts = { ...past, retained: 0, untracked: 0 };
      const { untracked_messages: _untracked, ...report } = buildReport(
        past.findings,
        counts,
        args.max_findings,
      );
      return {
        session_id: args.session_id,
        topic_pattern: args.topic_pattern,
        ...report,
        explanation: pastNote(scope, past),
        ...pastWindow(scope),
      };
    }
    const session = ctx.sessions.get(args.session_id);
    const engine = new DiagnosisEngine({
      filter: args.topic_pattern,
      staleAfterMs: args.stale_after_seconds * 1000,
    });
    let lastCheckMs = 0;
    let checkEveryMs = CHECK_EVERY_MS;
    const firstFindings = args.until === 'first_findings';
    const outcome = await collect(session, {
      filters: [args.topic_pattern],
      qos: 0,
      durationMs: args.duration_seconds * 1000,
      signal: ctx.signal,
      onMessage(message) {
        engine.observe(observationOfMessage(message));
        if (!firstFindings) return false;
        const now = message.receivedAtMs;
        lastCheckMs ||= now + FIRST_FINDINGS_AFTER_MS - CHECK_EVERY_MS;
        if (now - lastCheckMs < checkEveryMs) return false;
        const started = performance.now();
        const found = engine.findings(now).some((f) => f.severity !== 'info');
        lastCheckMs = now;
        checkEveryMs = Math.max(CHECK_EVERY_MS, CHECK_COST_FACTOR * (performance.now() - started));
        return found;
      },
      onProgress: (elapsedMs, matched) =>
        ctx.progress(
          Math.round(elapsedMs / 100) / 10,
          args.duration_seconds,
          `${matched} message(s) on ${engine.topicCount} topic(s) after ${Math.round(elapsedMs / 1000)} s`,
        ),
    });
    const report = engine.report(outcome.endedAtMs, { maxFindings: args.max_findings });
    const seconds = Math.round((outcome.endedAtMs - outcome.startedAtMs) / 100) / 10;
    const { untracked_messages: untracked, ...rest } = report;
    return {
      session_id: session.id,
      topic_pattern: args.topic_pattern,
      ...rest,
      ...(untracked > 0 ? { untracked_messages: untracked } : {}),
      explanation:
        report.message_count === 0
          ? `no message matched ${args.topic_pattern} in ${seconds} s and no retained value was replayed, so there was nothing to diagnose; try a wider pattern (e.g. #) or a longer duration`
          : undefined,
      ...windowResult(outcome),
      stop_reason:
        outcome.stopReason === 'max_messages' ? ('first_findings' as const) : outcome.stopReason,
    };
  },
  summarize: (out) =>
    `${out.findings_total} finding(s) (${out.by_severity.critical} critical, ${out.by_severity.warning} warning) on ${out.topic_count} topic(s) under ${out.topic_pattern}`,
});
