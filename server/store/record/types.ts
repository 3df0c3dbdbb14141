// The record's storage contract: what the recorder writes and what tools and the console read.

/** Whether a device said it is reachable. */
export type RecordedAvailability = 'online' | 'offline';

/** Groups of recorded events. */
export const EVENT_CATEGORIES = ['availability', 'retained', 'topic', 'value', 'finding'] as const;

/** One group of recorded events. */
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

/** Severity of a recorded finding. */
export type RecordedSeverity = 'critical' | 'warning' | 'info';

/**
 * A finding to keep in the record (the shape the diagnosis engine's Finding already has): kept
 * as an event of category `finding`, the evidence and suggestion in its detail.
 */
export interface RecordedFinding {
  kind: string;
  severity: RecordedSeverity;
  subject: { topic?: string; device?: string };
  summary: string;
  evidence?: Record<string, unknown>;
  suggestion?: string;
  /** When it was observed, epoch ms (default: when it is recorded). */
  atMs?: number;
}

/** What is recorded: a saved profile (`profile:<id>`) or an ad-hoc session (`session:<id>`). */
export interface RecordSource {
  key: string;
  /** What a person recognises: the profile name or the broker URL (no secret). */
  label: string;
}

/** What the recorder keeps of one topic between batches (and reloads after a restart). */
export interface TopicState {
  topic: string;
  firstMs: number;
  lastMs: number;
  /** Messages recorded on the topic, ever (the raw-message slot counter). */
  messages: number;
  /** Typical time between live messages (a moving average), when known. */
  intervalMs: number | null;
  /** Hash of the retained payload the broker holds, null when none is known. */
  retainedHash: number | null;
  availability: RecordedAvailability | null;
  /** True once the topic went silent for much longer than its interval. */
  vanished: boolean;
}

/** Messages and bytes of one topic in one minute (added to what is stored). */
export interface CountDelta {
  topic: string;
  minute: number;
  messages: number;
  bytes: number;
}

/** Statistics of numeric values: how many, smallest, largest, sum and the last one. */
export interface FieldStats {
  n: number;
  min: number;
  max: number;
  sum: number;
  last: number;
}

/** Statistics of one numeric field of one topic in one minute (merged with what is stored). */
export interface FieldDelta extends FieldStats {
  topic: string;
  field: string;
  minute: number;
}

/** An event to record. */
export interface EventInput {
  ts: number;
  topic?: string;
  category: EventCategory;
  kind: string;
  severity?: RecordedSeverity;
  /** What it is about beyond the topic (a device id). */
  subject?: string;
  summary: string;
  detail?: Record<string, unknown>;
}

/** One raw message, kept in a ring of slots per topic. */
export interface RawMessageInput {
  topic: string;
  slot: number;
  ts: number;
  qos: 0 | 1 | 2;
  retain: boolean;
  /** Full size; `payload` may be a prefix of it. */
  size: number;
  payload: Buffer;
}

/** One batch of the recorder, written in one transaction. */
export interface RecordBatch {
  source: RecordSource;
  topics: TopicState[];
  counts: CountDelta[];
  fields: FieldDelta[];
  events: EventInput[];
  messages: RawMessageInput[];
}

/** Which topics a query is about; every field narrows, at least one of topic/pattern/device is usual. */
export interface RecordSelector {
  /** A source key; every source when omitted. */
  source?: string;
  /** One exact topic. */
  topic?: string;
  /** An MQTT filter (`+`, `#`). */
  pattern?: string;
  /** A device id: topics with a level equal to it. */
  device?: string;
}

/** A time range, epoch ms, `fromMs <= t < toMs`. */
export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/** A numeric series query. */
export interface SeriesQuery extends RecordSelector, TimeRange {
  /** Field path (`temperature`, `sensor.temp`, `$` for a plain numeric payload); all when omitted. */
  field?: string;
  /** Points per series (default 60, at most 1000; one more when the range starts mid-bucket). */
  points?: number;
  /** Series at most (default 5, at most 100). */
  maxSeries?: number;
}

/** One point of a series: a bucket starting at `t` (epoch ms). */
export interface SeriesPoint {
  t: number;
  min: number;
  max: number;
  mean: number;
  last: number;
  n: number;
}

/** The series of one field of one topic. */
export interface Series {
  source: string;
  topic: string;
  field: string;
  points: SeriesPoint[];
}

/** Series found, bucket width, and how many more matched than were returned. */
export interface SeriesResult {
  stepMs: number;
  series: Series[];
  more: number;
}

