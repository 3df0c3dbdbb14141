// A small JSON Schema (2020-12 subset) validator for the packaging schemas: no dependency, every error with its path.

/** The keywords this validator understands; anything else in a schema is an error, not ignored. */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  title?: string;
  description?: string;
  $comment?: string;
  type?: JsonType | JsonType[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  required?: string[];
  minProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  contains?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: 'uri';
  minimum?: number;
  maximum?: number;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  not?: JsonSchema;
}

/** JSON Schema type names. */
export type JsonType = 'null' | 'boolean' | 'object' | 'array' | 'number' | 'integer' | 'string';

const KNOWN = new Set([
  '$schema',
  '$id',
  '$ref',
  '$defs',
  'title',
  'description',
  '$comment',
  'type',
  'enum',
  'const',
  'properties',
  'patternProperties',
  'additionalProperties',
  'propertyNames',
  'required',
  'minProperties',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'contains',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
]);

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value as JsonType;
}

function typeMatches(value: unknown, type: JsonType): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isUri(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function resolveRef(root: JsonSchema, ref: string): JsonSchema {
  const m = /^#\/\$defs\/([^/]+)$/.exec(ref);
  const target = m ? root.$defs?.[m[1] as string] : undefined;
  if (!target) throw new Error(`unresolvable $ref ${ref}`);
  return target;
}

function check(
  root: JsonSchema,
  schema: JsonSchema,
  value: unknown,
  path: string,
  errors: string[],
): void {
  for (const key of Object.keys(schema)) {
    if (!KNOWN.has(key)) throw new Error(`schema at ${path}: unsupported keyword ${key}`);
  }
  const at = path || '(root)';
  if (schema.$ref) check(root, resolveRef(root, schema.$ref), value, path, errors);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => typeMatches(value, t))) {
      errors.push(`${at}: expected ${types.join(' or ')}, got ${typeOf(value)}`);
      return;
    }
  }
  if (schema.enum && !schema.enum.some((e) => equal(e, value))) {
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if ('const' in schema && !equal(schema.const, value)) {
    errors.push(`${at}: must be ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && [...value].length < schema.minLength) {
      errors.push(`${at}: shorter than ${schema.minLength} characters`);
    }
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) {
      errors.push(`${at}: longer than ${schema.maxLength} characters`);
    }
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
      errors.push(`${at}: ${JSON.stringify(value)} does not match /${schema.pattern}/`);
    }
    if (schema.format === 'uri' && !isUri(value)) errors.push(`${at}: not an http(s) URL`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) {
      errors.push(`${at}: below ${schema.minimum}`);
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      errors.push(`${at}: above ${schema.maximum}`);
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      errors.push(`${at}: fewer than ${schema.minItems} items`);
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      errors.push(`${at}: more than ${schema.maxItems} items`);
    }
    if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) {
      errors.push(`${at}: items are not unique`);
    }
    if (schema.items) {
      const items = schema.items;
      value.forEach((item, i) => check(root, items, item, `${path}[${i}]`, errors));
    }
    if (schema.contains) {
      const contains = schema.contains;
      if (!value.some((item) => validate(root, item, contains).length === 0)) {
        errors.push(`${at}: no item matches the required shape`);
      }
    }
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    for (const req of schema.required ?? []) {
      if (!(req in obj)) errors.push(`${at}: missing required property ${req}`);
    }
    if (schema.minProperties !== undefined && keys.length < schema.minProperties) {
      errors.push(`${at}: fewer than ${schema.minProperties} properties`);
    }
    for (const key of keys) {
      const child = path ? `${path}.${key}` : key;
      if (schema.propertyNames) check(root, schema.propertyNames, key, `${child} (name)`, errors);
      let matched = false;
      const prop = schema.properties?.[key];
      if (prop) {
        matched = true;
        check(root, prop, obj[key], child, errors);
      }
      for (const [pattern, sub] of Object.entries(schema.patternProperties ?? {})) {
        if (new RegExp(pattern, 'u').test(key)) {
          matched = true;
          check(root, sub, obj[key], child, errors);
        }
      }
      if (!matched && schema.additionalProperties !== undefined) {
        if (schema.additionalProperties === false) errors.push(`${at}: unknown property ${key}`);
        else if (schema.additionalProperties !== true) {
          check(root, schema.additionalProperties, obj[key], child, errors);
        }
      }
    }
  }
  for (const sub of schema.allOf ?? []) check(root, sub, value, path, errors);
  if (schema.anyOf && !schema.anyOf.some((sub) => validate(root, value, sub).length === 0)) {
    const why = schema.anyOf.map((sub) => validate(root, value, sub).join('; ')).join(' | ');
    errors.push(`${at}: matches none of the allowed shapes (${why})`);
  }
  if (schema.oneOf) {
    const passing = schema.oneOf.filter((sub) => validate(root, value, sub).length === 0).length;
    if (passing !== 1)
      errors.push(`${at}: matches ${passing} of the oneOf shapes, not exactly one`);
  }
  if (schema.not && validate(root, value, schema.not).length === 0) {
    errors.push(
      `${at}: matches a forbidden shape${schema.not.description ? ` (${schema.not.description})` : ''}`,
    );
  }
}

/**
 * Validates `value` against `schema` (or a sub-schema of `root`); returns the errors, empty when
 * valid. Throws when the schema uses a keyword this validator does not implement.
 */
export function validate(root: JsonSchema, value: unknown, schema: JsonSchema = root): string[] {
  const errors: string[] = [];
  check(root, schema, value, '', errors);
  return errors;
}
