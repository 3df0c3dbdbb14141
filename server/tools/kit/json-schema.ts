// JSON Schemas of the registry's zod schemas: full input for the console's forms, lean ones for MCP.
import { z } from 'zod';
import type { AnyTool, ToolAnnotations } from './define-tool';

/** A JSON Schema document (draft 2020-12). */
export type JsonSchema = Record<string, unknown>;

const cache = new WeakMap<z.ZodType, JsonSchema>();
const leanInputs = new WeakMap<z.ZodType, JsonSchema>();
const leanOutputs = new WeakMap<z.ZodType, JsonSchema>();

function convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const hit = cache.get(schema);
  if (hit) return hit;
  const json = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' });
  delete json.$schema;
  cache.set(schema, json);
  return json;
}

function memo(map: WeakMap<z.ZodType, JsonSchema>, key: z.ZodType, make: () => JsonSchema) {
  const hit = map.get(key);
  if (hit) return hit;
  const made = make();
  map.set(key, made);
  return made;
}

/** Keywords a model does not need to call a tool; zod still enforces them on every call. */
const INPUT_NOISE = new Set(['maxLength', 'minLength', 'propertyNames', 'maxItems', 'pattern']);

/** `anyOf` of constants (QoS, protocol version) as the shorter `enum`. */
function constEnum(node: JsonSchema): unknown[] | undefined {
  const options = node.anyOf;
  if (!Array.isArray(options)) return undefined;
  const values = (options as JsonSchema[]).map((o) => o.const);
  return values.every((v) => v !== undefined) ? values : undefined;
}

function leanInput(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(leanInput);
  if (!node || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  const values = constEnum(node as JsonSchema);
  for (const [key, value] of Object.entries(node)) {
    if (INPUT_NOISE.has(key)) continue;
    if (key === 'additionalProperties' && value === false) continue;
    if (key === 'minimum' && (value === 0 || value === 1)) continue;
    if (key === 'default' && value === false) continue;
    if (key === 'type' && (values || 'enum' in (node as JsonSchema))) continue;
    if (key === 'anyOf' && values) {
      out.enum = values;
      continue;
    }
    out[key] = key === 'properties' ? mapValues(value, leanInput) : leanInput(value);
  }
  return out;
}

function mapValues(value: unknown, fn: (v: unknown) => unknown): JsonSchema {
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(value as JsonSchema)) out[k] = fn(v);
  return out;
}

function shallowOutput(json: JsonSchema): JsonSchema {
  const properties: JsonSchema = {};
  for (const key of Object.keys((json.properties ?? {}) as JsonSchema)) properties[key] = {};
  return { type: 'object', properties };
}

/** The full input JSON Schema of a tool (defaults shown, fields with defaults not required). */
export function inputJsonSchema(tool: AnyTool): JsonSchema {
  return convert(tool.input, 'input');
}

/**
 * The input JSON Schema MCP clients see: the full one without length bounds, minimums of 0 or
 * 1, `default: false` and the closed-object marker (zod still rejects unknown fields and long strings), constant unions as `enum`.
 */
export function leanInputJsonSchema(tool: AnyTool): JsonSchema {
  return memo(leanInputs, tool.input, () => leanInput(inputJsonSchema(tool)) as JsonSchema);
}

/**
 * The output JSON Schema of a tool: the names of its top-level fields, their shapes left open.
 * Full output schemas were two thirds of tools/list (36k of 53k characters) and cost every
 * conversation; the zod schema still checks each result before it leaves the tool.
 */
export function outputJsonSchema(tool: AnyTool): JsonSchema {
  return memo(leanOutputs, tool.output, () => shallowOutput(convert(tool.output, 'output')));
}

/** A tool's annotations without the hints equal to the MCP defaults (or moot when read-only). */
export function leanAnnotations(a: ToolAnnotations): Partial<ToolAnnotations> {
  const out: Partial<ToolAnnotations> = {};
  if (a.readOnlyHint) out.readOnlyHint = true;
  else {
    if (a.destructiveHint === false) out.destructiveHint = false;
    if (a.idempotentHint) out.idempotentHint = true;
  }
  if (!a.openWorldHint) out.openWorldHint = false;
  return out;
}
