// Seeded generators of hostile tool arguments, derived from each tool's input JSON Schema plus edge cases.
import type { AnyTool } from '../../server/tools/kit/define-tool';
import { inputJsonSchema, type JsonSchema } from '../../server/tools/kit/json-schema';
import { parseConnectionString } from '../../server/mqtt/connection-string';
import { seededRandom } from '../../server/demo/scenario/random';

/** A pseudo-random source returning floats in [0, 1). */
export type Rng = () => number;

/** mulberry32: a tiny, fast, seeded PRNG (same seed, same sequence); the demo scenario's. */
export const mulberry32: (seed: number) => Rng = seededRandom;

/** Size of the "huge" string edge case. */
export const HUGE_STRING_BYTES = 1024 * 1024;

let hugeString: string | undefined;
/** One shared 1 MiB string (built once). */
export function huge(): string {
  hugeString ??= 'H'.repeat(HUGE_STRING_BYTES);
  return hugeString;
}

/** Helpers over an Rng. */
export class Gen {
  constructor(readonly rng: Rng) {}

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.rng() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.rng() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.rng() * items.length)] as T;
  }

  /** A short random word of [a-z0-9-]. */
  word(min = 1, max = 12): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-';
    let out = '';
    const n = this.int(min, max);
    for (let i = 0; i < n; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }
}

/** What the generators need to know about the system under test. */
export interface FuzzTarget {
  /** Marker in every generated topic, so a spy subscriber can tell fuzz traffic apart. */
  nonce: string;
  /** Prefix of topics that valid publishes use, e.g. `fuzz/<nonce>`. */
  topicPrefix: string;
  /** MQTT URL of the test broker (loopback). */
  brokerUrl: string;
  /** A loopback URL where nothing listens (connection refused at once). */
  closedUrl: string;
  /** MQTT session ids that are open right now (may be empty). */
  sessionIds(): readonly string[];
}

/** How a call's arguments were made. */
export type FuzzMode = 'valid' | 'mutated' | 'chaos';

/** One generated call. */
export interface FuzzCall {
  index: number;
  tool: string;
  mode: FuzzMode;
  args: unknown;
}

/** An object with an own `__proto__` key, as JSON.parse makes it (an object literal would not). */
export function protoKeyObject(value: unknown = { polluted: true }): Record<string, unknown> {
  return JSON.parse(`{"__proto__": ${JSON.stringify(value)}}`) as Record<string, unknown>;
}

/** Sets an own property even for `__proto__` (plain assignment would change the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { n: value };
  return value;
}

/** Edge-case strings; the ones that look like topics carry the target's nonce. */
export function hostileStrings(t: FuzzTarget): string[] {
  const n = t.nonce;
  return [
    '',
    ' ',
    '\t\r\n',
    '\u0000',
    `a\u0000${n}`,
    `${t.topicPrefix}/nul\u0000x`,
    `${t.topicPrefix}/ctl/\u0001\u0007\u001b[31m\u007f`,
    `${t.topicPrefix}/newline\nx`,
    '#',
    '+',
    `${n}/#`,
    `${n}/+/x`,
    `#/${n}`,
    `${n}/a#`,
    `${n}/a+`,
    `$SYS/${n}/x`,
    `$SYS/#`,
    `$share/g/${n}/#`,
    `$share//${n}`,
    '$share/g',
    `$${n}`,
    '/',
    '//',
    `/${n}//`,
    `${n}/\uD800`,
    `${n}/\uFFFF`,
    `${n}/\u202Eevil`,
    `${n}/😀`,
    'null',
    'undefined',
    '__proto__',
    'constructor',
    "'; DROP TABLE journal; --",
    '../../etc/passwd',
    '%s%n%x',
    '${jndi:ldap://127.0.0.1/x}',
    '<script>alert(1)</script>',
    'mqtt://user:hunter2secret@127.0.0.1:1',
    '1e308',
    'NaN',
    '-1',
    'x'.repeat(65_536),
    `${n}/${'y'.repeat(70_001)}`,
    huge(),
  ];
}

/** Edge-case numbers (JSON has no NaN/Infinity: they travel as null). */
export const HOSTILE_NUMBERS: readonly number[] = [
  -1,
  0,
  -0,
  0.5,
  1.5,
  2.000001,
  255,
  65_535,
  65_536,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  Number.MAX_SAFE_INTEGER,
  1e21,
  1e308,
  -1e308,
  5e-324,
  Number.NaN,
  Number.POSITIVE_INFINITY,
];

