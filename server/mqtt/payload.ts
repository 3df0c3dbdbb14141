// Payload decoding: bytes to a JSON value, UTF-8 text or base64, cut at a documented length.
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

/** How a payload was understood. */
export type PayloadFormat = 'json' | 'text' | 'binary';

/** A decoded payload as it appears in message records. */
export interface DecodedPayload {
  payload_format: PayloadFormat;
  /** Parsed JSON value, text, or base64 of the bytes (of the kept prefix when cut). */
  payload: unknown;
  size_bytes: number;
  /** Present and true when only a prefix of the payload is given. */
  payload_truncated?: true;
}

/** Default number of payload bytes kept in a message record (the full size is always given). */
export const DEFAULT_PAYLOAD_PREVIEW_BYTES = 4096;

/** Deepest JSON nesting decoded as JSON; deeper documents are given as text. */
export const MAX_JSON_DEPTH = 64;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes bytes as strict UTF-8, or returns undefined when they are not valid UTF-8. With
 * `prefix`, the bytes are the start of a longer payload: an incomplete character at the very end
 * (split by a cut) is left out instead of making the whole text invalid.
 */
export function decodeUtf8(bytes: Uint8Array, prefix = false): string | undefined {
  try {
    if (prefix) return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

// Control characters other than tab, newline and carriage return mark a payload as binary.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** Nesting depth of a JSON text, counted on brackets outside strings, stopping past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** Parses text as JSON when it looks like JSON and is not nested beyond MAX_JSON_DEPTH. */
export function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ok: false };
  const first = trimmed.charCodeAt(0);
  // Only objects, arrays, strings, numbers, true/false/null start this way.
  const plausible =
    first === 123 ||
    first === 91 ||
    first === 34 ||
    first === 45 ||
    (first >= 48 && first <= 57) ||
    trimmed === 'true' ||
    trimmed === 'false' ||
    trimmed === 'null';
  if (!plausible) return { ok: false };
  if ((first === 123 || first === 91) && jsonDepth(trimmed) > MAX_JSON_DEPTH) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    return { ok: false };
  }
}

/**
 * Decodes a payload. JSON is parsed when the whole payload is kept; a payload longer than
 * `maxBytes` is cut and given as text or base64 of its prefix with `payload_truncated`.
 * `sizeBytes` is the size of the whole payload when `bytes` is already a stored prefix of it.
 */
export function decodePayload(
  bytes: Uint8Array,
  maxBytes = DEFAULT_PAYLOAD_PREVIEW_BYTES,
  sizeBytes = bytes.byteLength,
): DecodedPayload {
  const size = Math.max(sizeBytes, bytes.byteLength);
  const cut = size > maxBytes || size > bytes.byteLength;
  const kept = cut ? bytes.subarray(0, maxBytes) : bytes;
  // The cut may split a multi-byte character: only such a trailing partial character is dropped.
  const text = decodeUtf8(kept, cut);
  const base = { size_bytes: size, ...(cut ? { payload_truncated: true as const } : {}) };
  if (text === undefined || CONTROL.test(text)) {
    return {
      payload_format: 'binary',
      payload: Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength).toString('base64'),
      ...base,
    };
  }
  if (!cut) {
    const json = tryParseJson(text);
    if (json.ok) return { payload_format: 'json', payload: json.value, ...base };
  } else if (/^\s*[[{]/.test(text)) {
    return { payload_format: 'json', payload: text, ...base };
  }
  return { payload_format: 'text', payload: text, ...base };
}

/**
 * The format of a payload judged without decoding it (for counters on the hot path): JSON when it
 * is UTF-8 and starts and ends like a JSON document or is a JSON scalar, text for other UTF-8,
 * binary otherwise. decodePayload gives the exact answer.
 */
export function sniffFormat(bytes: Uint8Array): PayloadFormat {
  const n = bytes.byteLength;
  if (n === 0) return 'text';
  if (!isUtf8(bytes)) return 'binary';
  let i = 0;
  let j = n - 1;
  while (i < j && (bytes[i] === 32 || bytes[i] === 10 || bytes[i] === 13 || bytes[i] === 9)) i++;
  while (j > i && (bytes[j] === 32 || bytes[j] === 10 || bytes[j] === 13 || bytes[j] === 9)) j--;
  const first = bytes[i] as number;
  const last = bytes[j] as number;
  if ((first === 123 && last === 125) || (first === 91 && last === 93)) return 'json';
  if (first === 34 && last === 34 && j > i) return 'json';
  if (n <= 32) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, n).toString('utf8').trim();
    if (/^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)$/.test(text)) return 'json';
  }
  for (let k = i; k <= j; k++) {
    const c = bytes[k] as number;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) return 'binary';
  }
  return 'text';
}
