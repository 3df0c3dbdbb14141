// Writes recorder batches into the record tables: one transaction per batch, ids cached.
import type { Database } from '../db';
import type { EventInput, RecordBatch, RecordedFinding, RecordSource, TopicState } from './types';

/** Cached ids are dropped past this many entries (they are reloaded on demand). */
const MAX_CACHED_IDS = 500_000;
/** Longest detail JSON kept per event. */
const MAX_DETAIL_CHARS = 4000;
/** Longest summary kept per event. */
const MAX_SUMMARY_CHARS = 500;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function detailText(detail: Record<string, unknown> | undefined): string | null {
  if (!detail) return null;
  const text = JSON.stringify(detail);
  return text.length <= MAX_DETAIL_CHARS
    ? text
    : JSON.stringify({ truncated: true, preview: text.slice(0, MAX_DETAIL_CHARS / 2) });
}

/** A finding as the event it is recorded as (category `finding`, evidence and suggestion in detail). */
export function findingEvent(finding: RecordedFinding, nowMs: number): EventInput {
  return {
    ts: finding.atMs ?? nowMs,
    topic: finding.subject.topic,
    category: 'finding',
    kind: finding.kind,
    severity: finding.severity,
    subject: finding.subject.device,
    summary: finding.summary,
    detail: {
      ...(finding.evidence ? { evidence: finding.evidence } : {}),
      ...(finding.suggestion ? { suggestion: finding.suggestion } : {}),
    },
  };
}

/** Batched writes of the record; ids of topics and fields cached in memory. */
export class RecordWriter {
  private readonly topicIds = new Map<string, number>();
  private readonly fieldIds = new Map<string, number>();
  private readonly stmts;

  constructor(private readonly db: Database) {
    this.stmts = {
      source: db.prepare(
        `INSERT INTO record_sources (key, label, created_ms, updated_ms) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET label = excluded.label, updated_ms = excluded.updated_ms
         RETURNING id`,
      ),
      topic: db.prepare(
        `INSERT INTO record_topics (source_id, topic, first_ms, last_ms) VALUES (?, ?, ?, ?)
         ON CONFLICT (source_id, topic) DO UPDATE SET last_ms = max(last_ms, excluded.last_ms)
         RETURNING id`,
      ),
      topicState: db.prepare(
        `UPDATE record_topics SET first_ms = min(first_ms, @firstMs), last_ms = @lastMs,
           messages = @messages, interval_ms = @intervalMs, retained_hash = @retainedHash,
           availability = @availability, vanished = @vanished
         WHERE id = @id`,
      ),
      field: db.prepare(
        `INSERT INTO record_fields (topic_id, name) VALUES (?, ?)
         ON CONFLICT (topic_id, name) DO UPDATE SET name = excluded.name RETURNING id`,
      ),
      count: db.prepare(
        `INSERT INTO record_counts (topic_id, minute, messages, bytes) VALUES (?, ?, ?, ?)
         ON CONFLICT (topic_id, minute) DO UPDATE SET
           messages = messages + excluded.messages, bytes = bytes + excluded.bytes`,
      ),
      series: db.prepare(
        `INSERT INTO record_series (field_id, minute, n, min, max, sum, last)
         VALUES (@id, @minute, @n, @min, @max, @sum, @last)
         ON CONFLICT (field_id, minute) DO UPDATE SET n = n + excluded.n,
           min = min(min, excluded.min), max = max(max, excluded.max), sum = sum + excluded.sum,
           last = excluded.last`,
      ),
      event: db.prepare(
        `INSERT INTO record_events (source_id, topic_id, ts, category, kind, severity, subject, summary, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      message: db.prepare(
        `INSERT OR REPLACE INTO record_messages (topic_id, slot, ts, qos, retain, size, payload)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
  }

  /** Forgets every cached id (after rows were deleted). */
  forgetIds(): void {
    this.topicIds.clear();
    this.fieldIds.clear();
  }

  /** Writes a batch in one immediate transaction. */
  write(batch: RecordBatch, nowMs: number = Date.now()): void {
    this.db.transaction(() => this.writeInside(batch, nowMs)).immediate();
  }

  /** Records one finding as an event of category `finding`. */
  recordFinding(source: RecordSource, finding: RecordedFinding, nowMs: number = Date.now()): void {
    const events = [findingEvent(finding, nowMs)];
    this.write({ source, topics: [], counts: [], fields: [], events, messages: [] }, nowMs);
  }

  private writeInside(batch: RecordBatch, nowMs: number): void {
    const sourceId = this.sourceId(batch.source, nowMs);
    const topicId = (topic: string, atMs: number) => this.topicId(sourceId, topic, atMs);
    for (const state of batch.topics)
      this.writeTopicState(topicId(state.topic, state.lastMs), state);
    for (const c of batch.counts) {
      this.stmts.count.run(topicId(c.topic, nowMs), c.minute, c.messages, c.bytes);
    }
    for (const f of batch.fields) {
      this.stmts.series.run({ ...f, id: this.fieldId(topicId(f.topic, nowMs), f.field) });
    }
    for (const e of batch.events) {
      this.stmts.event.run(
        sourceId,
        e.topic === undefined ? null : topicId(e.topic, e.ts),
        Math.round(e.ts),
        e.category,
        e.kind,
        e.severity ?? null,
        e.subject ?? null,
        clip(e.summary, MAX_SUMMARY_CHARS),
        detailText(e.detail),
      );
    }
    for (const m of batch.messages) {
      this.stmts.message.run(
        topicId(m.topic, m.ts),
        m.slot,
        m.ts,
        m.qos,
        m.retain ? 1 : 0,
        m.size,
        m.payload,
      );
    }
  }

  private writeTopicState(id: number, s: TopicState): void {
    this.stmts.topicState.run({
      id,
      firstMs: s.firstMs,
      lastMs: s.lastMs,
      messages: s.messages,
      intervalMs: s.intervalMs,
      retainedHash: s.retainedHash,
      availability: s.availability,
      vanished: s.vanished ? 1 : 0,
    });
  }

  private sourceId(source: RecordSource, nowMs: number): number {
    return (this.stmts.source.get(source.key, source.label, nowMs, nowMs) as { id: number }).id;
  }

  private topicId(sourceId: number, topic: string, atMs: number): number {
    const key = `${sourceId}\u0000${topic}`;
    let id = this.topicIds.get(key);
    if (id === undefined) {
      id = (this.stmts.topic.get(sourceId, topic, atMs, atMs) as { id: number }).id;
      if (this.topicIds.size >= MAX_CACHED_IDS) this.topicIds.clear();
      this.topicIds.set(key, id);
    }
    return id;
  }

  private fieldId(topicId: number, name: string): number {
    const key = `${topicId}\u0000${name}`;
    let id = this.fieldIds.get(key);
    if (id === undefined) {
      id = (this.stmts.field.get(topicId, name) as { id: number }).id;
      if (this.fieldIds.size >= MAX_CACHED_IDS) this.fieldIds.clear();
      this.fieldIds.set(key, id);
    }
    return id;
  }
}
