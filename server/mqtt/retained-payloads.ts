// The retained payload last counted per topic during one window, in one byte arena (no object per topic).
import { resized, TopicSlots } from './topic-slots';
import { sharedTopicTable, type TopicTable } from './topic-table';

const FIRST_ARENA_BYTES = 64 * 1024;

/**
 * Remembers, for up to `limit` topics, the bytes of the retained payload a window counted, so a
 * replay of the same value (another SUBSCRIBE on an overlapping filter) can be told apart from a
 * new one. The bytes are copied into one growing buffer instead of holding each message's Buffer.
 * Call release() when the window ends.
 */
export class RetainedPayloads {
  private readonly slots: TopicSlots;
  private offsets = new Float64Array(0);
  private lengths = new Uint32Array(0);
  private arena = Buffer.alloc(0);
  private used = 0;

  constructor(
    readonly limit: number,
    table: TopicTable = sharedTopicTable,
  ) {
    this.slots = new TopicSlots(limit, table);
  }

  /** Number of topics remembered. */
  get size(): number {
    return this.slots.size;
  }

  /**
   * True when `payload` is the one already remembered for the topic; otherwise remembers it (while
   * fewer than `limit` topics are held) and returns false.
   */
  repeats(topic: string, payload: Uint8Array): boolean {
    let slot = this.slots.slotOf(topic);
    if (slot >= 0) {
      const offset = this.offsets[slot] as number;
      const length = this.lengths[slot] as number;
      if (
        length === payload.byteLength &&
        this.arena.compare(payload, 0, length, offset, offset + length) === 0
      ) {
        return true;
      }
      if (this.slots.size >= this.limit) return false;
    } else {
      slot = this.slots.add(topic);
      if (slot < 0) return false;
      if (slot >= this.offsets.length) {
        this.offsets = resized(this.offsets, this.slots.capacity);
        this.lengths = resized(this.lengths, this.slots.capacity);
      }
    }
    this.offsets[slot] = this.append(payload);
    this.lengths[slot] = payload.byteLength;
    return false;
  }

  /** Forgets everything and gives the topic names back to the shared table. */
  release(): void {
    this.slots.release();
    this.offsets = new Float64Array(0);
    this.lengths = new Uint32Array(0);
    this.arena = Buffer.alloc(0);
    this.used = 0;
  }

  private append(payload: Uint8Array): number {
    const need = this.used + payload.byteLength;
    if (need > this.arena.length) {
      const arena = Buffer.allocUnsafeSlow(
        Math.max(FIRST_ARENA_BYTES, need, this.arena.length * 2),
      );
      this.arena.copy(arena, 0, 0, this.used);
      this.arena = arena;
    }
    const offset = this.used;
    this.arena.set(payload, offset);
    this.used = need;
    return offset;
  }
}
