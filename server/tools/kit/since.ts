// Time-range arguments of history tools: `since` ("24h", "90m", "2d", an ISO time) and `until`.
import { ToolError } from '../../errors';

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const RELATIVE = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)$/i;

/**
 * A point in time from an argument: a duration back from `nowMs` ("30s", "90m", "24h", "7d",
 * "2w") or an ISO 8601 date-time. INVALID_INPUT naming the argument otherwise.
 */
export function parseTimeArg(value: string, argument: string, nowMs: number = Date.now()): number {
  const text = value.trim();
  const rel = RELATIVE.exec(text);
  if (rel) return nowMs - Number(rel[1]) * (UNIT_MS[(rel[2] ?? '').toLowerCase()] ?? 0);
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new ToolError(
      'INVALID_INPUT',
      `${argument}: "${value}" is neither a duration back from now (30s, 90m, 24h, 7d, 2w) nor an ISO date-time`,
      { argument },
    );
  }
  return ms;
}

/** The range [since, until) in epoch ms; INVALID_INPUT when it is empty or in the future. */
export function parseTimeRange(
  since: string,
  until: string | undefined,
  nowMs: number = Date.now(),
): { fromMs: number; toMs: number } {
  const fromMs = parseTimeArg(since, 'since', nowMs);
  const toMs = until === undefined ? nowMs : parseTimeArg(until, 'until', nowMs);
  if (fromMs >= toMs) {
    throw new ToolError(
      'INVALID_INPUT',
      `since (${new Date(fromMs).toISOString()}) must be before until (${new Date(toMs).toISOString()})`,
      { argument: 'since' },
    );
  }
  return { fromMs, toMs };
}
