// Unit tests of the time-range arguments of history tools.
import { describe, expect, it } from 'vitest';
import { parseTimeArg, parseTimeRange } from './since';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

describe('parseTimeArg', () => {
  it.each([
    ['30s', 30_000],
    ['90m', 5_400_000],
    ['15min', 900_000],
    ['24h', 86_400_000],
    ['1.5h', 5_400_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    [' 3 H ', 10_800_000],
  ])('%s is that long before now', (text, ms) => {
    expect(parseTimeArg(text, 'since', NOW)).toBe(NOW - ms);
  });

  it('reads ISO date-times', () => {
    expect(parseTimeArg('2026-01-15T03:00:00Z', 'since', NOW)).toBe(Date.UTC(2026, 0, 15, 3));
    expect(parseTimeArg('2026-01-14', 'since', NOW)).toBe(Date.UTC(2026, 0, 14));
  });

  it.each(['yesterday', '24', '-3h', '3 hours', '', '12:00'])(
    'refuses %j naming the argument',
    (text) => {
      expect(() => parseTimeArg(text, 'until', NOW)).toThrow(/^until: /);
    },
  );
});

describe('parseTimeRange', () => {
  it('ends now unless until is given, and must not be empty', () => {
    expect(parseTimeRange('1h', undefined, NOW)).toEqual({ fromMs: NOW - 3_600_000, toMs: NOW });
    expect(parseTimeRange('2h', '1h', NOW)).toEqual({
      fromMs: NOW - 7_200_000,
      toMs: NOW - 3_600_000,
    });
    expect(() => parseTimeRange('1h', '2h', NOW)).toThrow(/must be before until/);
  });
});
