// The tool-call journal: one redacted row per call, keyset pages, tailing, stats and retention.
import type { Logger } from 'pino';
import { ToolError } from '../errors';
import { redact, redactText } from '../redact';
import type { Database } from './db';
import { decodeCursor, encodeCursor, isCursor, type JournalPosition } from './journal-cursor';
import { cutoffIso, normalizeIso } from './time';

/** One tool call as recorded: arguments redacted, no message bodies. */
export interface JournalEntry {
  id: string;
  /** Start of the call, ISO UTC. */
  ts: string;
  tool: string;
  caller: string;
  session_id: string | null;
  args: unknown;
  status: JournalStatus;
  error_code: string | null;
  error_message: string | null;
  duration_ms: number;
  result_bytes: number;
  summary: string;
  /** Name the MCP client announced (clientInfo), null for the console or an unknown client. */
  client_name?: string | null;
  /** Version the MCP client announced. */
  client_version?: string | null;
}

/** How a call ended: returned, failed, or cancelled by its caller before it finished. */
export type JournalStatus = 'ok' | 'error' | 'cancelled';

/** Every journal status, for validation and filters. */
export const JOURNAL_STATUSES: readonly JournalStatus[] = ['ok', 'error', 'cancelled'];

/** Which journal rows a page holds; every field narrows, all are optional. */
export interface JournalFilter {
  tool?: string;
  caller?: string;
  status?: JournalStatus;
  session_id?: string;
  /** Prefix of the call id or of the session id (the 8 characters the console shows work). */
  id_prefix?: string;
  /** Inclusive lower bound on the start time (ISO). */
  from?: string;
  /** Exclusive upper bound on the start time (ISO). */
  to?: string;
  /** Rows per page, 1-500 (default 50). */
  limit?: number;
  /** `next_cursor` of the previous page. */
  cursor?: string | null;
}

/** One page of the journal, newest first. */
export interface JournalPage {
  entries: JournalEntry[];
  next_cursor: string | null;
  total?: number;
}

/** New rows after a tail position, oldest first, and the position to tail from next. */
export interface JournalTail {
  entries: JournalEntry[];
  cursor: string;
}

/** Call statistics of one tool over a time window. */
export interface JournalToolStats {
  tool: string;
  calls: number;
  errors: number;
  p50_ms: number | null;
  p95_ms: number | null;
}

