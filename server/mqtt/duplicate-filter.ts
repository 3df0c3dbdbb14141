// Drops the extra copies a broker sends when a message matches several subscriptions of one session.
import { topicMatches } from './topics';

const COPY_WINDOW_MS = 20;

/**
 * With MQTT 5, each subscription carries its own identifier and only the copy tagged with the
 * lowest matching identifier is kept (exact). With MQTT 3.1.1, a message matching k filters is
 * expected k times in a row: the first copy is kept and up to k-1 identical copies that follow
 * within a few milliseconds are dropped. Retained replays answer one SUBSCRIBE each, so they are never duplicates.
 */
export class DuplicateFilter {
  private readonly ids = new Map<string, number>();
  /** Identifiers of tap subscriptions, whose copies only the tap receives (see Session.tap). */
  private readonly tapped = new Set<number>();
  private nextId = 1;
  private pending?: { topic: string; payload: Buffer; left: number; atMs: number };

  /** The subscription identifier of a filter (stable while the filter is held). */
  idFor(filter: string): number {
    let id = this.ids.get(filter);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(filter, id);
    }
    return id;
  }

  /** Forgets a filter that is no longer subscribed. */
  forget(filter: string): void {
    const id = this.ids.get(filter);
    if (id !== undefined) this.tapped.delete(id);
    this.ids.delete(filter);
  }

  /** Marks a held filter's identifier as a tap's own (its copies are not the ones to keep) or not. */
  setTapped(filter: string, tapped: boolean): void {
    const id = this.ids.get(filter);
    if (id === undefined) return;
    if (tapped) this.tapped.add(id);
    else this.tapped.delete(id);
  }

  /** Whether an identifier belongs to a tap's own subscription. */
  isTapped(id: number): boolean {
    return this.tapped.has(id);
  }

  private matching(topic: string): number[] {
    const out: number[] = [];
    for (const [filter, id] of this.ids) {
      if (!this.tapped.has(id) && topicMatches(filter, topic)) out.push(id);
    }
    return out;
  }

  /** True when this delivery is the one to keep. */
  accept(
    topic: string,
    payload: Buffer,
    retain: boolean,
    subscriptionIds: number | number[] | undefined,
  ): boolean {
    if (this.ids.size - this.tapped.size < 2 || retain) return true;
    if (subscriptionIds !== undefined) {
      const carried = (Array.isArray(subscriptionIds) ? subscriptionIds : [subscriptionIds]).filter(
        (id) => !this.tapped.has(id),
      );
      const lowest = Math.min(...this.matching(topic));
      return !Number.isFinite(lowest) || carried.includes(lowest);
    }
    const p = this.pending;
    const now = performance.now();
    // Copies of one message arrive back to back; an identical message later is a real repeat.
    if (
      p &&
      p.left > 0 &&
      now - p.atMs < COPY_WINDOW_MS &&
      p.topic === topic &&
      p.payload.equals(payload)
    ) {
      p.left--;
      return false;
    }
    const copies = this.matching(topic).length;
    this.pending = copies > 1 ? { topic, payload, left: copies - 1, atMs: now } : undefined;
    return true;
  }
}
