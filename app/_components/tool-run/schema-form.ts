// Pure schema-to-form logic: JSON Schema (draft 2020-12, from zod) to field specs, form values to tool arguments.

/** A JSON Schema node as the registry emits it. */
export type JsonSchema = { [key: string]: unknown };

/** One choice of a select field; `key` is the JSON text of `value`. */
export interface FieldOption {
  key: string;
  value: unknown;
  label: string;
}

interface FieldBase {
  /** Property name in its object. */
  name: string;
  /** Dot-joined path from the root, the key of the field's value. */
  path: string;
  label: string;
  description?: string;
  required: boolean;
  default?: unknown;
}

/** A form field derived from one schema property. */
export type FieldSpec =
  | (FieldBase & { kind: 'text'; multiline: boolean; minLength?: number; maxLength?: number })
  | (FieldBase & { kind: 'session' })
  | (FieldBase & { kind: 'number'; integer: boolean; min?: number; max?: number; step: string })
  | (FieldBase & { kind: 'boolean' })
  | (FieldBase & { kind: 'select'; options: FieldOption[] })
  | (FieldBase & { kind: 'list'; maxItems?: number; itemMaxLength?: number })
  | (FieldBase & { kind: 'object'; fields: FieldSpec[] })
  | (FieldBase & { kind: 'json' });

/** The editing state of one field: text, checkbox, select key or list of strings. */
export type FieldValue = string | boolean | string[];

/** The editing state of a whole form, keyed by field path. */
export type FormValues = Record<string, FieldValue>;

/** Per-path messages of values that cannot be sent. */
export type FormErrors = Record<string, string>;

const ACRONYMS: Record<string, string> = {
  qos: 'QoS',
  id: 'ID',
  tls: 'TLS',
  ca: 'CA',
  url: 'URL',
  sys: '$SYS',
  mqtt: 'MQTT',
  rss: 'RSS',
};

const UNIT_SUFFIXES: Array<[RegExp, string]> = [
  [/_per_second$/, ' / s'],
  [/_seconds$/, ' (s)'],
  [/_ms$/, ' (ms)'],
  [/_bytes$/, ' (bytes)'],
  [/_mb$/, ' (MB)'],
];

