// The "shape" of a message: its topic pattern, payload format and top-level JSON keys (pure).
import { isJsonObject, type MessageRecord } from './message';
import { generalizeTopic } from './topic-patterns';

/** A shape key: topic pattern, payload format and, for JSON objects, the sorted top-level keys. */
export function shapeKey(m: MessageRecord, pattern: string = generalizeTopic(m.topic)): string {
  const keys =
    m.payload_format === 'json' && isJsonObject(m.payload)
      ? `{${Object.keys(m.payload).sort().join(',')}}`
      : '';
  return `${pattern}\u0000${m.payload_format}\u0000${keys}`;
}

/** Returns a function computing shape keys that generalises each distinct topic only once. */
export function shapeKeyer(): (m: MessageRecord) => string {
  const patterns = new Map<string, string>();
  return (m) => {
    let pattern = patterns.get(m.topic);
    if (pattern === undefined) {
      pattern = generalizeTopic(m.topic);
      patterns.set(m.topic, pattern);
    }
    return shapeKey(m, pattern);
  };
}
