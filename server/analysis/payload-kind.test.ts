// Unit tests of payload kind classification and schema confidence.
import { describe, expect, it } from 'vitest';
import { classifyPayloadKind, confidenceFor } from './schema-inference';
import { msg } from '../../test/fixtures/message-records';

describe('classifyPayloadKind', () => {
  it('classifies parsed JSON by its type (never as text)', () => {
    expect(classifyPayloadKind(msg('a', { t: 1 }))).toBe('json_object');
    expect(classifyPayloadKind(msg('a', [1, 2]))).toBe('json_array');
    expect(classifyPayloadKind(msg('a', 21.5))).toBe('number');
    expect(classifyPayloadKind(msg('a', false))).toBe('boolean');
    expect(classifyPayloadKind(msg('a', null))).toBe('null');
    expect(classifyPayloadKind(msg('a', 'on', undefined, { payload_format: 'json' }))).toBe(
      'string',
    );
  });

  it('classifies a cut JSON text by its first character', () => {
    const cut = { payload_format: 'json' as const, payload_truncated: true as const };
    expect(classifyPayloadKind(msg('a', ' {"a": [1, 2', undefined, cut))).toBe('json_object');
    expect(classifyPayloadKind(msg('a', '[1, 2, 3', undefined, cut))).toBe('json_array');
  });

  it('recognises XML, text, binary and empty payloads', () => {
    expect(classifyPayloadKind(msg('a', '<?xml version="1.0"?><r><v>1</v></r>\n'))).toBe('xml');
    expect(classifyPayloadKind(msg('a', 'hello <b>'))).toBe('text');
    expect(classifyPayloadKind(msg('a', 'AAEC', undefined, { payload_format: 'binary' }))).toBe(
      'binary',
    );
    expect(classifyPayloadKind(msg('a', '', undefined, { size_bytes: 0 }))).toBe('empty');
    expect(classifyPayloadKind(msg('a', '  ', undefined, { size_bytes: 2 }))).toBe('empty');
    expect(
      classifyPayloadKind(msg('a', '', undefined, { payload_format: 'binary', size_bytes: 0 })),
    ).toBe('empty');
  });
});

describe('confidenceFor', () => {
  it('is low below 10 samples, medium below 50 and high from 50', () => {
    expect(confidenceFor(0)).toEqual({ level: 'low', score: 0 });
    expect(confidenceFor(9).level).toBe('low');
    expect(confidenceFor(10).level).toBe('medium');
    expect(confidenceFor(49).level).toBe('medium');
    expect(confidenceFor(50).level).toBe('high');
    expect(confidenceFor(3).score).toBe(0.5);
  });

  it('grows with the sample size and stays below 1', () => {
    const scores = [1, 5, 10, 50, 200, 10_000].map((n) => confidenceFor(n).score);
    for (let i = 1; i < scores.length; i++)
      expect(scores[i]).toBeGreaterThan(scores[i - 1] as number);
    expect(scores[scores.length - 1]).toBeLessThanOrEqual(1);
  });
});
