// The numeric leaves of a decoded JSON payload, by dotted path, bounded (pure).
import { isJsonObject } from '../analysis/message';

/** Fields read per payload at most. */
export const MAX_FIELDS_PER_PAYLOAD = 32;
/** Path of a payload that is itself a number. */
export const ROOT_FIELD = '$';

const MAX_DEPTH = 4;
const MAX_ARRAY_ITEMS = 8;
// Times are not measurements: ts, timestamp, time, epoch ... and *_at, *_ts, *_time, last_seen.
const TIME_KEY =
  /^(ts|timestamp|time|datetime|date|epoch|unix_?time)(_ms)?$|(_at|_ts|_time)$|^last_seen$/i;

/**
 * Calls `emit(path, value)` for each finite number in a JSON value: `$` for a bare number, else
 * dotted paths (`sensor.temp`, `values.0`), at most MAX_FIELDS_PER_PAYLOAD, depth 4, 8 array items.
 */
export function numericFields(value: unknown, emit: (path: string, value: number) => void): void {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) emit(ROOT_FIELD, value);
    return;
  }
  let left = MAX_FIELDS_PER_PAYLOAD;
  const walk = (node: unknown, prefix: string, depth: number): void => {
    if (Array.isArray(node)) {
      const n = Math.min(node.length, MAX_ARRAY_ITEMS);
      for (let i = 0; i < n && left > 0; i++) visit(`${prefix}${i}`, node[i], depth);
      return;
    }
    if (!isJsonObject(node)) return;
    for (const key in node) {
      if (left <= 0) return;
      if (!TIME_KEY.test(key)) visit(`${prefix}${key}`, node[key], depth);
    }
  };
  const visit = (path: string, child: unknown, depth: number): void => {
    if (typeof child === 'number') {
      if (Number.isFinite(child)) {
        left--;
        emit(path, child);
      }
    } else if (typeof child === 'object' && child !== null && depth < MAX_DEPTH) {
      walk(child, `${path}.`, depth + 1);
    }
  };
  walk(value, '', 1);
}
