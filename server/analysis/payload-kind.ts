// Classifies what a payload is (JSON object, number, text, XML, binary, ...) from its record (pure).
import type { MessageRecord } from './message';

/** The kind of payload a message carries, finer than its payload_format. */
export type PayloadKind =
  | 'json_object'
  | 'json_array'
  | 'number'
  | 'boolean'
  | 'null'
  | 'string'
  | 'text'
  | 'xml'
  | 'binary'
  | 'empty';

/**
 * Kind of a payload: empty when it has no bytes; binary; JSON by its JSON type (a cut JSON text
 * by its first character); text that starts with `<` and ends with `>` is xml, other text is text.
 */
export function classifyPayloadKind(record: MessageRecord): PayloadKind {
  if (record.size_bytes === 0) return 'empty';
  const { payload } = record;
  if (record.payload_format === 'binary') return 'binary';
  if (record.payload_format === 'json') {
    if (record.payload_truncated && typeof payload === 'string') {
      const first = payload.trimStart()[0];
      return first === '{' ? 'json_object' : first === '[' ? 'json_array' : 'text';
    }
    if (payload === null) return 'null';
    if (Array.isArray(payload)) return 'json_array';
    if (typeof payload === 'number') return 'number';
    if (typeof payload === 'boolean') return 'boolean';
    if (typeof payload === 'string') return 'string';
    return 'json_object';
  }
  const text = typeof payload === 'string' ? payload.trim() : '';
  if (text.length === 0) return 'empty';
  return text.startsWith('<') && text.endsWith('>') ? 'xml' : 'text';
}
