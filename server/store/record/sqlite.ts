// The RecordStore over the hub's SQLite database (synchronous underneath, asynchronous contract).
import type { Database } from '../db';
import {
  queryCounts,
  queryEvents,
  queryMessages,
  querySeries,
  queryStatus,
  queryTopics,
} from './queries';
import type {
  CountsQuery,
  CountsResult,
  EventsQuery,
  EventsResult,
  MessagesQuery,
  RecordBatch,
  RecordedFinding,
  RecordedMessage,
  RecordSource,
  RecordStatus,
  RecordStore,
  SeriesQuery,
  SeriesResult,
  TopicState,
  TopicsQuery,
  TopicsResult,
  UpkeepLimits,
  UpkeepReport,
} from './types';
import { RecordUpkeep } from './upkeep';
import { RecordWriter } from './writer';

type TopicStateRow = Omit<TopicState, 'vanished'> & { vanished: number };

/** Runs a synchronous function as a promise (errors become rejections). */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

/** The record in SQLite: batched writes, indexed reads, upkeep. */
export class SqliteRecordStore implements RecordStore {
  private readonly writer: RecordWriter;
  private readonly keeper: RecordUpkeep;

  constructor(private readonly db: Database) {
    this.writer = new RecordWriter(db);
    this.keeper = new RecordUpkeep(db);
  }

  write(batch: RecordBatch): Promise<void> {
    return settle(() => this.writer.write(batch));
  }

  recordFinding(source: RecordSource, finding: RecordedFinding): Promise<void> {
    return settle(() => this.writer.recordFinding(source, finding));
  }

  topicStates(sourceKey: string): Promise<TopicState[]> {
    return settle(() =>
      (
        this.db
          .prepare(
            `SELECT t.topic, t.first_ms AS firstMs, t.last_ms AS lastMs, t.messages,
               t.interval_ms AS intervalMs, t.retained_hash AS retainedHash, t.availability, t.vanished
             FROM record_topics t JOIN record_sources s ON s.id = t.source_id WHERE s.key = ?`,
          )
          .all(sourceKey) as TopicStateRow[]
      ).map((r) => ({ ...r, vanished: r.vanished !== 0 })),
    );
  }

  series(query: SeriesQuery): Promise<SeriesResult> {
    return settle(() => querySeries(this.db, query));
  }

  counts(query: CountsQuery): Promise<CountsResult> {
    return settle(() => queryCounts(this.db, query));
  }

  events(query: EventsQuery): Promise<EventsResult> {
    return settle(() => queryEvents(this.db, query));
  }

  recentMessages(query: MessagesQuery): Promise<RecordedMessage[]> {
    return settle(() => queryMessages(this.db, query));
  }

  topics(query: TopicsQuery): Promise<TopicsResult> {
    return settle(() => queryTopics(this.db, query));
  }

  status(): Promise<RecordStatus> {
    return settle(() => queryStatus(this.db));
  }

  upkeep(limits: UpkeepLimits): Promise<UpkeepReport> {
    return this.keeper.run(limits, () => this.writer.forgetIds());
  }

  removeSource(sourceKey: string): Promise<boolean> {
    return settle(() =>
      this.db
        .transaction(() => {
          const source = this.db
            .prepare('SELECT id FROM record_sources WHERE key = ?')
            .get(sourceKey) as { id: number } | undefined;
          if (!source) return false;
          const topics = `SELECT id FROM record_topics WHERE source_id = ${source.id}`;
          const fields = `SELECT id FROM record_fields WHERE topic_id IN (${topics})`;
          this.db.exec(`
            DELETE FROM record_series WHERE field_id IN (${fields});
            DELETE FROM record_counts WHERE topic_id IN (${topics});
            DELETE FROM record_messages WHERE topic_id IN (${topics});
            DELETE FROM record_events WHERE source_id = ${source.id};
            DELETE FROM record_sources WHERE id = ${source.id};
          `);
          this.writer.forgetIds();
          return true;
        })
        .immediate(),
    );
  }
}
