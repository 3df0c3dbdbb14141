// Tools that can look back: the `since` argument, the record they read, and the session's source in it.
import { z } from 'zod';
import { ToolError } from '../../errors';
import type { RecordAccess } from '../../recorder/record-access';
import type { ToolContext } from './define-tool';
import { parseTimeRange } from './since';

/** `since` on a watching tool: read the hub's record from then on instead of watching live. */
export const sinceArg = z
  .string()
  .max(64)
  .optional()
  .describe('Look back instead of watching: use the hub record since then (24h, 90m, ISO time)');

/** The hub's record, or NOT_FOUND saying where it lives. */
export function requireRecord(ctx: Pick<ToolContext, 'record'>): RecordAccess {
  if (!ctx.record) {
    throw new ToolError(
      'NOT_FOUND',
      'no record here: the hub keeps it (this server runs without one); point MQTT_MCP_HUB_URL at the hub, and mark a saved profile "record" in its console',
    );
  }
  return ctx.record;
}

/** What a look back reads: the record, the session's source in it and the range. */
export interface PastScope {
  record: RecordAccess;
  /** Source key (`profile:<id>`, `session:<id>`). */
  source: string;
  fromMs: number;
  toMs: number;
}

/**
 * The part of the record about a session's broker over [since, now): NOT_FOUND when nothing of it
 * is recorded (so an empty answer never passes for a healthy past), INVALID_INPUT for a bad since.
 */
export async function pastScope(
  ctx: Pick<ToolContext, 'record'>,
  sessionId: string,
  since: string,
  nowMs: number = Date.now(),
): Promise<PastScope> {
  const range = parseTimeRange(since, undefined, nowMs);
  const record = requireRecord(ctx);
  const source = record.sourceOfSession(sessionId);
  const known = (await record.store.status()).sources.find((s) => s.key === source);
  if (!known) {
    throw new ToolError(
      'NOT_FOUND',
      `since: nothing is recorded of session ${sessionId}'s broker; mark its saved profile "record" (or record the session in the console) and ask again once it has run, or leave since out to watch live`,
      { argument: 'since' },
    );
  }
  return { record, source, ...range };
}

/** The window fields of a result read from the record: the range, and `record` as the stop reason. */
export function pastWindow(scope: Pick<PastScope, 'fromMs' | 'toMs'>) {
  return {
    started_at: new Date(scope.fromMs).toISOString(),
    ended_at: new Date(scope.toMs).toISOString(),
    duration_seconds: Math.round((scope.toMs - scope.fromMs) / 1000),
    outages: [],
    stop_reason: 'record' as const,
  };
}