/** Any hostile value: wrong types, edge numbers and strings, nested objects, arrays, proto keys. */
export function hostileValue(g: Gen, t: FuzzTarget, depth = 0): unknown {
  switch (g.int(0, 11)) {
    case 0:
      return null;
    case 1:
      return g.chance(0.5);
    case 2:
    case 3:
      return g.pick(HOSTILE_NUMBERS);
    case 4:
    case 5:
      return g.pick(hostileStrings(t));
    case 6:
      return depth > 2 ? [] : [hostileValue(g, t, depth + 1), hostileValue(g, t, depth + 1)];
    case 7:
      return {};
    case 8:
      return nested(g.pick([3, 33, 200]));
    case 9:
      return protoKeyObject();
    case 10:
      return { constructor: { prototype: { polluted: true } } };
    default:
      return depth > 2 ? 'x' : { [g.word()]: hostileValue(g, t, depth + 1) };
  }
}

const UNKNOWN_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'extra',
  '',
  ' ',
  'SESSION_ID',
  'session_id ',
  '\u0000',
  'a'.repeat(1000),
];

function connectionStrings(t: FuzzTarget): string[] {
  return [
    t.brokerUrl,
    t.closedUrl,
    t.brokerUrl.replace('mqtt://', ''),
    t.brokerUrl.replace('mqtt://', 'tcp://'),
    t.brokerUrl.replace('mqtt://', 'mqtt://user:hunter2secret@'),
    t.brokerUrl.replace('mqtt://', 'ftp://'),
    t.brokerUrl.replace('mqtt://', 'mqtt:/'),
    `${t.brokerUrl}/client/with/slash`,
    'mqtt://',
    'mqtt://:1883',
    'mqtt://127.0.0.1:99999',
    'mqtt://127.0.0.1:0',
    'mqtt://127.0.0.1:abc',
    'mqtt://[::1',
    'mqtt://user:%zz@127.0.0.1:1',
    'mqtt://127.0.0.1 :1883',
    `mqtt://127.0.0.1\u0000:1883`,
    `mqtt://127.0.0.1:1883/${'c'.repeat(3000)}`,
  ];
}

/** True when a connection string either fails parsing (no I/O) or points at loopback. */
export function loopbackOnly(value: string): boolean {
  try {
    const host = parseConnectionString(value).host.toLowerCase();
    return host === '127.0.0.1' || host === 'localhost' || host === '::1';
  } catch {
    return true;
  }
}

/** A valid-looking value for one property of a tool's input schema. */
function validFor(g: Gen, t: FuzzTarget, key: string, schema: JsonSchema, call: number): unknown {
  const sessions = t.sessionIds();
  switch (key) {
    case 'session_id':
      return sessions.length > 0 && g.chance(0.9)
        ? g.pick(sessions)
        : g.pick(['00000000-0000-0000-0000-000000000000', `missing-${call}`]);
    case 'topic':
      return `${t.topicPrefix}/${call}${g.chance(0.3) ? `/${g.word()}` : ''}`;
    case 'topic_pattern':
    case 'pattern':
      return g.pick([
        `${t.topicPrefix}/#`,
        '#',
        `${t.topicPrefix}/+`,
        `$share/g${call}/${t.nonce}/#`,
        '$SYS/#',
      ]);
    case 'patterns':
      return g.chance(0.5) ? [] : [`${t.topicPrefix}/#`];
    case 'device_id':
      return g.pick([`dev-${t.nonce}`, '0x00158d0001a2b3c4', 'kitchen-plug']);
    case 'connection_string':
      return g.chance(0.8) ? t.brokerUrl : t.closedUrl;
    case 'profile':
      return g.pick(['home', 'no-such-profile']);
    case 'client_id':
      return `fuzz-${t.nonce}-${call}`;
    case 'duration_seconds':
      return 1;
    case 'timeout_seconds':
    case 'connect_timeout_seconds':
      return 2;
    case 'rate_per_second':
      return g.int(1, 20);
    case 'tls_ca':
    case 'tls_cert':
    case 'tls_key':
      return '-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n';
    case 'payload':
      return g.pick(['hello', '{"t":21.5}', 'aGVsbG8=', '']);
    default:
      return fromSchema(g, schema, 0);
  }
}

