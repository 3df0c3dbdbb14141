// Bounded per-session inventory of every topic seen: counts, first/last seen, retained flag, format.
import type { PayloadFormat } from './payload';

/** What the session knows about one topic. */
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

/** Default number of distinct topics a session remembers. */
export const DEFAULT_INVENTORY_LIMIT = 20_000;

/** A map of topics with a hard cap; topics beyond the cap are counted, not stored. */
export class TopicInventory {
  private readonly entries = new Map<string, TopicEntry>();
  /** Messages on topics that could not be stored because the inventory was full. */
  untrackedMessages = 0;

  constructor(readonly limit = DEFAULT_INVENTORY_LIMIT) {}

  /** Records one message. */
  record(
    topic: string,
    size: number,
    retained: boolean,
    format: PayloadFormat,
    atMs: number,
  ): void {
    const entry = this.entries.get(topic);
    if (entry) {
      entry.count++;
      entry.bytes += size;
      entry.lastSeenMs = atMs;
      // Live deliveries never carry the retain flag: once a retained copy was seen, the broker
      // holds a value until an empty retained message deletes it.
      entry.retained = retained ? size > 0 : entry.retained;
      entry.lastFormat = format;
      entry.lastSize = size;
      return;
    }
    if (this.entries.size >= this.limit) {
      this.untrackedMessages++;
      return;
    }
    this.entries.set(topic, {
      topic,
      count: 1,
      bytes: size,
      firstSeenMs: atMs,
      lastSeenMs: atMs,
      retained: retained && size > 0,
      lastFormat: format,
      lastSize: size,
    });
  }

  /** Number of distinct topics stored. */
  get size(): number {
    return this.entries.size;
  }

  /** The entry of one topic, if seen. */
  get(topic: string): TopicEntry | undefined {
    return this.entries.get(topic);
  }

  /** All entries (live objects: copy before handing out). */
  values(): IterableIterator<TopicEntry> {
    return this.entries.values();
  }
}
