// Bounded per-session inventory of every topic seen: counts, first/last seen, retained flag, format.
import { TopicStats, type TopicEntry } from './topic-stats';
import { sharedTopicTable, type TopicTable } from './topic-table';

/** Default number of distinct topics a session remembers. */
export const DEFAULT_INVENTORY_LIMIT = 20_000;

/**
 * The topics of one session with a hard cap; topics beyond the cap are counted, not stored. The
 * retained flag says whether the broker holds a value: live deliveries never carry the retain flag,
 * so once a retained copy was seen it stays set until an empty retained message deletes it.
 */
export class TopicInventory extends TopicStats {
  /** Messages on topics that could not be stored because the inventory was full. */
  untrackedMessages = 0;

  constructor(limit = DEFAULT_INVENTORY_LIMIT, table: TopicTable = sharedTopicTable) {
    super(limit, 'broker', table);
  }

  /** Records one message; returns its topic's slot, or -1 (and counts it) when the inventory is full. */
  override record(...message: Parameters<TopicStats['record']>): number {
    const slot = super.record(...message);
    if (slot < 0) this.untrackedMessages++;
    return slot;
  }

  /** A copy of the entry of one topic, if seen. */
  get(topic: string): TopicEntry | undefined {
    const slot = this.slotOf(topic);
    return slot < 0 ? undefined : this.entryAt(slot);
  }

  /** Messages seen on a topic (0 when not stored). */
  countOf(topic: string): number {
    const slot = this.slotOf(topic);
    return slot < 0 ? 0 : this.countAt(slot);
  }

  /** Every topic stored, in order of first arrival. */
  *topics(): IterableIterator<string> {
    for (let slot = 0; slot < this.size; slot++) yield this.topicAt(slot);
  }

  /** Copies of all entries, in order of first arrival. */
  *values(): IterableIterator<TopicEntry> {
    for (let slot = 0; slot < this.size; slot++) yield this.entryAt(slot);
  }
}
