// Accumulates what sample JSON values show about their structure, for schema inference (pure).
import { isJsonObject } from './message';

/** JSON types as JSON Schema names them. */
export type JsonType = 'array' | 'boolean' | 'integer' | 'null' | 'number' | 'object' | 'string';

/** Deepest nesting described; values below it become `{ "x-truncated": true }`. */
export const MAX_SCHEMA_DEPTH = 32;

/** Most properties described per object; further keys are counted as truncated. */
export const MAX_PROPERTIES = 200;

/** Limits applied while accumulating. */
export interface AccumulateLimits {
  maxEnum: number;
  maxExamples: number;
}

/** Everything observed at one position of the samples (the root, a property, array items). */
export interface SchemaNode {
  types: Set<JsonType>;
  truncated: boolean;
  minimum: number;
  maximum: number;
  stringCount: number;
  /** Distinct strings with counts, until there are more than maxEnum of them. */
  distinct: Map<string, number> | undefined;
  examples: string[];
  allDateTime: boolean;
  objectCount: number;
  properties: Map<string, { node: SchemaNode; present: number }>;
  propertiesTruncated: boolean;
  items: SchemaNode | undefined;
  minItems: number;
  maxItems: number;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Whether a string is an RFC 3339 / ISO 8601 date-time that parses to a real time. */
export function isDateTime(value: string): boolean {
  return RFC3339.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T')));
}

/** A node that has observed nothing yet. */
export function emptyNode(): SchemaNode {
  return {
    types: new Set(),
    truncated: false,
    minimum: Infinity,
    maximum: -Infinity,
    stringCount: 0,
    distinct: new Map(),
    examples: [],
    allDateTime: true,
    objectCount: 0,
    properties: new Map(),
    propertiesTruncated: false,
    items: undefined,
    minItems: Infinity,
    maxItems: -Infinity,
  };
}

function addString(node: SchemaNode, value: string, limits: AccumulateLimits): void {
  node.stringCount++;
  if (node.distinct) {
    node.distinct.set(value, (node.distinct.get(value) ?? 0) + 1);
    if (node.distinct.size > limits.maxEnum) node.distinct = undefined;
  }
  if (node.examples.length < limits.maxExamples && !node.examples.includes(value)) {
    node.examples.push(value);
  }
  if (node.allDateTime && !isDateTime(value)) node.allDateTime = false;
}

/** Records one value found `depth` levels below the root into a node. */
export function accumulate(
  node: SchemaNode,
  value: unknown,
  depth: number,
  limits: AccumulateLimits,
): void {
  if (depth >= MAX_SCHEMA_DEPTH) {
    node.truncated = true;
  } else if (value === null) {
    node.types.add('null');
  } else if (typeof value === 'boolean') {
    node.types.add('boolean');
  } else if (typeof value === 'number') {
    node.types.add(Number.isInteger(value) ? 'integer' : 'number');
    node.minimum = Math.min(node.minimum, value);
    node.maximum = Math.max(node.maximum, value);
  } else if (typeof value === 'string') {
    node.types.add('string');
    addString(node, value, limits);
  } else if (Array.isArray(value)) {
    node.types.add('array');
    node.minItems = Math.min(node.minItems, value.length);
    node.maxItems = Math.max(node.maxItems, value.length);
    for (const element of value) {
      node.items ??= emptyNode();
      accumulate(node.items, element, depth + 1, limits);
    }
  } else if (isJsonObject(value)) {
    node.types.add('object');
    node.objectCount++;
    for (const [key, child] of Object.entries(value)) {
      let entry = node.properties.get(key);
      if (!entry) {
        if (node.properties.size >= MAX_PROPERTIES) {
          node.propertiesTruncated = true;
          continue;
        }
        entry = { node: emptyNode(), present: 0 };
        node.properties.set(key, entry);
      }
      entry.present++;
      accumulate(entry.node, child, depth + 1, limits);
    }
  }
}
