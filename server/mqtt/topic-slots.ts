// Dense slots (0, 1, ...) for the topics of one holder, keyed by the ids of the shared topic table.
import { sharedTopicTable, type TopicTable } from './topic-table';

const FIRST_CAPACITY = 64;

/**
 * Numbers up to `limit` topics 0, 1, ... in order of arrival, so that their data can live in
 * parallel typed arrays indexed by slot; the names stay once in a TopicTable. Lookups go through an
 * open-addressing index (no map entry per topic). Call release() when done, so the table can
 * forget the names.
 */
export class TopicSlots {
  private count = 0;
  private topicIds = new Int32Array(0);
  /** Topic id to slot + 1 (0 = empty); a power of two, at most half full. */
  private index = new Int32Array(0);
  /** 32 - log2(index.length): the multiplicative hash keeps its top bits. */
  private shift = 32;

  constructor(
    readonly limit: number,
    private readonly table: TopicTable = sharedTopicTable,
  ) {}

  /** Number of topics numbered. */
  get size(): number {
    return this.count;
  }

  /** Slots that fit before the next growth (parallel arrays should be at least this long). */
  get capacity(): number {
    return this.topicIds.length;
  }

  /** The slot of a topic, or -1 when it has none. */
  slotOf(topic: string): number {
    const id = this.table.idOf(topic);
    if (id < 0 || this.count === 0) return -1;
    const mask = this.index.length - 1;
    for (let i = this.hash(id); ; i = (i + 1) & mask) {
      const entry = this.index[i] as number;
      if (entry === 0) return -1;
      if (this.topicIds[entry - 1] === id) return entry - 1;
    }
  }

  /** Gives a topic without a slot the next one; -1 when `limit` topics are numbered already. */
  add(topic: string): number {
    if (this.count >= this.limit) return -1;
    if (this.count === this.topicIds.length) this.grow();
    const slot = this.count++;
    const id = this.table.acquire(topic);
    this.topicIds[slot] = id;
    this.insert(id, slot);
    return slot;
  }

  /** The topic in a slot. */
  topicAt(slot: number): string {
    return this.table.nameOf(this.topicIds[slot] as number);
  }

  /** Forgets every topic and gives the names back to the table (the slots can be reused). */
  release(): void {
    for (let slot = 0; slot < this.count; slot++) this.table.release(this.topicIds[slot] as number);
    this.count = 0;
    this.topicIds = new Int32Array(0);
    this.index = new Int32Array(0);
    this.shift = 32;
  }

  private hash(id: number): number {
    return Math.imul(id + 1, 0x9e3779b1) >>> this.shift;
  }

  private insert(id: number, slot: number): void {
    const mask = this.index.length - 1;
    let i = this.hash(id);
    while (this.index[i] !== 0) i = (i + 1) & mask;
    this.index[i] = slot + 1;
  }

  private grow(): void {
    const capacity = Math.min(Math.max(FIRST_CAPACITY, this.count * 2), this.limit);
    this.topicIds = resized(this.topicIds, capacity);
    let indexSize = 2;
    while (indexSize < capacity * 2) indexSize *= 2;
    this.index = new Int32Array(indexSize);
    this.shift = 32 - Math.log2(indexSize);
    for (let slot = 0; slot < this.count; slot++) this.insert(this.topicIds[slot] as number, slot);
  }
}

/** A new array of `length` elements holding the start of `from` (zero-filled beyond it). */
export function resized<T extends Int32Array | Uint32Array | Float64Array | Uint8Array>(
  from: T,
  length: number,
): T {
  const to = new (from.constructor as new (n: number) => T)(length);
  to.set(from.length > length ? from.subarray(0, length) : from);
  return to;
}
