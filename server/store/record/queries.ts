// Read side of the record: series, counts, events, raw messages, topics and status (small results).
import { decodePayload } from '../../mqtt/payload';
import type { Database } from '../db';
import { bucketOf, bucketsFor, clampCount, MINUTE_MS, seriesPoints, type StatRow } from './buckets';
import { matchTopics, type MatchedTopic } from './selector';
import type {
  CountsQuery,
  CountsResult,
  EventsQuery,
  EventsResult,
  MessagesQuery,
  RecordedEvent,
  RecordedMessage,
  RecordSelector,
  RecordStatus,
  Series,
  SeriesQuery,
  SeriesResult,
  TopicsQuery,
  TopicsResult,
} from './types';

/** Bytes of a stored raw message payload (a longer payload keeps this prefix). */
export const STORED_PAYLOAD_BYTES = 1024;

const IN_IDS = 'IN (SELECT value FROM json_each(?))';

function hasTopicFilter(s: RecordSelector): boolean {
  return s.topic !== undefined || s.pattern !== undefined || s.device !== undefined;
}

function idList(topics: MatchedTopic[]): string {
  return JSON.stringify(topics.map((t) => t.id));
}

/** Numeric series of the matched topics' fields, downsampled. */
export function querySeries(db: Database, q: SeriesQuery): SeriesResult {
  const b = bucketsFor(q, clampCount(q.points, 60, 1000));
  const maxSeries = clampCount(q.maxSeries, 5, 100);
  const topics = matchTopics(db, q);
  const byId = new Map(topics.map((t, i) => [t.id, { topic: t, order: i }]));
  const fields = (
    db
      .prepare(
        `SELECT id, topic_id AS topicId, name FROM record_fields WHERE topic_id ${IN_IDS}
         ${q.field !== undefined ? 'AND name = ?' : ''}`,
      )
      .all(idList(topics), ...(q.field !== undefined ? [q.field] : [])) as {
      id: number;
      topicId: number;
      name: string;
    }[]
  ).sort(
    (x, y) =>
      (byId.get(x.topicId)?.order ?? 0) - (byId.get(y.topicId)?.order ?? 0) ||
      x.name.localeCompare(y.name),
  );
  const rowsOf = db.prepare(
    `SELECT minute, span, n, min, max, sum, last FROM record_series
     WHERE field_id = ? AND minute >= ? AND minute < ? ORDER BY minute`,
  );
  const startMinute = b.startMs / MINUTE_MS;
  const series: Series[] = fields.slice(0, maxSeries).map((f) => {
    const rows = (
      rowsOf.all(f.id, b.fromMinute, b.toMinute) as (StatRow & { span: number })[]
    ).filter((r) => r.minute + r.span > startMinute);
    const topic = byId.get(f.topicId)?.topic as MatchedTopic;
    return {
      source: topic.source,
      topic: topic.topic,
      field: f.name,
      points: seriesPoints(b, rows),
    };
  });
  return { stepMs: b.stepMs, series, more: Math.max(0, fields.length - series.length) };
}

/** Messages and bytes per bucket over the matched topics, with the busiest topics. */
export function queryCounts(db: Database, q: CountsQuery): CountsResult {
  const b = bucketsFor(q, clampCount(q.points, 60, 1000));
  const topics = matchTopics(db, q);
  const startMinute = b.startMs / MINUTE_MS;
  const range = `minute >= ? AND minute < ? AND minute + span > ?`;
  const perMinute = db
    .prepare(
      `SELECT minute, SUM(messages) AS messages, SUM(bytes) AS bytes FROM record_counts
       WHERE topic_id ${IN_IDS} AND ${range} GROUP BY minute ORDER BY minute`,
    )
    .all(idList(topics), b.fromMinute, b.toMinute, startMinute) as {
    minute: number;
    messages: number;
    bytes: number;
  }[];
  const buckets: CountsResult['buckets'] = [];
  let total = 0;
  for (const row of perMinute) {
    const t = bucketOf(b, row.minute);
    const last = buckets.at(-1);
    if (last && last.t === t) {
      last.messages += row.messages;
      last.bytes += row.bytes;
    } else buckets.push({ t, messages: row.messages, bytes: row.bytes });
    total += row.messages;
  }
  const byId = new Map(topics.map((t) => [t.id, t]));
  const top = (
    db
      .prepare(
        `SELECT topic_id AS id, SUM(messages) AS messages, SUM(bytes) AS bytes FROM record_counts
         WHERE topic_id ${IN_IDS} AND ${range} GROUP BY topic_id ORDER BY messages DESC LIMIT 10`,
      )
      .all(idList(topics), b.fromMinute, b.toMinute, startMinute) as {
      id: number;
      messages: number;
      bytes: number;
    }[]
  ).map((r) => {
    const t = byId.get(r.id) as MatchedTopic;
    return { source: t.source, topic: t.topic, messages: r.messages, bytes: r.bytes };
  });
  return { stepMs: b.stepMs, buckets, totalMessages: total, topics: topics.length, top };
}

type EventRow = Omit<RecordedEvent, 't' | 'detail'> & { ts: number; detail: string | null };

function toEvent(row: EventRow): RecordedEvent {
  let detail: Record<string, unknown> | null = null;
  try {
    detail = row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null;
  } catch {
    detail = null;
  }
  const { ts, ...rest } = row;
  return { ...rest, t: ts, detail };
}

