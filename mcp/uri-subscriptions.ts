// One connection's (or endpoint's) watched resource URIs, grouped by subscription, one watch per URI.
import type { ResourceWatcher } from './resource-watch';

/**
 * Subscriptions keyed by an id (a listen request id, or the URI itself for resources/subscribe),
 * each naming URIs. Each URI is watched once however many subscriptions name it, so `notify` runs
 * once per change; the watch ends with the last subscription naming it.
 */
export class UriSubscriptions {
  private readonly byKey = new Map<unknown, string[]>();
  private readonly watches = new Map<string, { refs: number; stop: () => void }>();

  constructor(
    private readonly watcher: ResourceWatcher,
    private readonly notify: (uri: string) => void,
  ) {}

  /** Adds (or replaces) the subscription `key`; throws when a URI cannot be watched. */
  add(key: unknown, uris: readonly string[]): void {
    this.remove(key);
    const held: string[] = [];
    try {
      for (const uri of new Set(uris)) {
        const watch = this.watches.get(uri);
        if (watch) watch.refs++;
        else this.watches.set(uri, { refs: 1, stop: this.watcher.watch(uri, this.notify) });
        held.push(uri);
      }
    } finally {
      this.byKey.set(key, held);
    }
  }

  /** True when the subscription `key` is held. */
  has(key: unknown): boolean {
    return this.byKey.has(key);
  }

  /** Ends the subscription `key` (no-op when unknown). */
  remove(key: unknown): void {
    const uris = this.byKey.get(key);
    if (!uris) return;
    this.byKey.delete(key);
    for (const uri of uris) {
      const watch = this.watches.get(uri);
      if (!watch || --watch.refs > 0) continue;
      this.watches.delete(uri);
      watch.stop();
    }
  }

  /** Ends every subscription. */
  clear(): void {
    for (const key of [...this.byKey.keys()]) this.remove(key);
  }
}
