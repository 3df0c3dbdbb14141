// Bounded per-topic aggregation for the explorer: counts, rates, last values, history, deltas.
import type { MessageRecordShape } from '../mqtt/inbound-message';
import { hasWildcard, topicMatches } from '../mqtt/topics';
import { HistoryBudget, type HistoryHolder } from './history-budget';
import { numberAt, numericLeaves } from './numeric-leaves';

/** What the aggregator needs from a received message (InboundMessage fits). */
export interface ExplorerMessage {
  topic: string;
  retain: boolean;
  receivedAtMs: number;
  payload: { byteLength: number };
  toRecord(): MessageRecordShape;
}

/** Limits and clock of a topic tree. */
export interface TopicTreeOptions {
  /** Topics tracked; messages on further topics are counted as dropped. Default 20,000. */
  maxTopics?: number;
  /** Records kept per topic for history, diff, charts and findings. Default 200. */
  historySize?: number;
  /** Estimated bytes of all history rings; least recently updated go first. Default 64 MiB. */
  historyBudgetBytes?: number;
  /** A budget shared with other trees (historyBudgetBytes is then ignored). */
  budget?: HistoryBudget;
  /** Payload bytes kept in a record (last value and history). Default 4096. */
  payloadBytes?: number;
  /** Most topics one drain returns; the rest follow in the next drains. Default 2,000. */
  maxBatch?: number;
  /** Clock in ms since the epoch. Default Date.now. */
  now?: () => number;
}

/** The state of one topic as sent to the console. */
export interface TopicUpdate {
  topic: string;
  count: number;
  bytes: number;
  /** Retain flag of the last message. */
  retained: boolean;
  /** Messages per second over the last 10 s. */
  rate: number;
  first_seen_ms: number;
  last_seen_ms: number;
  payload_format: MessageRecordShape['payload_format'];
  /** Size of the last payload in bytes. */
  size_bytes: number;
  /** The last value on one line, cut to PREVIEW_CHARS. */
  preview: string;
}

/** Totals of a topic tree. */
export interface TopicTreeTotals {
  messages: number;
  bytes: number;
  topics: number;
  /** Distinct topics not tracked because of maxTopics (counted up to DROPPED_NAMES_CAP). */
  topics_dropped: number;
  /** Messages on topics not tracked. */
  messages_dropped: number;
  /** Messages per second over the last 10 s. */
  rate: number;
  started_at_ms: number;
}

/** What one drain returns: only topics that changed since the previous drain. */
export interface TopicTreeBatch {
  topics: TopicUpdate[];
  totals: TopicTreeTotals;
}

/** The last value and the kept history of one topic. */
export interface TopicHistory {
  topic: TopicUpdate;
  last: MessageRecordShape;
  /** Oldest first; the last entry is the last value. */
  history: MessageRecordShape[];
  /** False when the ring was evicted to stay within the history budget. */
  history_complete: boolean;
  /** Paths of the numeric leaves of the last value (`''`: the value itself is a number). */
  numeric_leaves: string[];
}

/** The numbers of one leaf of a topic over its kept history. */
export interface TopicSeries {
  topic: string;
  /** Leaf path (see numberAt); `''` for a topic whose payload is a number. */
  path: string;
  /** [receive time in ms, value], oldest first; records without a number there are skipped. */
  points: Array<[number, number]>;
  /** False when older records were let go to stay within the history budget. */
  complete: boolean;
}

/** A search over topic names and payloads. */
export interface TopicSearch {
  /** Substring of the topic (case-insensitive), or an MQTT filter when it contains + or #. */
  topic?: string;
  /** Substring of the payload text or JSON (case-insensitive), in the last value or the history. */
  payload?: string;
  /** Most matches returned. Default 100. */
  limit?: number;
}

/** One search match. */
export interface TopicSearchMatch {
  topic: TopicUpdate;
  /** Where the payload matched (last value or older record); absent for topic-only searches. */
  matched_in?: 'last' | 'history';
}

/** Search results. */
export interface TopicSearchResult {
  matches: TopicSearchMatch[];
  /** True when more topics matched than `limit`. */
  truncated: boolean;
}

/** Characters of a last value in a TopicUpdate preview. */
export const PREVIEW_CHARS = 160;
/** Dropped topic names remembered to count them distinctly. */
export const DROPPED_NAMES_CAP = 10_000;

const WINDOW_S = 10;
const RECORD_OVERHEAD_BYTES = 256;

/** Per-second buckets over the last WINDOW_S seconds. */
class RateWindow {
  private readonly buckets = new Uint32Array(WINDOW_S);
  private second = -Infinity;

