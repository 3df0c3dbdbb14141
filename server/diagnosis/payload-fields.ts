// Reads what the detectors need from a payload: scalar fields by path, its own time field, a short preview.
import { isJsonObject, type PayloadFormat } from '../analysis/message';

/** A scalar found in a payload. */
export type Scalar = number | string | boolean | null;

/** Most fields read per payload (top level and one nested level together). */
export const MAX_FIELDS = 32;

/** Longest plain-text payload read as a value (longer text is not a reading). */
const MAX_TEXT_VALUE = 24;

/*
 * Time fields: ts, timestamp, time, datetime, date_time, epoch, unix_time (and _ms variants) at the
 * top level. Numbers are epoch seconds, milliseconds or microseconds; strings are ISO 8601 with a
 * zone (Z or an offset) or digits. Times without a zone (Tasmota's local "Time") are ignored: their
 * offset cannot be told from a skew. Only years 2000-2100 count.
 */
const TIME_KEY = /^(ts|timestamp|time|datetime|date_time|epoch|unix_?time)(_ms)?$/i;
const ZONED_ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const MIN_TIME_MS = Date.UTC(2000, 0, 1);
const MAX_TIME_MS = Date.UTC(2100, 0, 1);

/** Whether a field name holds a time (such fields are not measurements). */
export function isTimeKey(key: string): boolean {
  return TIME_KEY.test(key) || /(_at|_ts|_time)$|^last_seen$/i.test(key);
}

function epochMs(value: number): number | undefined {
  const ms =
    value >= 1e15 && value < 1e16
      ? value / 1000
      : value >= 1e12 && value < 1e13
        ? value
        : value >= 1e9 && value < 1e10
          ? value * 1000
          : undefined;
  return ms !== undefined && ms >= MIN_TIME_MS && ms < MAX_TIME_MS ? ms : undefined;
}

function timeValueMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return epochMs(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return epochMs(Number(text));
  if (!ZONED_ISO.test(text)) return undefined;
  const ms = Date.parse(text.replace(' ', 'T'));
  return Number.isFinite(ms) && ms >= MIN_TIME_MS && ms < MAX_TIME_MS ? ms : undefined;
}

/** The time a payload says it was made (its top-level time field), in ms, or undefined. */
export function payloadTimeMs(payload: unknown): number | undefined {
  if (!isJsonObject(payload)) return undefined;
  for (const [key, value] of Object.entries(payload)) {
    if (!TIME_KEY.test(key)) continue;
    const ms = timeValueMs(value);
    if (ms !== undefined) return ms;
  }
  return undefined;
}

function isScalar(value: unknown): value is Scalar {
  return (
    value === null ||
    typeof value === 'number' ||
    typeof value === 'string' ||
    typeof value === 'boolean'
  );
}

/**
 * Scalar fields of a payload by path, time fields left out: a JSON object's top-level scalars
 * (`value`) and those one object deeper (`DS18B20.Temperature`); a plain JSON scalar or a short
 * text payload as the path ''. Binary payloads and arrays give nothing. At most MAX_FIELDS.
 */
export function scalarFields(payload: unknown, format: PayloadFormat): Array<[string, Scalar]> {
  if (format === 'binary') return [];
  if (format === 'text') {
    return typeof payload === 'string' && payload.trim().length <= MAX_TEXT_VALUE
      ? [['', payload.trim()]]
      : [];
  }
  if (isScalar(payload)) return [['', payload]];
  if (!isJsonObject(payload)) return [];
  const out: Array<[string, Scalar]> = [];
  for (const [key, value] of Object.entries(payload)) {
    if (out.length >= MAX_FIELDS) break;
    if (isTimeKey(key)) continue;
    if (isScalar(value)) out.push([key, value]);
    else if (isJsonObject(value)) {
      for (const [sub, inner] of Object.entries(value)) {
        if (out.length >= MAX_FIELDS) break;
        if (isScalar(inner) && !isTimeKey(sub)) out.push([`${key}.${sub}`, inner]);
      }
    }
  }
  return out;
}

/** Up to `max` characters of a payload as text (JSON re-serialised), for evidence. */
export function preview(payload: unknown, max = 60): string {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  if (text === undefined) return '';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