/** A value matching a JSON Schema (the subset zod emits for tool inputs). */
export function fromSchema(g: Gen, schema: JsonSchema, depth: number): unknown {
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return g.pick(schema.enum as unknown[]);
  if (Array.isArray(schema.anyOf))
    return fromSchema(g, g.pick(schema.anyOf as JsonSchema[]), depth);
  switch (schema.type) {
    case 'string': {
      const min = (schema.minLength as number | undefined) ?? 0;
      const max = Math.min((schema.maxLength as number | undefined) ?? 40, 40);
      return g.word(Math.max(min, 1), Math.max(min, max, 1));
    }
    case 'number':
    case 'integer': {
      const min = (schema.minimum as number | undefined) ?? 0;
      const max = Math.min((schema.maximum as number | undefined) ?? 1000, min + 1000);
      const v =
        schema.type === 'integer'
          ? g.int(Math.ceil(min), Math.floor(max))
          : min + g.rng() * (max - min);
      return v;
    }
    case 'boolean':
      return g.chance(0.5);
    case 'array': {
      const items = (schema.items as JsonSchema | undefined) ?? {};
      const n = g.int(0, Math.min((schema.maxItems as number | undefined) ?? 3, 3));
      return depth > 3 ? [] : Array.from({ length: n }, () => fromSchema(g, items, depth + 1));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
      for (const [k, s] of Object.entries(props)) {
        if (depth < 3 && g.chance(0.5)) out[k] = fromSchema(g, s, depth + 1);
      }
      return out;
    }
    default:
      return null;
  }
}

/** Valid arguments for a tool: every required property and about half of the optional ones. */
export function validArgs(
  g: Gen,
  t: FuzzTarget,
  tool: AnyTool,
  call: number,
): Record<string, unknown> {
  const schema = inputJsonSchema(tool);
  const props = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(props)) {
    if (required.has(key) || g.chance(0.5)) out[key] = validFor(g, t, key, s, call);
  }
  // Keep the publish payload consistent with its encoding most of the time.
  if (
    tool.name === 'mqtt_publish_message' &&
    typeof out.payload_encoding === 'string' &&
    g.chance(0.8)
  ) {
    out.payload =
      out.payload_encoding === 'json'
        ? '{"fuzz":true}'
        : out.payload_encoding === 'base64'
          ? 'ZnV6eg=='
          : 'fuzz';
  }
  if (tool.name === 'mqtt_publish_message' && out.properties !== undefined && g.chance(0.5))
    delete out.properties;
  return out;
}

function edgeOfType(g: Gen, t: FuzzTarget, schema: JsonSchema | undefined): unknown {
  const type = schema?.type ?? (Array.isArray(schema?.anyOf) ? 'number' : undefined);
  if (type === 'number' || type === 'integer') return g.pick(HOSTILE_NUMBERS);
  if (type === 'string') return g.pick(hostileStrings(t));
  if (type === 'boolean') return g.pick(['true', 1, 0, null]);
  if (type === 'array') return g.pick([{}, 'not-an-array', Array.from({ length: 50 }, () => '#')]);
  if (type === 'object') return g.pick([[], 'x', protoKeyObject(), nested(40)]);
  return hostileValue(g, t);
}

/** Valid arguments with one to three hostile mutations. */
export function mutatedArgs(
  g: Gen,
  t: FuzzTarget,
  tool: AnyTool,
  call: number,
): Record<string, unknown> {
  const args = validArgs(g, t, tool, call);
  const schema = inputJsonSchema(tool);
  const props = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
  const keys = Object.keys(props);
  const required = (schema.required as string[] | undefined) ?? [];
  const rounds = g.int(1, 3);
  for (let i = 0; i < rounds; i++) {
    const key = keys.length > 0 ? g.pick(keys) : undefined;
    if (key === 'connection_string' && g.chance(0.5)) {
      // Malformed, refused and credential-bearing broker addresses, all on loopback.
      setOwn(args, key, g.pick(connectionStrings(t)));
      continue;
    }
    switch (g.int(0, 5)) {
      case 0:
        if (key) setOwn(args, key, hostileValue(g, t));
        break;
      case 5: {
        // One level down: a hostile value inside an object argument (e.g. publish properties).
        const objectKey = keys.find((k) => props[k]?.type === 'object');
        if (!objectKey) break;
        const inner =
          (props[objectKey]?.properties as Record<string, JsonSchema> | undefined) ?? {};
        const sub: Record<string, unknown> =
          args[objectKey] && typeof args[objectKey] === 'object'
            ? (args[objectKey] as Record<string, unknown>)
            : {};
        const innerKeys = Object.keys(inner);
        const subKey = innerKeys.length > 0 ? g.pick(innerKeys) : g.word();
        setOwn(
          sub,
          subKey,
          inner[subKey]?.type === 'object'
            ? g.pick([
                {},
                { [g.pick(hostileStrings(t))]: 'v' },
                { k: [] },
                { k: ['v', g.pick(hostileStrings(t))] },
              ])
            : g.chance(0.5)
              ? g.pick(hostileStrings(t))
              : edgeOfType(g, t, inner[subKey]),
        );
        setOwn(args, objectKey, sub);
        break;
      }
      case 1:
        if (key) setOwn(args, key, edgeOfType(g, t, props[key]));
        break;
      case 2:
        setOwn(args, g.pick(UNKNOWN_KEYS), hostileValue(g, t));
        break;
      case 3:
        if (required.length > 0) delete args[g.pick(required)];
        else if (key) setOwn(args, key, edgeOfType(g, t, props[key]));
        break;
      default:
        if (key) setOwn(args, key, g.pick(hostileStrings(t)));
    }
  }
  return args;
}

