// What one process owns beside the core: console runs, explorers, and the transports' parts (MCP HTTP, socket).
import { ConsoleRuns } from './console-runs';
import { ExplorerRegistry } from './explorer/explorer-registry';
import type { Slots } from './slots';

/** A part a transport adds to the process (kept by key, closed with the hub). */
export interface ProcessPart {
  close(): Promise<void> | void;
}

/** A typed key for a transport's part: the adapter that defines it knows its type. */
export interface PartKey<T extends ProcessPart> {
  readonly name: string;
  /** Phantom field carrying T; never set. */
  readonly type?: T;
}

/** Creates the key of a transport part. */
export function partKey<T extends ProcessPart>(name: string): PartKey<T> {
  return { name };
}

/** What owns the process parts (the hub); adapters reach the parts through it. */
export interface PartsOwner {
  readonly parts: ProcessParts;
}

/** Everything process-wide that is not the core itself; `hub.parts`. */
export class ProcessParts {
  readonly consoleRuns = new ConsoleRuns();
  readonly explorers = new ExplorerRegistry();
  private readonly parts = new Map<string, ProcessPart>();

  constructor(
    /** The core's counting limits (console streams, connection probes). */
    readonly slots: Slots,
  ) {}

  /** The part under `key`, created by `create` on first use. */
  get<T extends ProcessPart>(key: PartKey<T>, create: () => T): T {
    let part = this.parts.get(key.name);
    if (!part) {
      part = create();
      this.parts.set(key.name, part);
    }
    // The key's type parameter is the only way a part is stored under that name.
    return part as T;
  }

  /** The part under `key` when it exists. */
  find<T extends ProcessPart>(key: PartKey<T>): T | undefined {
    return this.parts.get(key.name) as T | undefined;
  }

  /** Stores `part` under `key` (replacing none: the first one stays); returns the one kept. */
  set<T extends ProcessPart>(key: PartKey<T>, part: T): T {
    return this.get(key, () => part);
  }

  /** Closes the transports' parts and releases every explorer. */
  async close(): Promise<void> {
    const parts = [...this.parts.values()];
    this.parts.clear();
    await Promise.all(parts.map(async (p) => p.close()));
    await this.explorers.closeAll();
  }
}
