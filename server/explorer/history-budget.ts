// One memory budget shared by the history rings of every explorer: the oldest rings go first.

/** Something holding history rings charged to a budget (a topic tree). */
export interface HistoryHolder {
  /** Last update (ms) of its least recently updated ring other than `spare`, or undefined. */
  oldestRingMs(spare?: string): number | undefined;
  /** Drops that ring (its bytes are credited back through `release`). */
  dropOldestRing(spare?: string): void;
}

/** Estimated bytes of history held by several holders, kept under a limit. */
export class HistoryBudget {
  private readonly holders = new Set<HistoryHolder>();
  private usedBytes = 0;

  constructor(
    /** Most bytes all holders keep together. */
    readonly limitBytes: number,
  ) {}

  /** Estimated bytes held now. */
  get used(): number {
    return this.usedBytes;
  }

  /** Adds a holder whose rings may be evicted. */
  join(holder: HistoryHolder): void {
    this.holders.add(holder);
  }

  /** Removes a holder (it credits its bytes back first). */
  leave(holder: HistoryHolder): void {
    this.holders.delete(holder);
  }

  /** Counts bytes taken (positive) or given back (negative). */
  charge(bytes: number): void {
    this.usedBytes += bytes;
  }

  /** Evicts the oldest rings of all holders until within the limit; `from`'s `spare` ring stays. */
  settle(from: HistoryHolder, spare: string): void {
    while (this.usedBytes > this.limitBytes) {
      let oldest: HistoryHolder | undefined;
      let oldestMs = Infinity;
      for (const h of this.holders) {
        const ms = h.oldestRingMs(h === from ? spare : undefined);
        if (ms !== undefined && ms < oldestMs) {
          oldest = h;
          oldestMs = ms;
        }
      }
      if (!oldest) return;
      oldest.dropOldestRing(oldest === from ? spare : undefined);
    }
  }
}
