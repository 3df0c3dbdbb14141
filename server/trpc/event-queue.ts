// EventQueue: the one push-to-async-iterable bridge behind the console's subscriptions (tools.run, explorer.watch).

/** How a queue bounds itself and when its iteration stops early. */
export interface EventQueueOptions {
  /** When a push finds more than `max` items waiting, only the newest `keep` stay. Default: unbounded. */
  max?: number;
  /** Items kept when the queue overflows (default 1: the latest state). */
  keep?: number;
  /** Iteration ends (without error) once this aborts. */
  signal?: AbortSignal;
}

/**
 * Items pushed from callbacks, read once with `for await`: ends after `end()` (the waiting items
 * first), throws after `fail()`, stops when the signal aborts. A slow reader of a bounded queue
 * skips to the newest items instead of growing without limit.
 */
export class EventQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private wake?: () => void;
  private ended = false;
  private failure?: { error: unknown };

  constructor(private readonly options: EventQueueOptions = {}) {}

  /** Items waiting to be read. */
  get size(): number {
    return this.items.length;
  }

  /** Adds an item (ignored after end or fail). */
  push(item: T): void {
    if (this.ended) return;
    const { max, keep = 1 } = this.options;
    if (max !== undefined && this.items.length > max) {
      this.items.splice(0, this.items.length - keep);
    }
    this.items.push(item);
    this.wake?.();
  }

  /** No more items: iteration ends once the waiting ones are read. */
  end(): void {
    this.ended = true;
    this.wake?.();
  }

  /** Iteration throws `error` once the waiting items are read. */
  fail(error: unknown): void {
    if (this.ended) return;
    this.failure = { error };
    this.end();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    const { signal } = this.options;
    const onAbort = () => this.wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      while (!signal?.aborted) {
        if (this.items.length > 0) {
          yield this.items.shift() as T;
          continue;
        }
        if (this.failure) throw this.failure.error;
        if (this.ended) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