/** A journal row as SQLite returns it: the entry with its sequence number and args as JSON text. */
interface JournalRow extends Omit<JournalEntry, 'args' | 'client_name' | 'client_version'> {
  seq: number;
  args: string;
  client_name: string | null;
  client_version: string | null;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
const MAX_ARGS_CHARS = 64 * 1024;
const MAX_ARG_STRING_CHARS = 1024;
const MAX_SUMMARY_CHARS = 1000;
const MAX_ERROR_CHARS = 4000;
const MAX_CLIENT_CHARS = 200;
const COLUMNS =
  'seq, id, ts, tool, caller, session_id, args, status, error_code, error_message, duration_ms, result_bytes, summary, client_name, client_version';

function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… [+${text.length - max} chars]` : text;
}

function clipStrings(value: unknown): unknown {
  if (typeof value === 'string') return clip(value, MAX_ARG_STRING_CHARS);
  if (Array.isArray(value)) return value.map(clipStrings);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clipStrings(v)]));
  }
  return value;
}

/** Serializes redacted arguments, clipping oversized strings (payloads) to keep the journal small. */
function serializeArgs(args: unknown): string {
  const safe = redact(args ?? null);
  const text = JSON.stringify(safe, jsonSafe) ?? 'null';
  if (text.length <= MAX_ARGS_CHARS) return text;
  const clipped = JSON.stringify(clipStrings(safe), jsonSafe) ?? 'null';
  return clipped.length <= MAX_ARGS_CHARS
    ? clipped
    : JSON.stringify({ truncated: true, preview: clip(clipped, MAX_ARG_STRING_CHARS) });
}

function parseArgs(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function toEntry(row: JournalRow): JournalEntry {
  const { seq: _seq, ...entry } = row;
  return { ...entry, args: parseArgs(entry.args) };
}

function clientText(value: string | null | undefined): string | null {
  return value == null || value === '' ? null : clip(redactText(String(value)), MAX_CLIENT_CHARS);
}

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? null;
}

/** Reads and writes journal rows; insert never throws, so a failing store never fails a call. */
export class JournalRepo {
  private failureCount = 0;
  private readonly insertStmt;

  constructor(
    private readonly db: Database,
    private readonly log?: Logger,
  ) {
    this.insertStmt = db.prepare(
      `INSERT INTO journal (id, ts, tool, caller, session_id, args, status, error_code, error_message, duration_ms, result_bytes, summary, client_name, client_version)
       VALUES (@id, @ts, @tool, @caller, @session_id, @args, @status, @error_code, @error_message, @duration_ms, @result_bytes, @summary, @client_name, @client_version)`,
    );
  }

  /** Inserts failed so far (each one logged as a warning, never thrown). */
  get failures(): number {
    return this.failureCount;
  }

  /** Records one call synchronously (durable once it returns true); false if the store failed. */
  insert(entry: JournalEntry): boolean {
    try {
      this.insertStmt.run({
        id: String(entry.id),
        ts: normalizeIso(entry.ts, 'ts'),
        tool: String(entry.tool),
        caller: String(entry.caller),
        session_id: entry.session_id ?? null,
        args: serializeArgs(entry.args),
        status: JOURNAL_STATUSES.includes(entry.status) ? entry.status : 'error',
        error_code: entry.error_code ?? null,
        error_message:
          entry.error_message == null
            ? null
            : clip(redactText(String(entry.error_message)), MAX_ERROR_CHARS),
        duration_ms: Number.isFinite(entry.duration_ms) ? entry.duration_ms : 0,
        result_bytes: Number.isFinite(entry.result_bytes) ? Math.round(entry.result_bytes) : 0,
        summary: clip(redactText(String(entry.summary ?? '')), MAX_SUMMARY_CHARS),
        client_name: clientText(entry.client_name),
        client_version: clientText(entry.client_version),
      });
      return true;
    } catch (err) {
      this.failureCount += 1;
      this.log?.warn(
        { err, tool: entry.tool, failures: this.failureCount },
        'journal write failed; the tool call itself is unaffected',
      );
      return false;
    }
  }

  /** One page of rows matching the filter, newest first, with a cursor to the next page. */
  page(filter: JournalFilter = {}): JournalPage {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.tool) {
      where.push('tool = @tool');
      params.tool = filter.tool;
    }
    if (filter.caller) {
      where.push('caller = @caller');
      params.caller = filter.caller;
    }
    if (filter.status !== undefined) {
      if (!JOURNAL_STATUSES.includes(filter.status)) {
        throw new ToolError('INVALID_INPUT', 'status: expected "ok", "error" or "cancelled"', {
          argument: 'status',
        });
      }
      where.push('status = @status');
      params.status = filter.status;
    }
    if (filter.session_id) {
      where.push('session_id = @session_id');
      params.session_id = filter.session_id;
    }
    const prefix = filter.id_prefix?.trim();
    if (prefix) {
      where.push(
        '(substr(id, 1, length(@id_prefix)) = @id_prefix OR substr(session_id, 1, length(@id_prefix)) = @id_prefix)',
      );
      params.id_prefix = prefix.toLowerCase();
    }
    if (filter.from) {
      where.push('ts >= @from');
      params.from = normalizeIso(filter.from, 'from');
    }
    if (filter.to) {
      where.push('ts < @to');
      params.to = normalizeIso(filter.to, 'to');
    }
    const matching = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM journal ${matching}`).get(params) as { n: number }
    ).n;
    if (filter.cursor) {
      const at = decodeCursor(filter.cursor);
      where.push('(ts < @cursor_ts OR (ts = @cursor_ts AND seq < @cursor_seq))');
      params.cursor_ts = at.ts;
      params.cursor_seq = at.seq;
    }
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.trunc(filter.limit ?? DEFAULT_LIMIT) || 1));
    params.limit = limit + 1;
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM journal ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY ts DESC, seq DESC LIMIT @limit`,
      )
      .all(params) as JournalRow[];
    const pageRows = rows.slice(0, limit);
    const last = pageRows[pageRows.length - 1];
    return {
      entries: pageRows.map(toEntry),
      next_cursor: rows.length > limit && last ? encodeCursor(last) : null,
      total,
    };
  }

  /** One row by id. */
  get(id: string): JournalEntry | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM journal WHERE id = ?`).get(id) as
      JournalRow | undefined;
    return row ? toEntry(row) : undefined;
  }

  /**
   * Rows written after a tail position, oldest first. `after` is a cursor (from page or a previous
   * tail), an ISO time (rows that started after it), or omitted (start tailing at the newest row).
   */
  since(after?: string | null, limit = MAX_LIMIT): JournalTail {
    const max = Math.min(MAX_LIMIT, Math.max(1, Math.trunc(limit) || 1));
    const head = (): JournalPosition =>
      (this.db.prepare('SELECT ts, seq FROM journal ORDER BY seq DESC LIMIT 1').get() as
        JournalPosition | undefined) ?? { ts: new Date(0).toISOString(), seq: 0 };
    if (!after) return { entries: [], cursor: encodeCursor(head()) };
    const rows = isCursor(after)
      ? (this.db
          .prepare(`SELECT ${COLUMNS} FROM journal WHERE seq > ? ORDER BY seq LIMIT ?`)
          .all(decodeCursor(after).seq, max) as JournalRow[])
      : (this.db
          .prepare(`SELECT ${COLUMNS} FROM journal WHERE ts > ? ORDER BY seq LIMIT ?`)
          .all(normalizeIso(after, 'after'), max) as JournalRow[]);
    const last = rows[rows.length - 1];
    return {
      entries: rows.map(toEntry),
      cursor: last ? encodeCursor(last) : isCursor(after) ? after : encodeCursor(head()),
    };
  }

  /** Deletes rows that started more than `retentionDays` days ago; returns how many. */
  prune(retentionDays: number, nowMs: number = Date.now()): number {
    return this.db.prepare('DELETE FROM journal WHERE ts < ?').run(cutoffIso(retentionDays, nowMs))
      .changes;
  }

  /** Number of rows in the journal. */
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM journal').get() as { n: number }).n;
  }

  /** Per-tool calls, errors and p50/p95 durations of rows started at or after `fromIso`. */
  stats(fromIso: string, toIso?: string): JournalToolStats[] {
    const from = normalizeIso(fromIso, 'from');
    const to = toIso ? normalizeIso(toIso, 'to') : '9999-12-31T23:59:59.999Z';
    const rows = this.db
      .prepare(
        'SELECT tool, status, duration_ms FROM journal WHERE ts >= ? AND ts < ? ORDER BY tool',
      )
      .all(from, to) as { tool: string; status: string; duration_ms: number }[];
    const byTool = new Map<string, { errors: number; durations: number[] }>();
    for (const row of rows) {
      let acc = byTool.get(row.tool);
      if (!acc) {
        acc = { errors: 0, durations: [] };
        byTool.set(row.tool, acc);
      }
      if (row.status === 'error') acc.errors += 1;
      acc.durations.push(row.duration_ms);
    }
    return [...byTool.entries()]
      .map(([tool, acc]) => {
        const sorted = acc.durations.sort((a, b) => a - b);
        return {
          tool,
          calls: sorted.length,
          errors: acc.errors,
          p50_ms: percentile(sorted, 50),
          p95_ms: percentile(sorted, 95),
        };
      })
      .sort((a, b) => b.calls - a.calls || a.tool.localeCompare(b.tool));
  }
}