/** A readable label for a snake_case argument name (`duration_seconds` becomes `Duration (s)`). */
export function humanize(name: string): string {
  let base = name;
  let unit = '';
  for (const [pattern, suffix] of UNIT_SUFFIXES) {
    if (pattern.test(base)) {
      base = base.replace(pattern, '');
      unit = suffix;
      break;
    }
  }
  const words = base
    .split('_')
    .filter(Boolean)
    .map((w) => ACRONYMS[w] ?? w);
  const first = words[0] ?? name;
  const head = ACRONYMS[first.toLowerCase()]
    ? first
    : first.charAt(0).toUpperCase() + first.slice(1);
  return [head, ...words.slice(1)].join(' ') + unit;
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolveRef(node: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return node;
  let target: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    target = isObject(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  if (!isObject(target)) return node;
  const { $ref: _ref, ...rest } = node;
  return { ...resolveRef(target, root), ...rest };
}

/** Drops a `null` alternative (nullable) and returns the remaining schema, or the node itself. */
function unwrapNullable(node: JsonSchema): JsonSchema {
  const variants = node.anyOf ?? node.oneOf;
  if (Array.isArray(variants)) {
    const rest = variants.filter((v) => !(isObject(v) && v.type === 'null'));
    if (rest.length === 1 && rest.length < variants.length && isObject(rest[0])) {
      const { anyOf: _a, oneOf: _o, ...outer } = node;
      return { ...rest[0], ...outer };
    }
  }
  if (Array.isArray(node.type)) {
    const types = node.type.filter((t) => t !== 'null');
    if (types.length === 1) return { ...node, type: types[0] };
  }
  return node;
}

function constValues(node: JsonSchema): unknown[] | undefined {
  if (Array.isArray(node.enum)) return node.enum;
  if ('const' in node) return [node.const];
  const variants = node.anyOf ?? node.oneOf;
  if (!Array.isArray(variants) || variants.length === 0) return undefined;
  const values: unknown[] = [];
  for (const v of variants) {
    if (!isObject(v)) return undefined;
    if ('const' in v) values.push(v.const);
    else if (Array.isArray(v.enum)) values.push(...v.enum);
    else return undefined;
  }
  return values;
}

/**
 * Labels for numeric (or `auto`) choices from a description such as `4 = 3.1.1, 5 = MQTT 5` or
 * `0 at most once, 1 at least once`; used only when every value gets one.
 */
export function optionHints(values: unknown[], description?: string): Map<string, string> {
  const hints = new Map<string, string>();
  if (!description) return hints;
  const patterns = [/(\d+|auto)\s*=\s*([^,;(]+)/g, /(?:^|[:,]\s*)(\d+)\s+([a-zA-Z][^,;(]*)/g];
  for (const pattern of patterns) {
    const found = new Map<string, string>();
    for (const match of description.matchAll(pattern)) {
      const [, value, label] = match;
      if (value !== undefined && label !== undefined) found.set(value, label.trim());
    }
    const keys = values.map((v) => String(v));
    const labels = keys.map((k) => found.get(k));
    if (
      labels.every((l): l is string => Boolean(l)) &&
      new Set(labels).size === labels.length &&
      !labels.some((l) => /^(or|and)\b/.test(l))
    ) {
      keys.forEach((k, i) => hints.set(k, labels[i] as string));
      return hints;
    }
  }
  return hints;
}

/** The select key of a value (its JSON text). */
export function optionKey(value: unknown): string {
  return JSON.stringify(value) ?? '';
}

function isMultiline(name: string, node: JsonSchema): boolean {
  const description = typeof node.description === 'string' ? node.description : '';
  return /payload|^tls_(ca|cert|key)$/i.test(name) || /\bPEM\b/.test(description);
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function fieldFor(
  name: string,
  prefix: string,
  raw: JsonSchema,
  required: boolean,
  root: JsonSchema,
): FieldSpec {
  const node = unwrapNullable(resolveRef(raw, root));
  const base: FieldBase = {
    name,
    path: prefix ? `${prefix}.${name}` : name,
    label: typeof node.title === 'string' ? node.title : humanize(name),
    description: typeof node.description === 'string' ? node.description : undefined,
    required,
    default: node.default,
  };
  const consts = constValues(node);
  if (consts && consts.length > 0) {
    const hints = optionHints(consts, base.description);
    return {
      ...base,
      kind: 'select',
      options: consts.map((value) => {
        const hint = hints.get(String(value));
        return {
          key: optionKey(value),
          value,
          label: hint ? `${String(value)} · ${hint}` : String(value),
        };
      }),
    };
  }
  const type = node.type;
  if (type === 'string') {
    if (name === 'session_id') return { ...base, kind: 'session' };
    return {
      ...base,
      kind: 'text',
      multiline: isMultiline(name, node),
      minLength: num(node.minLength),
      maxLength: num(node.maxLength),
    };
  }
  if (type === 'number' || type === 'integer') {
    const integer = type === 'integer';
    return {
      ...base,
      kind: 'number',
      integer,
      min: num(node.minimum) ?? num(node.exclusiveMinimum),
      max: num(node.maximum) ?? num(node.exclusiveMaximum),
      step: integer ? '1' : 'any',
    };
  }
  if (type === 'boolean') {
    if (required || typeof base.default === 'boolean') return { ...base, kind: 'boolean' };
    return {
      ...base,
      kind: 'select',
      options: [true, false].map((value) => ({
        key: optionKey(value),
        value,
        label: String(value),
      })),
    };
  }
  if (type === 'array' && isObject(node.items)) {
    const items = unwrapNullable(resolveRef(node.items, root));
    if (items.type === 'string' && !constValues(items)) {
      return {
        ...base,
        kind: 'list',
        maxItems: num(node.maxItems),
        itemMaxLength: num(items.maxLength),
      };
    }
  }
  if (type === 'object' && isObject(node.properties) && Object.keys(node.properties).length > 0) {
    return { ...base, kind: 'object', fields: fieldsFromSchema(node, base.path, root) };
  }
  return { ...base, kind: 'json' };
}

/** The fields of an object schema, in property order; nested objects carry their own fields. */
export function fieldsFromSchema(
  schema: JsonSchema,
  prefix = '',
  root: JsonSchema = schema,
): FieldSpec[] {
  const node = resolveRef(schema, root);
  const properties = isObject(node.properties) ? node.properties : {};
  const required = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
  return Object.entries(properties)
    .filter((entry): entry is [string, JsonSchema] => isObject(entry[1]))
    .map(([name, prop]) => fieldFor(name, prefix, prop, required.has(name), root));
}

/** Every field of a form, nested ones included (depth first). */
export function flattenFields(fields: FieldSpec[]): FieldSpec[] {
  return fields.flatMap((f) => (f.kind === 'object' ? [f, ...flattenFields(f.fields)] : [f]));
}

function initialValue(field: FieldSpec): FieldValue | undefined {
  const def = field.default;
  switch (field.kind) {
    case 'boolean':
      return typeof def === 'boolean' ? def : false;
    case 'select':
      return def === undefined ? '' : optionKey(def);
    case 'list':
      return Array.isArray(def) ? def.map(String) : [];
    case 'number':
      return typeof def === 'number' ? String(def) : '';
    case 'json':
      return def === undefined ? '' : JSON.stringify(def, null, 2);
    case 'object':
      return undefined;
    default:
      return typeof def === 'string' ? def : '';
  }
}

/** The initial editing state of a form: defaults prefilled, everything else empty. */
export function initialValues(fields: FieldSpec[]): FormValues {
  const values: FormValues = {};
  for (const field of flattenFields(fields)) {
    const value = initialValue(field);
    if (value !== undefined) values[field.path] = value;
  }
  return values;
}

/** Fields that name a broker another way than a session: filling a session would conflict. */
const SESSION_ALTERNATIVES = new Set(['connection_string', 'profile']);

/**
 * Paths of the session fields a form may pre-fill with the current session: none of those whose
 * object also offers another way to name a broker (a tool that wants exactly one of them).
 */
export function sessionPrefillPaths(fields: FieldSpec[]): string[] {
  const here = fields.some((f) => SESSION_ALTERNATIVES.has(f.name))
    ? []
    : fields.filter((f) => f.kind === 'session').map((f) => f.path);
  const nested = fields.flatMap((f) => (f.kind === 'object' ? sessionPrefillPaths(f.fields) : []));
  return [...here, ...nested];
}

/** Form values from arguments (the reverse of buildArguments), for prefilling a form from a call. */
export function valuesFromArguments(
  fields: FieldSpec[],
  args: Record<string, unknown>,
): FormValues {
  const values = initialValues(fields);
  const fill = (list: FieldSpec[], obj: Record<string, unknown>) => {
    for (const field of list) {
      const v = obj[field.name];
      if (v === undefined) continue;
      if (field.kind === 'object') {
        if (isObject(v)) fill(field.fields, v);
      } else if (field.kind === 'boolean') values[field.path] = Boolean(v);
      else if (field.kind === 'select') values[field.path] = optionKey(v);
      else if (field.kind === 'list') values[field.path] = Array.isArray(v) ? v.map(String) : [];
      else if (field.kind === 'json') values[field.path] = JSON.stringify(v, null, 2);
      else values[field.path] = String(v);
    }
  };
  fill(fields, args);
  return values;
}

function convert(
  field: Exclude<FieldSpec, { kind: 'object' }>,
  value: FieldValue | undefined,
): { value?: unknown; error?: string } {
  switch (field.kind) {
    case 'boolean':
      return { value: value === true };
    case 'select': {
      const option = field.options.find((o) => o.key === value);
      if (!option) return field.required ? { error: 'required' } : {};
      return { value: option.value };
    }
    case 'list': {
      const items = (Array.isArray(value) ? value : []).map((s) => s.trim()).filter(Boolean);
      if (items.length === 0) return field.required ? { value: [] } : {};
      if (field.maxItems !== undefined && items.length > field.maxItems) {
        return { error: `at most ${field.maxItems} items` };
      }
      return { value: items };
    }
    case 'number': {
      const text = typeof value === 'string' ? value.trim() : '';
      if (text === '') return field.required ? { error: 'required' } : {};
      const n = Number(text);
      if (!Number.isFinite(n)) return { error: 'not a number' };
      if (field.integer && !Number.isInteger(n)) return { error: 'must be a whole number' };
      if (field.min !== undefined && n < field.min)
        return { error: `must be at least ${field.min}` };
      if (field.max !== undefined && n > field.max)
        return { error: `must be at most ${field.max}` };
      return { value: n };
    }
    case 'json': {
      const text = typeof value === 'string' ? value.trim() : '';
      if (text === '') return field.required ? { error: 'required' } : {};
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return { error: 'not valid JSON' };
      }
    }
    default: {
      const text = typeof value === 'string' ? value : '';
      if (text === '') return field.required ? { error: 'required' } : {};
      if (field.kind === 'text') {
        if (field.minLength !== undefined && text.length < field.minLength) {
          return { error: `at least ${field.minLength} characters` };
        }
        if (field.maxLength !== undefined && text.length > field.maxLength) {
          return { error: `at most ${field.maxLength} characters` };
        }
      }
      return { value: text };
    }
  }
}

/**
 * Tool arguments from form values: empty optional fields are omitted, numbers are parsed and
 * range-checked, nested objects are left out when all their fields are empty.
 */
export function buildArguments(
  fields: FieldSpec[],
  values: FormValues,
): { args: Record<string, unknown>; errors: FormErrors } {
  const errors: FormErrors = {};
  const build = (list: FieldSpec[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const field of list) {
      if (field.kind === 'object') {
        const nested = build(field.fields);
        if (Object.keys(nested).length > 0 || field.required) out[field.name] = nested;
        continue;
      }
      const result = convert(field, values[field.path]);
      if (result.error) errors[field.path] = result.error;
      else if (result.value !== undefined) out[field.name] = result.value;
    }
    return out;
  };
  const args = build(fields);
  return { args, errors };
}

/** The JSON-RPC `tools/call` request an MCP client would send for these arguments. */
export function mcpCall(name: string, args: Record<string, unknown>): string {
  return JSON.stringify({ method: 'tools/call', params: { name, arguments: args } }, null, 2);
}
