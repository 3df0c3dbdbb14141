// JSON Schema (draft 2020-12) inference from sample JSON values (pure).
import {
  accumulate,
  emptyNode,
  type AccumulateLimits,
  type JsonType,
  type SchemaNode,
} from './schema-accumulator';

export { confidenceFor, type Confidence } from './confidence';
export { classifyPayloadKind, type PayloadKind } from './payload-kind';

/** A JSON Schema document as a plain JSON object. */
export type JsonSchema = Record<string, unknown>;

/** Options of inferJsonSchema. */
export interface InferOptions {
  /** Most distinct strings given as an `enum` (default 8). */
  maxEnum?: number;
  /** Most distinct strings given as `examples` (default 3). */
  maxExamples?: number;
}

/** The draft that inferred schemas follow. */
export const JSON_SCHEMA_DRAFT = 'https://json-schema.org/draft/2020-12/schema';

const MAX_EXAMPLE_CHARS = 100;

function example(value: string): string {
  return value.length > MAX_EXAMPLE_CHARS ? `${value.slice(0, MAX_EXAMPLE_CHARS)}…` : value;
}

/** String keywords: `format: date-time`, an `enum` when few values repeat, else `examples`. */
function stringKeywords(
  node: SchemaNode,
  limits: AccumulateLimits,
  allowEnum: boolean,
): JsonSchema {
  const out: JsonSchema = {};
  if (node.allDateTime) out.format = 'date-time';
  const distinct = node.distinct;
  const repeats = distinct !== undefined && node.stringCount >= 2 * distinct.size;
  if (allowEnum && !node.allDateTime && repeats && distinct.size <= limits.maxEnum) {
    out.enum = [...distinct.keys()].sort();
  } else if (node.examples.length > 0) {
    out.examples = node.examples.map(example);
  }
  return out;
}

function typeKeywords(
  node: SchemaNode,
  type: JsonType,
  limits: AccumulateLimits,
  allowEnum: boolean,
): JsonSchema {
  switch (type) {
    case 'object': {
      const properties = Object.fromEntries(
        [...node.properties].map(([key, entry]) => [key, build(entry.node, limits)]),
      );
      const required = [...node.properties]
        .filter(([, entry]) => entry.present === node.objectCount)
        .map(([key]) => key)
        .sort();
      return {
        properties,
        ...(required.length > 0 ? { required } : {}),
        ...(node.propertiesTruncated ? { 'x-properties-truncated': true } : {}),
      };
    }
    case 'array':
      return {
        ...(node.items ? { items: build(node.items, limits) } : {}),
        minItems: node.minItems,
        maxItems: node.maxItems,
      };
    case 'integer':
    case 'number':
      return { minimum: node.minimum, maximum: node.maximum };
    case 'string':
      return stringKeywords(node, limits, allowEnum);
    default:
      return {};
  }
}

/*
 * Mixed types: when objects or arrays mix with anything else the schema is an `anyOf` with one
 * branch per type; scalars alone give `type: [...]` (sorted) with the keywords of each type merged,
 * and a string `enum` survives only when the other type is null (null is then added to the enum).
 * Integers mixed with other numbers are `number`.
 */
function build(node: SchemaNode, limits: AccumulateLimits): JsonSchema {
  if (node.truncated) return { 'x-truncated': true };
  const types = [...node.types].filter((t) => t !== 'integer' || !node.types.has('number')).sort();
  const only = types[0];
  if (only === undefined) return {};
  if (types.length === 1) return { type: only, ...typeKeywords(node, only, limits, true) };
  if (types.includes('object') || types.includes('array')) {
    return { anyOf: types.map((t) => ({ type: t, ...typeKeywords(node, t, limits, true) })) };
  }
  const nullableString = types.length === 2 && types.includes('null') && types.includes('string');
  const schema: JsonSchema = { type: types };
  for (const t of types) Object.assign(schema, typeKeywords(node, t, limits, nullableString));
  if (Array.isArray(schema.enum)) schema.enum = [...schema.enum, null];
  return schema;
}

/** Infers a JSON Schema (draft 2020-12 keywords, no `$schema`) that all samples satisfy. */
export function inferJsonSchema(samples: unknown[], options: InferOptions = {}): JsonSchema {
  const limits: AccumulateLimits = {
    maxEnum: options.maxEnum ?? 8,
    maxExamples: options.maxExamples ?? 3,
  };
  const root = emptyNode();
  for (const sample of samples) accumulate(root, sample, 0, limits);
  return build(root, limits);
}

/** Infers a schema from samples as a standalone document with `$schema` first. */
export function schemaRoot(samples: unknown[], options: InferOptions = {}): JsonSchema {
  return { $schema: JSON_SCHEMA_DRAFT, ...inferJsonSchema(samples, options) };
}
