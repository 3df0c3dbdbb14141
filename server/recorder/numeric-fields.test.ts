// Unit tests of numeric leaf extraction from JSON payloads.
import { describe, expect, it } from 'vitest';
import { MAX_FIELDS_PER_PAYLOAD, numericFields } from './numeric-fields';

const fields = (value: unknown) => {
  const out: Array<[string, number]> = [];
  numericFields(value, (path, v) => out.push([path, v]));
  return out;
};

describe('numericFields', () => {
  it('names a bare number $ and object leaves by dotted path', () => {
    expect(fields(21.5)).toEqual([['$', 21.5]]);
    expect(fields({ temp: 21, sensor: { hum: 40, ok: true, name: 'x' }, list: [1, 2] })).toEqual([
      ['temp', 21],
      ['sensor.hum', 40],
      ['list.0', 1],
      ['list.1', 2],
    ]);
  });

  it('skips times, non-finite values, strings, deep nesting and long arrays', () => {
    expect(fields({ ts: 1, timestamp: 2, created_at: 3, last_seen: 4, time_ms: 5, v: 6 })).toEqual([
      ['v', 6],
    ]);
    expect(fields({ a: { b: { c: { d: { e: 1 } } } }, e: { f: { g: 2 } } })).toEqual([
      ['e.f.g', 2],
    ]);
    expect(fields(Array.from({ length: 20 }, (_, i) => i))).toHaveLength(8);
    expect(fields('21')).toEqual([]);
    expect(fields(null)).toEqual([]);
  });

  it('stops at MAX_FIELDS_PER_PAYLOAD', () => {
    const wide = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]));
    expect(fields(wide)).toHaveLength(MAX_FIELDS_PER_PAYLOAD);
  });
});
