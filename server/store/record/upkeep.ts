// Keeps the record bounded: retention, 10-minute roll-up of old minutes, raw-message slots, size cap.
import type { Database } from '../db';
import { MINUTE_MS, ROLLUP_MINUTES, type StatRow } from './buckets';
import { usedBytes } from './queries';
import type { UpkeepLimits, UpkeepReport } from './types';

const DAY_MS = 86_400_000;
/** Lets other work (messages, requests) run between two transactions of a long pass. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/** The cap trims down to this share of the limit, so it does not run on every pass. */
const CAP_TARGET = 0.9;
/** Deletion rounds per pass at most. */
const CAP_ROUNDS = 50;

/** One rolled-up table: its key column and how its statistics merge. */
interface RollupSpec<R extends { key: number; minute: number }> {
  table: 'record_series' | 'record_counts';
  select: string;
  upsert: string;
  merge(into: R, row: R): void;
}

interface SeriesRow extends StatRow {
  key: number;
}

interface CountRow {
  key: number;
  minute: number;
  messages: number;
  bytes: number;
}

const SERIES: RollupSpec<SeriesRow> = {
  table: 'record_series',
  select: 'field_id AS key, minute, n, min, max, sum, last',
  upsert: `INSERT INTO record_series (field_id, minute, span, n, min, max, sum, last)
    VALUES (@key, @minute, ${ROLLUP_MINUTES}, @n, @min, @max, @sum, @last)
    ON CONFLICT (field_id, minute) DO UPDATE SET span = ${ROLLUP_MINUTES}, n = n + excluded.n,
      min = min(min, excluded.min), max = max(max, excluded.max), sum = sum + excluded.sum,
      last = excluded.last`,
  merge(into, row) {
    into.n += row.n;
    into.min = Math.min(into.min, row.min);
    into.max = Math.max(into.max, row.max);
    into.sum += row.sum;
    into.last = row.last;
  },
};

const COUNTS: RollupSpec<CountRow> = {
  table: 'record_counts',
  select: 'topic_id AS key, minute, messages, bytes',
  upsert: `INSERT INTO record_counts (topic_id, minute, span, messages, bytes)
    VALUES (@key, @minute, ${ROLLUP_MINUTES}, @messages, @bytes)
    ON CONFLICT (topic_id, minute) DO UPDATE SET span = ${ROLLUP_MINUTES},
      messages = messages + excluded.messages, bytes = bytes + excluded.bytes`,
  merge(into, row) {
    into.messages += row.messages;
    into.bytes += row.bytes;
  },
};

/** Upkeep of one database; remembers how far roll-up got so a pass only reads new rows. */
export class RecordUpkeep {
  private rolledTo?: number;
  private slotsTrimmedTo?: number;

  constructor(private readonly db: Database) {}

  /**
   * One pass: retention, roll-up, slots, cap. `onTopicsDeleted` is told when topics were deleted.
   * The roll-up runs one 10-minute bucket per transaction and yields to the event loop between
   * them, so catching up never blocks the hub for long.
   */
  async run(limits: UpkeepLimits, onTopicsDeleted: () => void): Promise<UpkeepReport> {
    const expired = this.expire(limits.nowMs - limits.retentionDays * DAY_MS, onTopicsDeleted);
    const rolledUpRows = await this.rollUp(
      Math.floor((limits.nowMs - limits.detailHours * 3_600_000) / MINUTE_MS),
    );
    const slots = this.trimSlots(limits.messagesPerTopic);
    const cappedRows = this.cap(limits.maxBytes);
    return {
      expiredRows: expired + slots,
      rolledUpRows,
      cappedRows,
      usedBytes: usedBytes(this.db),
    };
  }

  private expire(cutoffMs: number, onTopicsDeleted: () => void): number {
    const minute = Math.floor(cutoffMs / MINUTE_MS);
    return this.db
      .transaction(() => {
        let n = this.deleteBefore(minute, cutoffMs);
        const topics = this.db
          .prepare('DELETE FROM record_topics WHERE last_ms < ?')
          .run(cutoffMs).changes;
        if (topics > 0) onTopicsDeleted();
        n += topics;
        n += this.db
          .prepare(
            `DELETE FROM record_sources WHERE updated_ms < ?
               AND NOT EXISTS (SELECT 1 FROM record_topics t WHERE t.source_id = record_sources.id)
               AND NOT EXISTS (SELECT 1 FROM record_events e WHERE e.source_id = record_sources.id)`,
          )
          .run(cutoffMs).changes;
        return n;
      })
      .immediate();
  }

