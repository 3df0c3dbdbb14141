// JSON Schemas of the registry's zod schemas: what MCP clients and the console's forms both see.
import { z } from 'zod';
import type { AnyTool } from './define-tool';

/** A JSON Schema document (draft 2020-12). */
export type JsonSchema = Record<string, unknown>;

const cache = new WeakMap<z.ZodType, JsonSchema>();

function convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const hit = cache.get(schema);
  if (hit) return hit;
  const json = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' });
  delete json.$schema;
  cache.set(schema, json);
  return json;
}

/** The input JSON Schema of a tool (defaults shown, fields with defaults not required). */
export function inputJsonSchema(tool: AnyTool): JsonSchema {
  return convert(tool.input, 'input');
}

/** The output JSON Schema of a tool. */
export function outputJsonSchema(tool: AnyTool): JsonSchema {
  return convert(tool.output, 'output');
}
