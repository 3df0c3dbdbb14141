// Counting limits (console streams, connection probes): one Slots per core, so per process.

/** Named pools of counted slots; the core owns one, handed to tools as `ctx.slots`. */
export class Slots {
  private readonly used = new Map<string, number>();

  /**
   * Takes one of `max` slots of the pool `name`. Returns the function that gives it back (calling
   * it more than once is harmless), or undefined when every slot is taken.
   */
  take(name: string, max: number): (() => void) | undefined {
    const count = this.used.get(name) ?? 0;
    if (count >= max) return undefined;
    this.used.set(name, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used.set(name, Math.max(0, (this.used.get(name) ?? 1) - 1));
    };
  }

  /** Slots of the pool `name` in use now. */
  inUse(name: string): number {
    return this.used.get(name) ?? 0;
  }
}
