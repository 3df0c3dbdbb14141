// Time arguments of the store: ISO UTC strings normalized so that they sort as text.
import { ToolError } from '../errors';

const DAY_MS = 86_400_000;

/** Normalizes an ISO date-time to `YYYY-MM-DDTHH:mm:ss.sssZ`; INVALID_INPUT naming the argument. */
export function normalizeIso(value: string, argument: string): string {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new ToolError('INVALID_INPUT', `${argument}: "${value}" is not an ISO date-time`, {
      argument,
    });
  }
  return new Date(ms).toISOString();
}

/** The ISO minute start (seconds and milliseconds zeroed) of a date-time. */
export function minuteStart(value: string, argument = 'minute'): string {
  const ms = Date.parse(normalizeIso(value, argument));
  return new Date(ms - (ms % 60_000)).toISOString();
}

/** The ISO time `days` days before `nowMs`, as a retention cutoff. */
export function cutoffIso(days: number, nowMs: number = Date.now()): string {
  if (!Number.isFinite(days) || days < 0) {
    throw new ToolError('INVALID_INPUT', `retention_days: ${days} is not a number of days >= 0`, {
      argument: 'retention_days',
    });
  }
  return new Date(nowMs - days * DAY_MS).toISOString();
}
