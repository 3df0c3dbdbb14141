// Undo records of cleared retained messages: what was on the broker, byte for byte, to put it back.
import { randomUUID } from 'node:crypto';
import type { Database } from './db';

/** One retained message as it was on the broker (MQTT 5 properties as publish options). */
export interface SavedRetained {
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  properties?: SavedProperties;
}

/** The MQTT 5 publish properties a retained message carried (what a republish sends again). */
export interface SavedProperties {
  contentType?: string;
  payloadFormatIndicator?: boolean;
  messageExpiryInterval?: number;
  responseTopic?: string;
  correlationData?: Buffer;
  userProperties?: Record<string, string | string[]>;
}

/** A clear that can be undone. */
export interface UndoRecord {
  id: string;
  createdMs: number;
  sessionId: string;
  broker: string;
  topicPattern: string;
  restoredMs?: number;
  messages: SavedRetained[];
}

/** Where undo records are kept: the store's tables, or memory in a process without a store. */
export interface UndoLog {
  /** Saves the messages about to be cleared and returns the new record's id. */
  save(record: Omit<UndoRecord, 'id' | 'createdMs' | 'restoredMs'>): string;
  get(id: string): UndoRecord | undefined;
  markRestored(id: string, atMs: number): void;
  /** Deletes records older than `retentionDays`; returns how many. */
  prune(retentionDays: number, nowMs?: number): number;
}

const DAY_MS = 86_400_000;

function propertiesToJson(p: SavedProperties | undefined): string | null {
  if (!p) return null;
  return JSON.stringify({ ...p, correlationData: p.correlationData?.toString('base64') });
}

function propertiesFromJson(text: string | null): SavedProperties | undefined {
  if (text === null) return undefined;
  const p = JSON.parse(text) as Omit<SavedProperties, 'correlationData'> & {
    correlationData?: string;
  };
  return {
    ...p,
    correlationData:
      p.correlationData === undefined ? undefined : Buffer.from(p.correlationData, 'base64'),
  };
}

/** Undo records in SQLite (migration 3). */
export class SqliteUndoLog implements UndoLog {
  constructor(private readonly db: Database) {}

  /** Saves the record and its messages in one transaction. */
  save(record: Omit<UndoRecord, 'id' | 'createdMs' | 'restoredMs'>): string {
    const id = randomUUID();
    const head = this.db.prepare(
      'INSERT INTO retained_undo (id, created_ms, session_id, broker, topic_pattern) VALUES (?, ?, ?, ?, ?)',
    );
    const row = this.db.prepare(
      'INSERT INTO retained_undo_messages (undo_id, seq, topic, payload, qos, properties) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      head.run(id, Date.now(), record.sessionId, record.broker, record.topicPattern);
      record.messages.forEach((m, seq) =>
        row.run(id, seq, m.topic, m.payload, m.qos, propertiesToJson(m.properties)),
      );
    })();
    return id;
  }

  /** The record with its messages in their original order. */
  get(id: string): UndoRecord | undefined {
    const head = this.db
      .prepare(
        'SELECT id, created_ms, session_id, broker, topic_pattern, restored_ms FROM retained_undo WHERE id = ?',
      )
      .get(id) as
      | {
          id: string;
          created_ms: number;
          session_id: string;
          broker: string;
          topic_pattern: string;
          restored_ms: number | null;
        }
      | undefined;
    if (!head) return undefined;
    const rows = this.db
      .prepare(
        'SELECT topic, payload, qos, properties FROM retained_undo_messages WHERE undo_id = ? ORDER BY seq',
      )
      .all(id) as { topic: string; payload: Buffer; qos: 0 | 1 | 2; properties: string | null }[];
    return {
      id: head.id,
      createdMs: head.created_ms,
      sessionId: head.session_id,
      broker: head.broker,
      topicPattern: head.topic_pattern,
      restoredMs: head.restored_ms ?? undefined,
      messages: rows.map((r) => ({
        topic: r.topic,
        payload: r.payload,
        qos: r.qos,
        properties: propertiesFromJson(r.properties),
      })),
    };
  }

  /** Notes when the record was put back. */
  markRestored(id: string, atMs: number): void {
    this.db.prepare('UPDATE retained_undo SET restored_ms = ? WHERE id = ?').run(atMs, id);
  }

  /** Deletes old records (their messages go with them). */
  prune(retentionDays: number, nowMs: number = Date.now()): number {
    return this.db
      .prepare('DELETE FROM retained_undo WHERE created_ms < ?')
      .run(nowMs - retentionDays * DAY_MS).changes;
  }
}

/** Undo records in memory, for a standalone process without a store (lost on exit). */
export class MemoryUndoLog implements UndoLog {
  private readonly records = new Map<string, UndoRecord>();

  /** Keeps a copy of the record. */
  save(record: Omit<UndoRecord, 'id' | 'createdMs' | 'restoredMs'>): string {
    const id = randomUUID();
    this.records.set(id, { ...record, id, createdMs: Date.now() });
    return id;
  }

  /** The record, if kept. */
  get(id: string): UndoRecord | undefined {
    return this.records.get(id);
  }

  /** Notes when the record was put back. */
  markRestored(id: string, atMs: number): void {
    const record = this.records.get(id);
    if (record) record.restoredMs = atMs;
  }

  /** Forgets old records. */
  prune(retentionDays: number, nowMs: number = Date.now()): number {
    let removed = 0;
    for (const [id, r] of this.records) {
      if (r.createdMs < nowMs - retentionDays * DAY_MS && this.records.delete(id)) removed++;
    }
    return removed;
  }
}
