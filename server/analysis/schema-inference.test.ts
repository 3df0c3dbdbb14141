// Unit tests of JSON Schema inference from samples.
import { describe, expect, it } from 'vitest';
import { inferJsonSchema, JSON_SCHEMA_DRAFT, schemaRoot } from './schema-inference';
import { isDateTime, MAX_PROPERTIES, MAX_SCHEMA_DEPTH } from './schema-accumulator';

describe('inferJsonSchema', () => {
  it('describes nested objects in arrays in objects with required and optional keys', () => {
    const samples = [
      {
        device: 'a',
        readings: [
          { t: 21, unit: 'C' },
          { t: 22.5, unit: 'C', ok: true },
        ],
      },
      { device: 'b', readings: [{ t: 19, unit: 'C' }], battery: 80 },
    ];
    expect(inferJsonSchema(samples)).toEqual({
      type: 'object',
      properties: {
        device: { type: 'string', examples: ['a', 'b'] },
        readings: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              t: { type: 'number', minimum: 19, maximum: 22.5 },
              unit: { type: 'string', enum: ['C'] },
              ok: { type: 'boolean' },
            },
            required: ['t', 'unit'],
          },
          minItems: 1,
          maxItems: 2,
        },
        battery: { type: 'integer', minimum: 80, maximum: 80 },
      },
      required: ['device', 'readings'],
    });
  });

  it('sorts required keys and keeps properties in order of first appearance', () => {
    const schema = inferJsonSchema([{ z: 1, a: 2, m: 3 }]);
    expect(Object.keys(schema.properties as object)).toEqual(['z', 'a', 'm']);
    expect(schema.required).toEqual(['a', 'm', 'z']);
  });

  it('tells integers from numbers and tracks the range', () => {
    expect(inferJsonSchema([1, 5, -3])).toEqual({ type: 'integer', minimum: -3, maximum: 5 });
    expect(inferJsonSchema([1, 2.5])).toEqual({ type: 'number', minimum: 1, maximum: 2.5 });
  });

  it('gives an enum only for few repeating strings', () => {
    expect(inferJsonSchema(['ON', 'OFF', 'ON', 'OFF'])).toEqual({
      type: 'string',
      enum: ['OFF', 'ON'],
    });
    expect(inferJsonSchema(['ON', 'OFF'])).toEqual({ type: 'string', examples: ['ON', 'OFF'] });
    const many = Array.from({ length: 40 }, (_, i) => `v${i % 10}`);
    expect(inferJsonSchema(many)).toEqual({ type: 'string', examples: ['v0', 'v1', 'v2'] });
    expect(inferJsonSchema(many, { maxEnum: 10 }).enum).toHaveLength(10);
    expect(inferJsonSchema(['a', 'b', 'c', 'd'], { maxExamples: 2 }).examples).toEqual(['a', 'b']);
  });

  it('cuts long examples', () => {
    const long = 'x'.repeat(500);
    const examples = inferJsonSchema([long]).examples as string[];
    expect(examples[0]).toHaveLength(101);
  });

  it('recognises date-time strings', () => {
    expect(inferJsonSchema(['2024-05-01T12:00:00Z', '2024-05-01T12:00:01.250+02:00'])).toEqual({
      type: 'string',
      format: 'date-time',
      examples: ['2024-05-01T12:00:00Z', '2024-05-01T12:00:01.250+02:00'],
    });
    expect(inferJsonSchema(['2024-05-01T12:00:00Z', 'yesterday']).format).toBeUndefined();
    expect(isDateTime('2024-13-01T12:00:00Z')).toBe(false);
    expect(isDateTime('2024-05-01')).toBe(false);
  });

  it('describes booleans, null and empty input', () => {
    expect(inferJsonSchema([true, false])).toEqual({ type: 'boolean' });
    expect(inferJsonSchema([null])).toEqual({ type: 'null' });
    expect(inferJsonSchema([])).toEqual({});
  });

  it('lists mixed scalar types sorted, merging their keywords', () => {
    expect(inferJsonSchema([1, 'high', 2.5, true])).toEqual({
      type: ['boolean', 'number', 'string'],
      minimum: 1,
      maximum: 2.5,
      examples: ['high'],
    });
  });

  it('keeps an enum for nullable strings and adds null to it', () => {
    expect(inferJsonSchema(['a', null, 'a', 'b', 'b'])).toEqual({
      type: ['null', 'string'],
      enum: ['a', 'b', null],
    });
  });

  it('uses anyOf when objects or arrays mix with other types', () => {
    expect(inferJsonSchema([{ a: 1 }, 'x', null, [1]])).toEqual({
      anyOf: [
        {
          type: 'array',
          items: { type: 'integer', minimum: 1, maximum: 1 },
          minItems: 1,
          maxItems: 1,
        },
        { type: 'null' },
        {
          type: 'object',
          properties: { a: { type: 'integer', minimum: 1, maximum: 1 } },
          required: ['a'],
        },
        { type: 'string', examples: ['x'] },
      ],
    });
  });

  it('describes empty arrays without items', () => {
    expect(inferJsonSchema([[], []])).toEqual({ type: 'array', minItems: 0, maxItems: 0 });
  });

  it('stops at 32 levels on a 10,000-level deep structure without throwing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = i % 2 === 0 ? { child: deep } : [deep];
    const schema = inferJsonSchema([deep]);
    let node = schema as Record<string, unknown>;
    let levels = 0;
    while (node.type !== undefined) {
      node = (
        node.type === 'object' ? (node.properties as Record<string, unknown>).child : node.items
      ) as Record<string, unknown>;
      levels++;
    }
    expect(levels).toBe(MAX_SCHEMA_DEPTH);
    expect(node).toEqual({ 'x-truncated': true });
    expect(() => JSON.stringify(schema)).not.toThrow();
  });

  it('caps the properties of an object', () => {
    const wide = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`k${i}`, i]));
    const schema = inferJsonSchema([wide]);
    expect(Object.keys(schema.properties as object)).toHaveLength(MAX_PROPERTIES);
    expect(schema['x-properties-truncated']).toBe(true);
    expect(schema.required).toHaveLength(MAX_PROPERTIES);
  });

  it('keeps a __proto__ key as an ordinary property', () => {
    const sample = JSON.parse('{"__proto__": {"x": 1}}') as unknown;
    const schema = inferJsonSchema([sample]);
    expect(Object.keys(schema.properties as object)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(schema.properties)).toBe(Object.prototype);
  });
});

describe('schemaRoot', () => {
  it('adds the draft 2020-12 $schema first', () => {
    const schema = schemaRoot([{ a: 1 }]);
    expect(Object.keys(schema)[0]).toBe('$schema');
    expect(schema.$schema).toBe(JSON_SCHEMA_DRAFT);
    expect(schema.type).toBe('object');
  });
});