  add(second: number, n = 1): void {
    // A message older than the window (clock step) no longer counts towards the rate.
    if (this.second - second >= WINDOW_S) return;
    this.advance(second);
    this.buckets[second % WINDOW_S] = (this.buckets[second % WINDOW_S] ?? 0) + n;
  }

  /** Messages per second over the window ending at `second`, rounded to 0.1. */
  rate(second: number): number {
    if (second - this.second >= WINDOW_S) return 0;
    this.advance(second);
    let sum = 0;
    for (const b of this.buckets) sum += b;
    return Math.round((sum / WINDOW_S) * 10) / 10;
  }

  private advance(second: number): void {
    if (second <= this.second) return;
    const gap = second - this.second;
    if (gap >= WINDOW_S) this.buckets.fill(0);
    else for (let s = this.second + 1; s <= second; s++) this.buckets[s % WINDOW_S] = 0;
    this.second = second;
  }
}

interface TopicEntry {
  topic: string;
  count: number;
  bytes: number;
  retained: boolean;
  firstSeenMs: number;
  lastSeenMs: number;
  last: MessageRecordShape;
  ring?: MessageRecordShape[];
  ringTouchedMs: number;
  ringEvicted: boolean;
  window: RateWindow;
  sentRate: number;
}

function payloadText(record: MessageRecordShape): string {
  return typeof record.payload === 'string'
    ? record.payload
    : (JSON.stringify(record.payload) ?? '');
}

/** A record whose payload is at most `max` bytes (characters for text, JSON text for values). */
export function capRecord(record: MessageRecordShape, max: number): MessageRecordShape {
  // A payload no larger than the cap cannot decode to more than the cap: skip the costly check.
  if (record.size_bytes <= max) return record;
  const text = payloadText(record);
  if (text.length <= max) return record;
  return {
    ...record,
    payload: text.slice(0, max),
    payload_truncated: true,
  };
}

