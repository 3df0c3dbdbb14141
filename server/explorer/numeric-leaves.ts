// Numbers inside payloads (pure): the numeric leaves of a JSON value and the value at a leaf path.

/** Most leaves listed for one payload. */
export const MAX_LEAVES = 50;
const MAX_DEPTH = 8;

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '' || text.length > 40) return undefined;
    const n = Number(text);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * The number at `path` in a payload: levels joined by `.` (array items by index, `values.0`);
 * the empty path is the payload itself (a JSON number or a text that is a number).
 */
export function numberAt(payload: unknown, path: string): number | undefined {
  let value = payload;
  if (path !== '') {
    for (const level of path.split('.')) {
      if (typeof value !== 'object' || value === null) return undefined;
      value = (value as Record<string, unknown>)[level];
    }
  }
  return asNumber(value);
}

/** Paths of the numeric leaves of a payload (`''` when the payload itself is a number), at most MAX_LEAVES. */
export function numericLeaves(payload: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown, path: string, depth: number) => {
    if (out.length >= MAX_LEAVES) return;
    if (typeof value === 'object' && value !== null) {
      if (depth >= MAX_DEPTH) return;
      for (const [key, child] of Object.entries(value)) {
        walk(child, path === '' ? key : `${path}.${key}`, depth + 1);
      }
      return;
    }
    if (asNumber(value) !== undefined) out.push(path);
  };
  walk(payload, '', 0);
  return out;
}
