// Process-wide counting limits (console streams, connection probes), kept on globalThis for Next's duplicate bundles.

const KEY = Symbol.for('mqtt-mcp.slots');

function counts(): Map<string, number> {
  const g = globalThis as typeof globalThis & { [KEY]?: Map<string, number> };
  g[KEY] ??= new Map();
  return g[KEY];
}

/**
 * Takes one of `max` slots of the pool `name`. Returns the function that gives it back (calling it
 * more than once is harmless), or undefined when every slot is taken.
 */
export function takeSlot(name: string, max: number): (() => void) | undefined {
  const pool = counts();
  const used = pool.get(name) ?? 0;
  if (used >= max) return undefined;
  pool.set(name, used + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    pool.set(name, Math.max(0, (pool.get(name) ?? 1) - 1));
  };
}

/** Slots of the pool `name` in use now. */
export function slotsInUse(name: string): number {
  return counts().get(name) ?? 0;
}