  /** Deletes time-ordered rows older than a minute (aggregates) / a time (events, messages). */
  private deleteBefore(minute: number, ms: number): number {
    return (
      this.db.prepare('DELETE FROM record_counts WHERE minute < ?').run(minute).changes +
      this.db.prepare('DELETE FROM record_series WHERE minute < ?').run(minute).changes +
      this.db.prepare('DELETE FROM record_events WHERE ts < ?').run(ms).changes +
      this.db.prepare('DELETE FROM record_messages WHERE ts < ?').run(ms).changes
    );
  }

  private async rollUp(detailCutoffMinute: number): Promise<number> {
    const cutoff = Math.floor(detailCutoffMinute / ROLLUP_MINUTES) * ROLLUP_MINUTES;
    if (this.rolledTo === undefined) {
      // The oldest row of either table (indexed); rolled-up ranges are passed over quickly.
      const first = this.db
        .prepare(
          `SELECT MIN(m) AS m FROM (
             SELECT MIN(minute) AS m FROM record_series UNION ALL
             SELECT MIN(minute) AS m FROM record_counts)`,
        )
        .get() as { m: number | null };
      this.rolledTo =
        first.m === null ? cutoff : Math.floor(first.m / ROLLUP_MINUTES) * ROLLUP_MINUTES;
    }
    let rows = 0;
    for (let lo = this.rolledTo; lo < cutoff; lo += ROLLUP_MINUTES) {
      const hi = lo + ROLLUP_MINUTES;
      rows += this.db
        .transaction(() => this.rollUpTable(SERIES, lo, hi) + this.rollUpTable(COUNTS, lo, hi))
        .immediate();
      this.rolledTo = hi;
      if (hi < cutoff) await yieldToLoop();
    }
    return rows;
  }

  private rollUpTable<R extends { key: number; minute: number }>(
    spec: RollupSpec<R>,
    lo: number,
    hi: number,
  ): number {
    const rows = this.db
      .prepare(
        `SELECT ${spec.select} FROM ${spec.table}
         WHERE minute >= ? AND minute < ? AND span = 1 ORDER BY 1, minute`,
      )
      .all(lo, hi) as R[];
    if (rows.length === 0) return 0;
    const merged = new Map<string, R>();
    for (const row of rows) {
      const minute = Math.floor(row.minute / ROLLUP_MINUTES) * ROLLUP_MINUTES;
      const id = `${row.key}:${minute}`;
      const into = merged.get(id);
      if (into) spec.merge(into, row);
      else merged.set(id, { ...row, minute });
    }
    this.db
      .prepare(`DELETE FROM ${spec.table} WHERE minute >= ? AND minute < ? AND span = 1`)
      .run(lo, hi);
    const upsert = this.db.prepare(spec.upsert);
    for (const row of merged.values()) upsert.run(row);
    return rows.length;
  }

  private trimSlots(perTopic: number): number {
    if (this.slotsTrimmedTo === perTopic) return 0;
    this.slotsTrimmedTo = perTopic;
    return this.db.prepare('DELETE FROM record_messages WHERE slot >= ?').run(perTopic).changes;
  }

  /** Drops the oldest recorded data until the database uses at most 90% of `maxBytes`. */
  private cap(maxBytes: number): number {
    if (usedBytes(this.db) <= maxBytes) return 0;
    let deleted = 0;
    for (let round = 0; round < CAP_ROUNDS && usedBytes(this.db) > maxBytes * CAP_TARGET; round++) {
      const span = this.db
        .prepare(
          `SELECT MIN(m) AS oldest, MAX(m) AS newest FROM (
             SELECT MIN(minute) AS m FROM record_counts UNION ALL
             SELECT MAX(minute) FROM record_counts UNION ALL
             SELECT MIN(minute) FROM record_series UNION ALL
             SELECT MAX(minute) FROM record_series UNION ALL
             SELECT MIN(ts) / ${MINUTE_MS} FROM record_events UNION ALL
             SELECT MAX(ts) / ${MINUTE_MS} FROM record_events UNION ALL
             SELECT MIN(ts) / ${MINUTE_MS} FROM record_messages)`,
        )
        .get() as { oldest: number | null; newest: number | null };
      if (span.oldest === null || span.newest === null) break;
      const step = Math.max(10, Math.ceil((span.newest - span.oldest) / 20));
      const minute = Math.floor(span.oldest) + step;
      const removed = this.db
        .transaction(() => this.deleteBefore(minute, minute * MINUTE_MS))
        .immediate();
      deleted += removed;
      if (removed === 0) break;
    }
    return deleted;
  }
}
