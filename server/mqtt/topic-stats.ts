// Per-topic message statistics in typed arrays (no object per topic), keyed by shared topic ids.
import type { PayloadFormat } from './payload';
import { resized, TopicSlots } from './topic-slots';
import { sharedTopicTable, type TopicTable } from './topic-table';

/**
 * How a topic's retained flag follows its messages. `broker`: whether the broker holds a value
 * (set by a non-empty retained message, cleared by an empty one, kept by live deliveries, which
 * never carry the flag). `window`: whether any message recorded was a retained one.
 */
export type RetainedRule = 'broker' | 'window';

/** What is known about one topic (a copy). */
export interface TopicEntry {
  topic: string;
  count: number;
  bytes: number;
  firstSeenMs: number;
  lastSeenMs: number;
  retained: boolean;
  lastFormat: PayloadFormat;
  lastSize: number;
}

const FORMATS: readonly PayloadFormat[] = ['json', 'text', 'binary'];
const FORMAT_CODE: Record<PayloadFormat, number> = { json: 0, text: 1, binary: 2 };
const RETAINED = 1;

/**
 * Statistics of up to `limit` topics in parallel typed arrays indexed by TopicSlots: about 45
 * bytes per topic instead of an object, a map entry and a string per holder. Call release() when
 * done, so the shared table can forget the names.
 */
export class TopicStats {
  private readonly slots: TopicSlots;
  private counts = new Float64Array(0);
  private byteTotals = new Float64Array(0);
  private firstSeen = new Float64Array(0);
  private lastSeen = new Float64Array(0);
  private lastSizes = new Uint32Array(0);
  /** Bit 0: retained; bits 1-2: the last payload format. */
  private flags = new Uint8Array(0);

  constructor(
    readonly limit: number,
    private readonly retainedRule: RetainedRule,
    table: TopicTable = sharedTopicTable,
  ) {
    this.slots = new TopicSlots(limit, table);
  }

  /** Number of topics stored. */
  get size(): number {
    return this.slots.size;
  }

  /** The slot of a topic (0 for the first one stored, then 1, ...), or -1 when it is not stored. */
  slotOf(topic: string): number {
    return this.slots.slotOf(topic);
  }

  /** Records one message; returns its topic's slot, or -1 when the topic is new and the store is full. */
  record(
    topic: string,
    size: number,
    retained: boolean,
    format: PayloadFormat,
    atMs: number,
  ): number {
    let slot = this.slots.slotOf(topic);
    let wasRetained = false;
    if (slot < 0) {
      slot = this.slots.add(topic);
      if (slot < 0) return -1;
      if (slot >= this.counts.length) this.resize(this.slots.capacity);
      this.firstSeen[slot] = atMs;
    } else {
      wasRetained = ((this.flags[slot] as number) & RETAINED) !== 0;
    }
    const keep =
      this.retainedRule === 'window' ? wasRetained || retained : retained ? size > 0 : wasRetained;
    this.counts[slot] = (this.counts[slot] as number) + 1;
    this.byteTotals[slot] = (this.byteTotals[slot] as number) + size;
    this.lastSeen[slot] = atMs;
    this.lastSizes[slot] = size;
    this.flags[slot] = (keep ? RETAINED : 0) | (FORMAT_CODE[format] << 1);
    return slot;
  }

  /** The topic in a slot. */
  topicAt(slot: number): string {
    return this.slots.topicAt(slot);
  }

  /** Messages recorded on the topic in a slot. */
  countAt(slot: number): number {
    return this.counts[slot] as number;
  }

  /** A copy of what is known about the topic in a slot. */
  entryAt(slot: number): TopicEntry {
    const flags = this.flags[slot] as number;
    return {
      topic: this.topicAt(slot),
      count: this.counts[slot] as number,
      bytes: this.byteTotals[slot] as number,
      firstSeenMs: this.firstSeen[slot] as number,
      lastSeenMs: this.lastSeen[slot] as number,
      retained: (flags & RETAINED) !== 0,
      lastFormat: FORMATS[flags >> 1] as PayloadFormat,
      lastSize: this.lastSizes[slot] as number,
    };
  }

  /** Forgets every topic and gives the names back to the table (the store can be reused). */
  release(): void {
    this.slots.release();
    this.resize(0);
  }

  private resize(capacity: number): void {
    this.counts = resized(this.counts, capacity);
    this.byteTotals = resized(this.byteTotals, capacity);
    this.firstSeen = resized(this.firstSeen, capacity);
    this.lastSeen = resized(this.lastSeen, capacity);
    this.lastSizes = resized(this.lastSizes, capacity);
    this.flags = resized(this.flags, capacity);
  }
}
