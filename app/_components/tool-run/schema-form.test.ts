// Schema-to-form logic on hand-written schemas; every registry tool: test/console-forms.test.ts.
import { describe, expect, it } from 'vitest';
import {
  buildArguments,
  fieldsFromSchema,
  flattenFields,
  humanize,
  initialValues,
  mcpCall,
  optionHints,
  valuesFromArguments,
  type FieldSpec,
  type FormValues,
  type JsonSchema,
} from './schema-form';

const publishLike: JsonSchema = {
  type: 'object',
  properties: {
    session_id: { type: 'string', minLength: 1, description: 'Session id' },
    topic: { type: 'string', maxLength: 10 },
    payload: { type: 'string' },
    payload_encoding: { type: 'string', enum: ['text', 'json', 'base64'], default: 'text' },
    qos: {
      default: 0,
      description: 'MQTT QoS level: 0 at most once, 1 at least once, 2 exactly once (default 0)',
      anyOf: [
        { type: 'number', const: 0 },
        { type: 'number', const: 1 },
        { type: 'number', const: 2 },
      ],
    },
    retain: { type: 'boolean', default: false },
    duration_seconds: { type: 'number', minimum: 1, maximum: 300, default: 10 },
    limit: { type: 'integer', minimum: 1, maximum: 1000 },
    patterns: { type: 'array', items: { type: 'string' }, maxItems: 2, default: [] },
    verify: { type: 'boolean' },
    properties: {
      type: 'object',
      properties: {
        content_type: { type: 'string' },
        message_expiry_seconds: { type: 'integer', minimum: 0 },
        user_properties: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
  required: ['session_id', 'topic', 'payload'],
  additionalProperties: false,
};

function field(fields: FieldSpec[], path: string): FieldSpec {
  const found = flattenFields(fields).find((f) => f.path === path);
  if (!found) throw new Error(`no field ${path}`);
  return found;
}

describe('humanize', () => {
  const units = { duration_seconds: 'Duration (s)', probe_rate_per_second: 'Probe rate / s' };
  it.each(Object.entries(units))('turns the unit suffix of %s into the label %s', (name, label) => {
    expect(humanize(name)).toBe(label);
  });

  const acronyms = {
    session_id: 'Session ID',
    qos: 'QoS',
    include_sys: 'Include $SYS',
    tls_ca: 'TLS CA',
  };
  it.each(Object.entries(acronyms))('spells the acronym in %s as in %s', (name, label) => {
    expect(humanize(name)).toBe(label);
  });
});

describe('fieldsFromSchema', () => {
  const fields = fieldsFromSchema(publishLike);

  it('keeps property order and marks required fields', () => {
    expect(fields.map((f) => f.name)).toEqual(Object.keys(publishLike.properties as object));
    expect(field(fields, 'topic').required).toBe(true);
    expect(field(fields, 'retain').required).toBe(false);
  });

  it('renders session_id as a session picker and payloads as textareas', () => {
    expect(field(fields, 'session_id').kind).toBe('session');
    expect(field(fields, 'payload')).toMatchObject({ kind: 'text', multiline: true });
    expect(field(fields, 'topic')).toMatchObject({ kind: 'text', multiline: false, maxLength: 10 });
  });

  it('turns enums and anyOf of const into selects with hints from the description', () => {
    const encoding = field(fields, 'payload_encoding');
    expect(encoding.kind === 'select' && encoding.options.map((o) => o.value)).toEqual([
      'text',
      'json',
      'base64',
    ]);
    const qos = field(fields, 'qos');
    expect(qos.kind === 'select' && qos.options.map((o) => o.label)).toEqual([
      '0 · at most once',
      '1 · at least once',
      '2 · exactly once',
    ]);
  });

  it('gives numbers their range and step', () => {
    expect(field(fields, 'duration_seconds')).toMatchObject({
      kind: 'number',
      integer: false,
      min: 1,
      max: 300,
      step: 'any',
    });
    expect(field(fields, 'limit')).toMatchObject({ kind: 'number', integer: true, step: '1' });
  });

  it('uses a checkbox for booleans with a default and a tri-state select otherwise', () => {
    expect(field(fields, 'retain').kind).toBe('boolean');
    expect(field(fields, 'verify').kind).toBe('select');
  });

  it('makes string arrays list editors, objects fieldsets and records JSON fields', () => {
    expect(field(fields, 'patterns')).toMatchObject({ kind: 'list', maxItems: 2 });
    expect(field(fields, 'properties').kind).toBe('object');
    expect(field(fields, 'properties.content_type').kind).toBe('text');
    expect(field(fields, 'properties.user_properties').kind).toBe('json');
  });

  it('unwraps nullable schemas and resolves local $refs', () => {
    const list = fieldsFromSchema({
      type: 'object',
      $defs: { level: { type: 'integer', minimum: 0, maximum: 2 } },
      properties: {
        level: { $ref: '#/$defs/level' },
        note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
    });
    expect(field(list, 'level')).toMatchObject({ kind: 'number', integer: true, max: 2 });
    expect(field(list, 'note').kind).toBe('text');
  });
});

describe('optionHints', () => {
  it('reads "N = label" and "N label" lists, only when every value has a distinct label', () => {
    expect([...optionHints([4, 5], 'MQTT protocol: 4 = 3.1.1, 5 = MQTT 5 (default 5)')]).toEqual([
      ['4', '3.1.1'],
      ['5', 'MQTT 5'],
    ]);
    expect([
      ...optionHints(
        ['auto', 5, 4],
        'MQTT protocol: auto = 5 or else 3.1.1; 5 = MQTT 5; 4 = 3.1.1',
      ),
    ]).toEqual([
      ['auto', '5 or else 3.1.1'],
      ['5', 'MQTT 5'],
      ['4', '3.1.1'],
    ]);
    expect(optionHints([0, 1], 'QoS of the probe messages, 0 or 1 (default 0)').size).toBe(0);
    expect(optionHints([1, 2], undefined).size).toBe(0);
  });
});

describe('initialValues and buildArguments', () => {
  const fields = fieldsFromSchema(publishLike);
  /** The form's initial values with `edits` typed over them. */
  const edited = (edits: FormValues) => ({ ...initialValues(fields), ...edits });

  it('prefills defaults and leaves the rest empty', () => {
    expect(initialValues(fields)).toEqual({
      session_id: '',
      topic: '',
      payload: '',
      payload_encoding: '"text"',
      qos: '0',
      retain: false,
      duration_seconds: '10',
      limit: '',
      patterns: [],
      verify: '',
      'properties.content_type': '',
      'properties.message_expiry_seconds': '',
      'properties.user_properties': '',
    });
  });

  it('omits empty optional fields and empty nested objects', () => {
    const values = edited({ session_id: 's1', topic: 'a/b', payload: 'hi' });
    expect(buildArguments(fields, values)).toEqual({
      args: {
        session_id: 's1',
        topic: 'a/b',
        payload: 'hi',
        payload_encoding: 'text',
        qos: 0,
        retain: false,
        duration_seconds: 10,
      },
      errors: {},
    });
  });

  it('converts selects, lists, numbers, nested objects and JSON', () => {
    const values = edited({
      session_id: 's1',
      topic: 't',
      payload: '{}',
      qos: '1',
      retain: true,
      limit: '20',
      patterns: [' a/# ', '', 'b/+'],
      verify: 'false',
      'properties.message_expiry_seconds': '60',
      'properties.user_properties': '{"k":"v"}',
    });
    const { args, errors } = buildArguments(fields, values);
    expect(errors).toEqual({});
    expect(args).toMatchObject({
      qos: 1,
      retain: true,
      limit: 20,
      patterns: ['a/#', 'b/+'],
      verify: false,
      properties: { message_expiry_seconds: 60, user_properties: { k: 'v' } },
    });
  });

  it('reports missing required fields, ranges, whole numbers, lengths and bad JSON', () => {
    const values = edited({
      topic: 'much too long topic',
      duration_seconds: '0',
      limit: '2.5',
      patterns: ['a', 'b', 'c'],
      'properties.user_properties': '{nope',
    });
    expect(buildArguments(fields, values).errors).toEqual({
      session_id: 'required',
      topic: 'at most 10 characters',
      payload: 'required',
      duration_seconds: 'must be at least 1',
      limit: 'must be a whole number',
      patterns: 'at most 2 items',
      'properties.user_properties': 'not valid JSON',
    });
  });

  it('round-trips arguments through valuesFromArguments', () => {
    const args = {
      session_id: 's1',
      topic: 't',
      payload: 'p',
      payload_encoding: 'json',
      qos: 2,
      retain: true,
      duration_seconds: 3,
      patterns: ['x/#'],
      properties: { content_type: 'application/json' },
    };
    expect(buildArguments(fields, valuesFromArguments(fields, args)).args).toEqual(args);
  });
});

describe('mcpCall', () => {
  it('builds a tools/call request', () => {
    expect(JSON.parse(mcpCall('mqtt_list_topics', { session_id: 's' }))).toEqual({
      method: 'tools/call',
      params: { name: 'mqtt_list_topics', arguments: { session_id: 's' } },
    });
  });
});