/** A counts-per-interval query. */
export interface CountsQuery extends RecordSelector, TimeRange {
  /** Buckets at most (default 60, at most 1000). */
  points?: number;
}

/** Messages and bytes of the matched topics per bucket, and the busiest topics. */
export interface CountsResult {
  stepMs: number;
  buckets: Array<{ t: number; messages: number; bytes: number }>;
  totalMessages: number;
  topics: number;
  top: Array<{ source: string; topic: string; messages: number; bytes: number }>;
}

/** An events query. */
export interface EventsQuery extends RecordSelector, TimeRange {
  categories?: EventCategory[];
  /** Most recent events returned (default 50, at most 1000). */
  limit?: number;
}

/** One recorded event. */
export interface RecordedEvent {
  t: number;
  source: string;
  topic: string | null;
  category: EventCategory;
  kind: string;
  severity: RecordedSeverity | null;
  subject: string | null;
  summary: string;
  detail: Record<string, unknown> | null;
}

/** Events in time order (the most recent `limit`) and how many matched in all. */
export interface EventsResult {
  events: RecordedEvent[];
  total: number;
}

/** A recent-messages query. */
export interface MessagesQuery extends RecordSelector {
  /** Messages received before this time only (epoch ms). */
  beforeMs?: number;
  /** Most recent messages returned (default 20, at most 500). */
  limit?: number;
}

/** A raw message as kept, its payload decoded. */
export interface RecordedMessage {
  t: number;
  source: string;
  topic: string;
  qos: 0 | 1 | 2;
  retain: boolean;
  size: number;
  payload_format: 'json' | 'text' | 'binary';
  payload: unknown;
  payload_truncated?: true;
}

/** A topics query. */
export interface TopicsQuery extends RecordSelector {
  limit?: number;
}

/** What the record knows of one topic. */
export interface RecordedTopic {
  source: string;
  topic: string;
  firstMs: number;
  lastMs: number;
  messages: number;
  intervalMs: number | null;
  retained: boolean;
  availability: RecordedAvailability | null;
  vanished: boolean;
  fields: string[];
}

/** Topics found (sorted) and how many matched in all. */
export interface TopicsResult {
  topics: RecordedTopic[];
  total: number;
}

/** One recorded source and its extent. */
export interface SourceStatus {
  key: string;
  label: string;
  topics: number;
  events: number;
  firstMs: number | null;
  lastMs: number | null;
}

/** The record as a whole. */
export interface RecordStatus {
  sources: SourceStatus[];
  /** Bytes the database uses (the record is most of it). */
  usedBytes: number;
}

/** Limits the upkeep enforces. */
export interface UpkeepLimits {
  nowMs: number;
  retentionDays: number;
  /** Hours kept at one-minute resolution before rows become 10-minute rollups. */
  detailHours: number;
  maxBytes: number;
  messagesPerTopic: number;
}

/** What one upkeep pass did. */
export interface UpkeepReport {
  expiredRows: number;
  rolledUpRows: number;
  cappedRows: number;
  usedBytes: number;
}

/**
 * Where the record lives. The SQLite implementation is synchronous underneath; the contract is
 * asynchronous so a server database can replace it without touching the recorder, tools or console.
 */
export interface RecordStore {
  /** Writes one batch atomically (all or nothing). */
  write(batch: RecordBatch): Promise<void>;
  /** Records one finding of a source now (outside the batches). */
  recordFinding(source: RecordSource, finding: RecordedFinding): Promise<void>;
  /** The persisted per-topic state of a source, to resume after a restart. */
  topicStates(sourceKey: string): Promise<TopicState[]>;
  /** Numeric series of fields, downsampled to about `points` buckets aligned on the step. */
  series(query: SeriesQuery): Promise<SeriesResult>;
  /** Messages and bytes per bucket over the matched topics. */
  counts(query: CountsQuery): Promise<CountsResult>;
  /** Availability transitions, retained changes, topics appearing/vanishing, frozen values, findings. */
  events(query: EventsQuery): Promise<EventsResult>;
  /** The last raw messages kept of the matched topics, newest first. */
  recentMessages(query: MessagesQuery): Promise<RecordedMessage[]>;
  /** Topics the record knows, with their numeric fields. */
  topics(query: TopicsQuery): Promise<TopicsResult>;
  /** Every source and the space used. */
  status(): Promise<RecordStatus>;
  /** Retention, roll-up of old minutes, size cap and raw-message slots beyond the limit. */
  upkeep(limits: UpkeepLimits): Promise<UpkeepReport>;
  /** Deletes everything recorded of a source; false when there was none. */
  removeSource(sourceKey: string): Promise<boolean>;
}
