// Unit tests of toUserProperties: empty keys skipped, repeated keys grouped.
import { describe, expect, it } from 'vitest';
import { toUserProperties } from './user-properties';

describe('toUserProperties', () => {
  it('skips empty keys and groups repeated keys into arrays', () => {
    expect(
      toUserProperties([
        { key: 'a', value: '1' },
        { key: ' ', value: 'x' },
        { key: 'b', value: '2' },
        { key: 'a', value: '3' },
        { key: 'a', value: '4' },
      ]),
    ).toEqual({ a: ['1', '3', '4'], b: '2' });
  });
});
