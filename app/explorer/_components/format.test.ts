// Unit tests of the explorer's display formatting.
import { describe, expect, it } from 'vitest';
import { formatAge, formatCount, formatRate, prettyPayload } from './format';

describe('explorer formatting', () => {
  it('formats counts compactly above 100,000', () => {
    expect(formatCount(3)).toBe('3');
    expect(formatCount(12_345)).toBe('12,345');
    expect(formatCount(123_456)).toBe('123k');
    expect(formatCount(1_234_567)).toBe('1.2M');
  });

  it('formats rates per second', () => {
    expect(formatRate(0.3)).toBe('0.3/s');
    expect(formatRate(42.4)).toBe('42/s');
    expect(formatRate(5120)).toBe('5.1k/s');
  });

  it('pretty-prints JSON and leaves text alone', () => {
    expect(prettyPayload({ payload_format: 'json', payload: { a: 1 } })).toBe('{\n  "a": 1\n}');
    expect(prettyPayload({ payload_format: 'json', payload: '{"cut' })).toBe('{"cut');
    expect(prettyPayload({ payload_format: 'text', payload: 'on' })).toBe('on');
  });

  it('formats ages', () => {
    expect(formatAge(0, 4_000)).toBe('4 s ago');
    expect(formatAge(0, 180_000)).toBe('3 min ago');
    expect(formatAge(0, 7_200_000)).toBe('2 h ago');
  });
});