function preview(record: MessageRecordShape): string {
  const text = payloadText(record);
  const line = text.length > PREVIEW_CHARS * 2 ? text.slice(0, PREVIEW_CHARS * 2) : text;
  const flat = line.replace(/\s+/g, ' ');
  return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS - 1)}…` : flat;
}

function numeric(record: MessageRecordShape, path: string): number | undefined {
  if (record.payload_format === 'binary' || record.payload_truncated) return undefined;
  return numberAt(record.payload, path);
}

function leavesOf(record: MessageRecordShape): string[] {
  return record.payload_format === 'json' && !record.payload_truncated
    ? numericLeaves(record.payload)
    : [];
}

function recordCost(record: MessageRecordShape): number {
  return Math.min(record.size_bytes, 8192) + RECORD_OVERHEAD_BYTES;
}

/** Aggregates the messages of one filter on one session, within fixed memory bounds. */
export class TopicTree implements HistoryHolder {
  private readonly topics = new Map<string, TopicEntry>();
  /** Topics with a history ring, least recently updated first (Map keeps insertion order). */
  private readonly rings = new Map<string, TopicEntry>();
  private readonly dirty = new Set<string>();
  /** Topics whose last sent rate was above zero: re-sent as their rate decays. */
  private readonly moving = new Set<string>();
  private readonly dropped = new Set<string>();
  private readonly window = new RateWindow();
  private readonly opts: Required<Omit<TopicTreeOptions, 'now' | 'budget'>>;
  private readonly now: () => number;
  private readonly budget: HistoryBudget;
  private historyBytes = 0;
  private messages = 0;
  private bytes = 0;
  private messagesDropped = 0;
  private readonly startedAtMs: number;

  constructor(options: TopicTreeOptions = {}) {
    this.opts = {
      maxTopics: options.maxTopics ?? 20_000,
      historySize: options.historySize ?? 200,
      historyBudgetBytes: options.historyBudgetBytes ?? 64 * 1024 * 1024,
      payloadBytes: options.payloadBytes ?? 4096,
      maxBatch: options.maxBatch ?? 2000,
    };
    this.now = options.now ?? Date.now;
    this.startedAtMs = this.now();
    this.budget = options.budget ?? new HistoryBudget(this.opts.historyBudgetBytes);
    this.budget.join(this);
  }

  /** Gives this tree's history bytes back to the budget and leaves it. */
  close(): void {
    for (const [topic, entry] of this.rings) this.dropRing(topic, entry);
    this.budget.leave(this);
  }

  /** Number of topics tracked. */
  get size(): number {
    return this.topics.size;
  }

  /** Estimated bytes held by history rings. */
  get historyBytesUsed(): number {
    return this.historyBytes;
  }

  /** Counts one message; topics beyond maxTopics are counted as dropped. */
  add(message: ExplorerMessage): void {
    if (message.retain && this.isReplay(message)) return;
    const size = message.payload.byteLength;
    const second = Math.floor(message.receivedAtMs / 1000);
    this.messages++;
    this.bytes += size;
    this.window.add(second);
    let entry = this.topics.get(message.topic);
    if (!entry) {
      if (this.topics.size >= this.opts.maxTopics) {
        this.messagesDropped++;
        if (this.dropped.size < DROPPED_NAMES_CAP) this.dropped.add(message.topic);
        return;
      }
      const record = capRecord(message.toRecord(), this.opts.payloadBytes);
      entry = {
        topic: message.topic,
        count: 0,
        bytes: 0,
        retained: message.retain,
        firstSeenMs: message.receivedAtMs,
        lastSeenMs: message.receivedAtMs,
        last: record,
        ringTouchedMs: 0,
        ringEvicted: false,
        window: new RateWindow(),
        sentRate: 0,
      };
      this.topics.set(message.topic, entry);
    } else {
      entry.last = capRecord(message.toRecord(), this.opts.payloadBytes);
    }
    entry.count++;
    entry.bytes += size;
    entry.retained = message.retain;
    entry.lastSeenMs = message.receivedAtMs;
    entry.window.add(second);
    this.remember(entry, entry.last);
    this.dirty.add(entry.topic);
  }

  /**
   * Whether a retained delivery repeats the topic's last value: the broker replays retained
   * messages when the session subscribes again (a retained scan, a publish confirmation), while
   * live messages reach an existing subscription without the retain flag. Not a new message.
   */
  private isReplay(message: ExplorerMessage): boolean {
    const entry = this.topics.get(message.topic);
    if (!entry || entry.last.size_bytes !== message.payload.byteLength) return false;
    const record = capRecord(message.toRecord(), this.opts.payloadBytes);
    return (
      record.payload_format === entry.last.payload_format &&
      JSON.stringify(record.payload) === JSON.stringify(entry.last.payload)
    );
  }

  private remember(entry: TopicEntry, record: MessageRecordShape): void {
    const { historySize } = this.opts;
    if (historySize === 0) return;
    if (!entry.ring) entry.ring = [];
    entry.ring.push(record);
    this.charge(recordCost(record));
    if (entry.ring.length > historySize) {
      this.charge(-recordCost(entry.ring.shift() as MessageRecordShape));
    }
    this.touchRing(entry);
    // Evict whole rings, least recently used first (over every tree), never the one just written.
    this.budget.settle(this, entry.topic);
  }

  private charge(bytes: number): void {
    this.historyBytes += bytes;
    this.budget.charge(bytes);
  }

  private touchRing(entry: TopicEntry): void {
    entry.ringTouchedMs = this.now();
    this.rings.delete(entry.topic);
    this.rings.set(entry.topic, entry);
  }

  private dropRing(topic: string, entry: TopicEntry): void {
    let bytes = 0;
    for (const r of entry.ring ?? []) bytes += recordCost(r);
    this.charge(-bytes);
    entry.ring = undefined;
    entry.ringEvicted = true;
    this.rings.delete(topic);
  }

  private oldestRing(spare?: string): TopicEntry | undefined {
    for (const entry of this.rings.values()) if (entry.topic !== spare) return entry;
    return undefined;
  }

  /** Time (ms) this tree's least recently used ring other than `spare` was last used. */
  oldestRingMs(spare?: string): number | undefined {
    return this.oldestRing(spare)?.ringTouchedMs;
  }

  /** Drops this tree's least recently used ring other than `spare`. */
  dropOldestRing(spare?: string): void {
    const entry = this.oldestRing(spare);
    if (entry) this.dropRing(entry.topic, entry);
  }

  private update(entry: TopicEntry, second: number): TopicUpdate {
    return {
      topic: entry.topic,
      count: entry.count,
      bytes: entry.bytes,
      retained: entry.retained,
      rate: entry.window.rate(second),
      first_seen_ms: entry.firstSeenMs,
      last_seen_ms: entry.lastSeenMs,
      payload_format: entry.last.payload_format,
      size_bytes: entry.last.size_bytes,
      preview: preview(entry.last),
    };
  }

  /** Totals now. */
  totals(): TopicTreeTotals {
    return {
      messages: this.messages,
      bytes: this.bytes,
      topics: this.topics.size,
      topics_dropped: this.dropped.size,
      messages_dropped: this.messagesDropped,
      rate: this.window.rate(Math.floor(this.now() / 1000)),
      started_at_ms: this.startedAtMs,
    };
  }

  /** Topics changed (or whose rate moved) since the previous drain, at most maxBatch of them. */
  drain(): TopicTreeBatch {
    const second = Math.floor(this.now() / 1000);
    const out: TopicUpdate[] = [];
    for (const topic of this.moving) {
      if (this.dirty.has(topic)) continue;
      const entry = this.topics.get(topic);
      if (!entry) continue;
      if (entry.window.rate(second) !== entry.sentRate) this.dirty.add(topic);
    }
    for (const topic of this.dirty) {
      if (out.length >= this.opts.maxBatch) break;
      this.dirty.delete(topic);
      const entry = this.topics.get(topic);
      if (!entry) continue;
      const u = this.update(entry, second);
      entry.sentRate = u.rate;
      if (u.rate > 0) this.moving.add(topic);
      else this.moving.delete(topic);
      out.push(u);
    }
    return { topics: out, totals: this.totals() };
  }

  /** True when a drain would return topics. */
  get pending(): boolean {
    return this.dirty.size > 0 || this.moving.size > 0;
  }

  /** Every topic, for a new console subscriber (does not consume pending changes). */
  snapshot(): TopicTreeBatch {
    const second = Math.floor(this.now() / 1000);
    const topics = [...this.topics.values()].map((e) => this.update(e, second));
    return { topics, totals: this.totals() };
  }

  /** The last value and kept history of one topic (marking it recently used), or undefined. */
  history(topic: string): TopicHistory | undefined {
    const entry = this.topics.get(topic);
    if (!entry) return undefined;
    if (entry.ring) this.touchRing(entry);
    return {
      topic: this.update(entry, Math.floor(this.now() / 1000)),
      last: entry.last,
      history: entry.ring ? [...entry.ring] : [entry.last],
      history_complete: !entry.ringEvicted,
      numeric_leaves: numeric(entry.last, '') === undefined ? leavesOf(entry.last) : [''],
    };
  }

  /** The numbers at `path` in the kept history of a topic, or undefined for an unknown topic. */
  series(topic: string, path: string): TopicSeries | undefined {
    const entry = this.topics.get(topic);
    if (!entry) return undefined;
    const points: Array<[number, number]> = [];
    for (const r of entry.ring ?? [entry.last]) {
      const value = numeric(r, path);
      if (value !== undefined) points.push([Date.parse(r.received_at), value]);
    }
    return { topic, path, points, complete: !entry.ringEvicted };
  }

  /** The kept records of the siblings of a topic (same parent level), at most `max` topics. */
  siblingsOf(topic: string, max: number): MessageRecordShape[][] {
    const cut = topic.lastIndexOf('/');
    const prefix = cut < 0 ? '' : topic.slice(0, cut + 1);
    const out: MessageRecordShape[][] = [];
    for (const entry of this.topics.values()) {
      if (out.length >= max) break;
      if (entry.topic === topic || !entry.topic.startsWith(prefix)) continue;
      if (entry.topic.indexOf('/', prefix.length) >= 0) continue;
      out.push(entry.ring ? [...entry.ring] : [entry.last]);
    }
    return out;
  }

  /** Topics whose name and/or payload match; topic names sorted. */
  search(query: TopicSearch): TopicSearchResult {
    const limit = query.limit ?? 100;
    const topicQ = query.topic?.trim() ?? '';
    const payloadQ = query.payload?.trim().toLowerCase() ?? '';
    const byFilter = topicQ !== '' && hasWildcard(topicQ);
    const topicLower = topicQ.toLowerCase();
    const second = Math.floor(this.now() / 1000);
    const names = [...this.topics.keys()].sort();
    const matches: TopicSearchMatch[] = [];
    for (const name of names) {
      if (topicQ !== '') {
        const ok = byFilter ? topicMatches(topicQ, name) : name.toLowerCase().includes(topicLower);
        if (!ok) continue;
      }
      const entry = this.topics.get(name) as TopicEntry;
      let matchedIn: TopicSearchMatch['matched_in'];
      if (payloadQ !== '') {
        if (payloadText(entry.last).toLowerCase().includes(payloadQ)) matchedIn = 'last';
        else if (entry.ring?.some((r) => payloadText(r).toLowerCase().includes(payloadQ))) {
          matchedIn = 'history';
        } else continue;
      }
      if (matches.length >= limit) return { matches, truncated: true };
      matches.push({
        topic: this.update(entry, second),
        ...(matchedIn ? { matched_in: matchedIn } : {}),
      });
    }
    return { matches, truncated: false };
  }
}