/** The most recent `limit` events in the range, in time order, and how many matched. */
export function queryEvents(db: Database, q: EventsQuery): EventsResult {
  const limit = clampCount(q.limit, 50, 1000);
  const where = ['e.ts >= ?', 'e.ts < ?'];
  const params: unknown[] = [q.fromMs, q.toMs];
  if (q.source !== undefined) {
    where.push('s.key = ?');
    params.push(q.source);
  }
  if (hasTopicFilter(q)) {
    const ids = idList(matchTopics(db, q));
    if (q.device !== undefined && q.topic === undefined && q.pattern === undefined) {
      where.push(`(e.topic_id ${IN_IDS} OR e.subject = ?)`);
      params.push(ids, q.device);
    } else {
      where.push(`e.topic_id ${IN_IDS}`);
      params.push(ids);
    }
  }
  if (q.categories && q.categories.length > 0) {
    where.push(`e.category ${IN_IDS}`);
    params.push(JSON.stringify(q.categories));
  }
  const from = `FROM record_events e JOIN record_sources s ON s.id = e.source_id
    LEFT JOIN record_topics t ON t.id = e.topic_id WHERE ${where.join(' AND ')}`;
  const total = (db.prepare(`SELECT COUNT(*) AS n ${from}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT e.ts AS ts, s.key AS source, t.topic AS topic, e.category AS category, e.kind AS kind,
         e.severity AS severity, e.subject AS subject, e.summary AS summary, e.detail AS detail
       ${from} ORDER BY e.ts DESC, e.id DESC LIMIT ?`,
    )
    .all(...params, limit) as EventRow[];
  return { events: rows.reverse().map(toEvent), total };
}

/** The newest raw messages of the matched topics, newest first. */
export function queryMessages(db: Database, q: MessagesQuery): RecordedMessage[] {
  const limit = clampCount(q.limit, 20, 500);
  const topics = matchTopics(db, q);
  const byId = new Map(topics.map((t) => [t.id, t]));
  const rows = db
    .prepare(
      `SELECT topic_id AS id, ts, qos, retain, size, payload FROM record_messages
       WHERE topic_id ${IN_IDS} AND ts < ? ORDER BY ts DESC LIMIT ?`,
    )
    .all(idList(topics), q.beforeMs ?? Number.MAX_SAFE_INTEGER, limit) as {
    id: number;
    ts: number;
    qos: 0 | 1 | 2;
    retain: number;
    size: number;
    payload: Buffer;
  }[];
  return rows.map((r) => {
    const topic = byId.get(r.id) as MatchedTopic;
    const decoded = decodePayload(r.payload, STORED_PAYLOAD_BYTES, r.size);
    return {
      t: r.ts,
      source: topic.source,
      topic: topic.topic,
      qos: r.qos,
      retain: r.retain !== 0,
      size: r.size,
      payload_format: decoded.payload_format,
      payload: decoded.payload,
      ...(decoded.payload_truncated ? { payload_truncated: true as const } : {}),
    };
  });
}

/** Topics the record knows, with their fields. */
export function queryTopics(db: Database, q: TopicsQuery): TopicsResult {
  const limit = clampCount(q.limit, 100, 10_000);
  const topics = matchTopics(db, q);
  const rows = db
    .prepare(
      `SELECT t.id, t.first_ms AS firstMs, t.last_ms AS lastMs, t.messages, t.interval_ms AS intervalMs,
         t.retained_hash IS NOT NULL AS retained, t.availability, t.vanished,
         (SELECT group_concat(name, char(0)) FROM (SELECT name FROM record_fields f WHERE f.topic_id = t.id ORDER BY name)) AS fields
       FROM record_topics t WHERE t.id ${IN_IDS}`,
    )
    .all(idList(topics.slice(0, limit))) as {
    id: number;
    firstMs: number;
    lastMs: number;
    messages: number;
    intervalMs: number | null;
    retained: number;
    availability: 'online' | 'offline' | null;
    vanished: number;
    fields: string | null;
  }[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    topics: topics.slice(0, limit).flatMap((t) => {
      const r = byId.get(t.id);
      if (!r) return [];
      return [
        {
          source: t.source,
          topic: t.topic,
          firstMs: r.firstMs,
          lastMs: r.lastMs,
          messages: r.messages,
          intervalMs: r.intervalMs,
          retained: r.retained !== 0,
          availability: r.availability,
          vanished: r.vanished !== 0,
          fields: r.fields ? r.fields.split('\u0000') : [],
        },
      ];
    }),
    total: topics.length,
  };
}

/** Bytes the database file uses (free pages not counted). */
export function usedBytes(db: Database): number {
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const size = db.pragma('page_size', { simple: true }) as number;
  return (pages - free) * size;
}

/** Every source with its extent, and the space used. */
export function queryStatus(db: Database): RecordStatus {
  const sources = db
    .prepare(
      `SELECT s.key, s.label,
         (SELECT COUNT(*) FROM record_topics t WHERE t.source_id = s.id) AS topics,
         (SELECT COUNT(*) FROM record_events e WHERE e.source_id = s.id) AS events,
         (SELECT MIN(first_ms) FROM record_topics t WHERE t.source_id = s.id) AS firstMs,
         (SELECT MAX(last_ms) FROM record_topics t WHERE t.source_id = s.id) AS lastMs
       FROM record_sources s ORDER BY s.label`,
    )
    .all() as RecordStatus['sources'];
  return { sources, usedBytes: usedBytes(db) };
}
