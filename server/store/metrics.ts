// Per-minute metric rollups (global and per session), upserted by minute and session.
import type { Logger } from 'pino';
import type { Database } from './db';
import { cutoffIso, minuteStart, normalizeIso } from './time';

/** One minute of activity, for one session or (session_id null) the whole hub. */
export interface MetricRollup {
  /** ISO start of the minute. */
  minute: string;
  session_id: string | null;
  messages: number;
  bytes: number;
  tool_calls: number;
  tool_errors: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  rss_mb: number | null;
}

interface MetricRow extends Omit<MetricRollup, 'session_id'> {
  session_id: string;
}

const COLUMNS =
  'minute, session_id, messages, bytes, tool_calls, tool_errors, latency_p50_ms, latency_p95_ms, rss_mb';

function count(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

function maybe(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function toRollup(row: MetricRow): MetricRollup {
  return { ...row, session_id: row.session_id === '' ? null : row.session_id };
}

/** Stores and reads metric rollups; record never throws. */
export class MetricsRepo {
  private readonly upsert;

  constructor(
    private readonly db: Database,
    private readonly log?: Logger,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO metrics (${COLUMNS})
       VALUES (@minute, @session_id, @messages, @bytes, @tool_calls, @tool_errors, @latency_p50_ms, @latency_p95_ms, @rss_mb)
       ON CONFLICT (minute, session_id) DO UPDATE SET
         messages = excluded.messages, bytes = excluded.bytes, tool_calls = excluded.tool_calls,
         tool_errors = excluded.tool_errors, latency_p50_ms = excluded.latency_p50_ms,
         latency_p95_ms = excluded.latency_p95_ms, rss_mb = excluded.rss_mb`,
    );
  }

  /** Writes (or replaces) the rollup of one minute and session; false if the store failed. */
  record(rollup: MetricRollup): boolean {
    try {
      this.upsert.run({
        minute: minuteStart(rollup.minute),
        session_id: rollup.session_id ?? '',
        messages: count(rollup.messages),
        bytes: count(rollup.bytes),
        tool_calls: count(rollup.tool_calls),
        tool_errors: count(rollup.tool_errors),
        latency_p50_ms: maybe(rollup.latency_p50_ms),
        latency_p95_ms: maybe(rollup.latency_p95_ms),
        rss_mb: maybe(rollup.rss_mb),
      });
      return true;
    } catch (err) {
      this.log?.warn({ err }, 'metrics write failed');
      return false;
    }
  }

  /**
   * Rollups with `fromIso <= minute < toIso`, oldest first: all of them when sessionId is
   * undefined, the hub-wide ones when it is null, one session's otherwise.
   */
  series(fromIso: string, toIso: string, sessionId?: string | null): MetricRollup[] {
    const from = normalizeIso(fromIso, 'from');
    const to = normalizeIso(toIso, 'to');
    const rows =
      sessionId === undefined
        ? this.db
            .prepare(
              `SELECT ${COLUMNS} FROM metrics WHERE minute >= ? AND minute < ? ORDER BY minute, session_id`,
            )
            .all(from, to)
        : this.db
            .prepare(
              `SELECT ${COLUMNS} FROM metrics WHERE minute >= ? AND minute < ? AND session_id = ? ORDER BY minute`,
            )
            .all(from, to, sessionId ?? '');
    return (rows as MetricRow[]).map(toRollup);
  }

  /** Deletes rollups older than `retentionDays` days; returns how many. */
  prune(retentionDays: number, nowMs: number = Date.now()): number {
    return this.db
      .prepare('DELETE FROM metrics WHERE minute < ?')
      .run(cutoffIso(retentionDays, nowMs)).changes;
  }
}