/** Arguments that are not even an object of the right shape. */
export function chaosArgs(g: Gen, t: FuzzTarget, tool: AnyTool, call: number): unknown {
  switch (g.int(0, 8)) {
    case 0:
      return null;
    case 1:
      return [validArgs(g, t, tool, call)];
    case 2:
      return g.pick(hostileStrings(t));
    case 3:
      return g.pick(HOSTILE_NUMBERS);
    case 4:
      return true;
    case 5:
      return nested(g.pick([5, 50, 500]));
    case 6:
      return protoKeyObject(validArgs(g, t, tool, call));
    case 7: {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < 50; i++) setOwn(out, `${g.word()}${i}`, hostileValue(g, t));
      return out;
    }
    default:
      return {};
  }
}

function inRange(value: unknown, schema: JsonSchema | undefined): value is number {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= ((schema?.minimum as number | undefined) ?? -Infinity) &&
    value <= ((schema?.maximum as number | undefined) ?? Infinity)
  );
}

/**
 * Keeps a call bounded and local whatever the generator chose: a timed tool that would pass
 * validation runs for 1 s, waits for acknowledgements or CONNACK are at most 2 s, connection strings
 * never leave loopback, and client ids are unique (no take-over storms between fuzz sessions).
 */
export function clampForSafety(t: FuzzTarget, tool: AnyTool, args: unknown, call: number): unknown {
  if (!args || typeof args !== 'object' || Array.isArray(args)) return args;
  const a = args as Record<string, unknown>;
  const props = (inputJsonSchema(tool).properties as Record<string, JsonSchema> | undefined) ?? {};
  if ('duration_seconds' in props) {
    if (
      !Object.hasOwn(a, 'duration_seconds') ||
      inRange(a.duration_seconds, props.duration_seconds)
    ) {
      a.duration_seconds = 1;
    }
  }
  for (const key of ['timeout_seconds', 'connect_timeout_seconds']) {
    if (!(key in props)) continue;
    if (!Object.hasOwn(a, key) || inRange(a[key], props[key]))
      a[key] = Math.min(2, (a[key] as number) || 2);
  }
  if (inRange(a.rate_per_second, props.rate_per_second)) {
    a.rate_per_second = Math.min(20, a.rate_per_second);
  }
  if (typeof a.connection_string === 'string' && !loopbackOnly(a.connection_string)) {
    a.connection_string = t.closedUrl;
  }
  if (typeof a.client_id === 'string' && a.client_id.length > 0 && a.client_id.length < 200) {
    a.client_id = `${a.client_id}-${call}`;
  }
  return a;
}

/** Generates call number `index`: a tool (rarely an unknown name) and valid, mutated or chaos arguments. */
export function generateCall(
  g: Gen,
  t: FuzzTarget,
  tools: readonly AnyTool[],
  index: number,
  weights: { valid: number; mutated: number } = { valid: 0.2, mutated: 0.55 },
): FuzzCall {
  const tool = g.pick(tools);
  const r = g.rng();
  const mode: FuzzMode =
    r < weights.valid ? 'valid' : r < weights.valid + weights.mutated ? 'mutated' : 'chaos';
  const raw =
    mode === 'valid'
      ? validArgs(g, t, tool, index)
      : mode === 'mutated'
        ? mutatedArgs(g, t, tool, index)
        : chaosArgs(g, t, tool, index);
  const name = g.chance(0.03)
    ? g.pick([
        'mqtt_nope',
        '',
        'MQTT_PUBLISH_MESSAGE',
        '__proto__',
        'constructor',
        `${tool.name}\u0000`,
      ])
    : tool.name;
  return { index, tool: name, mode, args: clampForSafety(t, tool, raw, index) };
}
