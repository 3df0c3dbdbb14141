// Process-wide table of topic names: each distinct topic string is stored once and named by a small id.
/**
 * Interns topic names for the per-topic statistics of every session and tool window: a topic held
 * by several sessions is one string and one map entry, and each holder refers to it by id. Holders
 * take a reference per topic and give it back when they are dropped; an id whose last reference is
 * gone is reused.
 */
export class TopicTable {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private refs = new Int32Array(64);
  private readonly free: number[] = [];

  /** Number of distinct topics held. */
  get size(): number {
    return this.ids.size;
  }

  /** The id of a topic, or -1 when nobody holds it. */
  idOf(topic: string): number {
    return this.ids.get(topic) ?? -1;
  }

  /** The topic named by a held id. */
  nameOf(id: number): string {
    return this.names[id] as string;
  }

  /** Takes one reference to a topic and returns its id. */
  acquire(topic: string): number {
    let id = this.ids.get(topic);
    if (id === undefined) {
      id = this.free.pop() ?? this.names.length;
      if (id >= this.refs.length) {
        const refs = new Int32Array(this.refs.length * 2);
        refs.set(this.refs);
        this.refs = refs;
      }
      this.ids.set(topic, id);
      this.names[id] = topic;
    }
    this.refs[id] = (this.refs[id] as number) + 1;
    return id;
  }

  /** Gives back one reference; the topic is forgotten with its last one. */
  release(id: number): void {
    const left = (this.refs[id] as number) - 1;
    if (left < 0) throw new Error(`topic id ${id} released more often than acquired`);
    this.refs[id] = left;
    if (left > 0) return;
    this.ids.delete(this.names[id] as string);
    this.names[id] = '';
    this.free.push(id);
  }
}

/** The table shared by every session and tool of this process. */
export const sharedTopicTable = new TopicTable();
