// Unit tests of the input hardening found by fuzzing: topic characters, MQTT strings, statistics, redaction cost.
import { describe, expect, it } from 'vitest';
import { round, summarize } from '../../server/analysis/stats';
import {
  validateMqttString,
  validateTopicFilter,
  validateTopicName,
} from '../../server/mqtt/topics';
import { redactText } from '../../server/redact';
import { HOSTILE_NUMBERS, hostileStrings, mulberry32, protoKeyObject } from '../fuzz/arbitrary';
import { caughtToolError } from '../tool-error';

describe('topic characters', () => {
  const refused: Array<[string, RegExp]> = [
    ['a/\u0001', /control character or non-character U\+0001 at index 2/],
    ['a/\u001b[31m', /U\+001B/],
    ['a/\n', /U\+000A/],
    ['a/\u007f', /U\+007F/],
    ['a/\u0085', /U\+0085/],
    ['a/\ufdd0', /U\+FDD0/],
    ['a/\ufffe', /U\+FFFE/],
    ['a/\uffff', /U\+FFFF/],
    ['a/\ud83f\udfff', /U\+1FFFF/],
    ['a/\ud800', /lone surrogate U\+D800/],
    ['a/\udc00b', /lone surrogate U\+DC00/],
    ['\udbff', /lone surrogate U\+DBFF/],
  ];

  it('refuses control characters, non-characters and lone surrogates in names and filters', () => {
    for (const [topic, message] of refused) {
      const name = caughtToolError(() => validateTopicName(topic));
      expect(name.code, JSON.stringify(topic)).toBe('INVALID_TOPIC');
      expect(name.message).toMatch(message);
      expect(name.message).toMatch(/^topic: /);
      const filter = caughtToolError(() => validateTopicFilter(`${topic}/#`));
      expect(filter.code).toBe('INVALID_TOPIC');
      expect(filter.message).toMatch(/^topic_pattern: /);
    }
  });

  it('still accepts printable Unicode, emoji, format characters, U+FFFD and $-topics', () => {
    for (const topic of [
      'a/😀',
      'a/\u202eb',
      'a/\ufffd',
      'ä/ö/ü',
      '$SYS/x',
      'a//b',
      ' ',
      'a/\u00a0',
    ]) {
      expect(() => validateTopicName(topic), JSON.stringify(topic)).not.toThrow();
      expect(() => validateTopicFilter(`${topic}/+`), JSON.stringify(topic)).not.toThrow();
    }
  });

  it('validates MQTT 5 property text the same way, NUL included', () => {
    expect(() =>
      validateMqttString('application/json; charset=utf-8', 'properties.content_type'),
    ).not.toThrow();
    for (const text of ['a\u0000', 'a\u0001', '\ud800', '\uffff']) {
      const err = caughtToolError(() => validateMqttString(text, 'properties.content_type'));
      expect(err.code).toBe('INVALID_INPUT');
      expect(err.message).toMatch(
        /^properties\.content_type: .* is not allowed in an MQTT string$/,
      );
    }
  });
});

describe('statistics over hostile numbers', () => {
  it('keeps the mean finite when the sum overflows, and rounding never makes Infinity', () => {
    const s = summarize([1e308, 1e308, 1e308]);
    expect(s?.mean).toBe(1e308);
    expect(Number.isFinite(summarize([1e308, -1e308, 1e308])?.mean)).toBe(true);
    expect(summarize([1, 2, 3])?.mean).toBe(2);
    expect(round(1e308, 6)).toBe(1e308);
    expect(round(-1.7976931348623157e308, 2)).toBe(-1.7976931348623157e308);
    expect(round(1.23456, 2)).toBe(1.23);
  });
});

describe('redaction cost', () => {
  it('redacts as before and scans text without "@" in linear time', () => {
    expect(redactText('mqtt://alice:s3cret@host:1883')).toBe('mqtt://alice:***@host:1883');
    expect(redactText('alice:s3cret@host')).toBe('alice:***@host');
    const big = 'a'.repeat(20 * 1024 * 1024);
    const started = performance.now();
    expect(redactText(big)).toBe(big);
    // Before the fix this took seconds (about 0.5 s per MB); now it is one substring search.
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('fuzz generators', () => {
  it('mulberry32 is deterministic per seed and uniform enough', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });

  it('makes own __proto__ keys that survive JSON, and edge cases of every kind', () => {
    const o = protoKeyObject({ polluted: true });
    expect(Object.keys(o)).toEqual(['__proto__']);
    expect(JSON.stringify(o)).toBe('{"__proto__":{"polluted":true}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const strings = hostileStrings({
      nonce: 'n1',
      topicPrefix: 'fuzz/n1',
      brokerUrl: 'mqtt://127.0.0.1:1',
      closedUrl: 'mqtt://127.0.0.1:2',
      sessionIds: () => [],
    });
    expect(strings).toContain('');
    expect(strings.some((s) => s.length >= 1024 * 1024)).toBe(true);
    expect(strings.some((s) => s.includes('\u0000'))).toBe(true);
    expect(strings.some((s) => s.startsWith('$SYS/'))).toBe(true);
    expect(strings.some((s) => s.startsWith('$share/'))).toBe(true);
    expect(HOSTILE_NUMBERS).toEqual(expect.arrayContaining([-1, 1e308, 2 ** 53]));
  });
});
