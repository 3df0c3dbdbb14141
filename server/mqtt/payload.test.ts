// Unit tests of payload decoding: JSON, text and binary detection, cutting, and the depth guard.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PAYLOAD_PREVIEW_BYTES,
  MAX_JSON_DEPTH,
  decodePayload,
  decodeUtf8,
  jsonDepth,
  sniffFormat,
  tryParseJson,
} from './payload';

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** The decoded payload of a message cut at maxBytes: its kept prefix and its full size. */
const truncated = (payload_format: string, payload: string, size_bytes: number) => ({
  payload_format,
  payload,
  size_bytes,
  payload_truncated: true,
});

describe('decodePayload: JSON', () => {
  it.each([
    ['{"temp":21.5,"unit":"C"}', { temp: 21.5, unit: 'C' }],
    ['[1,2,{"a":[true,null]}]', [1, 2, { a: [true, null] }]],
    ['42', 42],
    ['-3.5e2', -350],
    ['0', 0],
    ['true', true],
    ['false', false],
    ['null', null],
    ['"on"', 'on'],
    ['  {"a":1}\n', { a: 1 }],
    ['{}', {}],
    ['[]', []],
  ])('classifies %j as json with the parsed value', (text, value) => {
    const d = decodePayload(bytes(text));
    expect(d.payload_format).toBe('json');
    expect(d.payload).toEqual(value);
    expect(d.size_bytes).toBe(Buffer.byteLength(text));
    expect(d.payload_truncated).toBeUndefined();
  });

  it('parses JSON with multi-byte characters', () => {
    const d = decodePayload(bytes('{"name":"Küche €"}'));
    expect(d).toEqual({ payload_format: 'json', payload: { name: 'Küche €' }, size_bytes: 21 });
  });
});

describe('decodePayload: text', () => {
  it.each([
    'hello world',
    'ON',
    'True',
    '{"a":1',
    '{broken}',
    '12:30',
    '007',
    '-',
    'nullish',
    '1 2',
  ])('classifies %j as text', (text) => {
    const d = decodePayload(bytes(text));
    expect(d.payload_format).toBe('text');
    expect(d.payload).toBe(text);
    expect(d.size_bytes).toBe(Buffer.byteLength(text));
  });

  it('keeps tab, newline and carriage return as text', () => {
    const d = decodePayload(bytes('a\tb\r\nc'));
    expect(d.payload_format).toBe('text');
    expect(d.payload).toBe('a\tb\r\nc');
  });

  it('gives an empty payload as empty text of size 0', () => {
    expect(decodePayload(new Uint8Array(0))).toEqual({
      payload_format: 'text',
      payload: '',
      size_bytes: 0,
    });
  });

  it('gives whitespace-only payloads as text', () => {
    expect(decodePayload(bytes('   '))).toEqual({
      payload_format: 'text',
      payload: '   ',
      size_bytes: 3,
    });
  });
});

describe('decodePayload: binary', () => {
  it('gives invalid UTF-8 as the exact base64 of the bytes', () => {
    const d = decodePayload(Uint8Array.from([0xff, 0xfe, 0x00, 0x01]));
    expect(d).toEqual({ payload_format: 'binary', payload: '//4AAQ==', size_bytes: 4 });
  });

  it('gives a lone continuation byte as binary', () => {
    const d = decodePayload(Uint8Array.from([0x61, 0x80, 0x62]));
    expect(d.payload_format).toBe('binary');
    expect(d.payload).toBe('YYBi');
  });

  it.each([
    ['NUL', 'a\u0000b', 'YQBi'],
    ['SOH', 'a\u0001b', 'YQFi'],
    ['ESC', '\u001b[0m', 'G1swbQ=='],
    ['vertical tab', 'a\u000bb', 'YQti'],
    ['form feed', 'a\u000cb', 'YQxi'],
  ])('gives valid UTF-8 with a %s control character as binary', (_name, text, base64) => {
    const d = decodePayload(bytes(text));
    expect(d.payload_format).toBe('binary');
    expect(d.payload).toBe(base64);
    expect(Buffer.from(d.payload as string, 'base64').toString('utf8')).toBe(text);
  });

  it('encodes only the viewed bytes of a Uint8Array that is a slice of a larger buffer', () => {
    const whole = Uint8Array.from([0x41, 0x42, 0xff, 0x00, 0x43]);
    const d = decodePayload(whole.subarray(2, 4));
    expect(d).toEqual({ payload_format: 'binary', payload: '/wA=', size_bytes: 2 });
  });
});

describe('decodePayload: cutting at maxBytes', () => {
  it('keeps a payload of exactly maxBytes whole', () => {
    const d = decodePayload(bytes('hello'), 5);
    expect(d).toEqual({ payload_format: 'text', payload: 'hello', size_bytes: 5 });
  });

  it('cuts text at maxBytes, flags it and gives the full size', () => {
    expect(decodePayload(bytes('hello world'), 5)).toEqual(truncated('text', 'hello', 11));
  });

  it('uses the documented default of 4096 bytes', () => {
    expect(DEFAULT_PAYLOAD_PREVIEW_BYTES).toBe(4096);
    const d = decodePayload(bytes('x'.repeat(5000)));
    expect(d.payload).toBe('x'.repeat(4096));
    expect(d.size_bytes).toBe(5000);
    expect(d.payload_truncated).toBe(true);
  });

  it('does not parse a cut JSON document but keeps its prefix as text, marked json', () => {
    expect(decodePayload(bytes('{"a":123456}'), 5)).toEqual(truncated('json', '{"a":', 12));
  });

  it('keeps a cut that splits a multi-byte character as text without the partial character', () => {
    // 'h' is 1 byte, 'é' 2 bytes: a cut at 2 bytes splits 'é'.
    expect(decodePayload(bytes('héllo'), 2)).toEqual(truncated('text', 'h', 6));
    // '€' is 3 bytes: cuts at 2, 3 and 4 bytes of 'a€b'.
    expect(decodePayload(bytes('a€€'), 2).payload).toBe('a');
    expect(decodePayload(bytes('a€€'), 3).payload).toBe('a');
    expect(decodePayload(bytes('a€€'), 4).payload).toBe('a€');
    expect(decodePayload(bytes('a€€'), 4).payload_format).toBe('text');
    // a 4-byte emoji cut after 3 of its bytes
    expect(decodePayload(bytes('ab😀cd'), 5)).toEqual(truncated('text', 'ab', 8));
  });

  it('gives a cut binary payload as base64 of the kept prefix only', () => {
    const d = decodePayload(Uint8Array.from([0xff, 0x00, 0x01, 0x02, 0x03, 0x04]), 3);
    expect(d).toEqual(truncated('binary', '/wAB', 6));
  });

  it('does not turn a cut binary payload into text by dropping its invalid trailing bytes', () => {
    // Text followed by stray continuation bytes: not a character split by the cut.
    const d = decodePayload(Uint8Array.from([0x61, 0x62, 0x80, 0x80, 0x80, 0x80]), 5);
    expect(d.payload_format).toBe('binary');
    expect(d.payload).toBe(Buffer.from([0x61, 0x62, 0x80, 0x80, 0x80]).toString('base64'));
    expect(decodePayload(Uint8Array.from([0x61, 0xff, 0x00, 0x01]), 2).payload_format).toBe(
      'binary',
    );
  });

  it('gives a cut payload with invalid UTF-8 before the cut point as binary', () => {
    const d = decodePayload(Uint8Array.from([0x61, 0xff, 0x62, 0x63, 0x64, 0x65, 0x66]), 6);
    expect(d.payload_format).toBe('binary');
    expect(d.payload).toBe(Buffer.from([0x61, 0xff, 0x62, 0x63, 0x64, 0x65]).toString('base64'));
  });
});

describe('decodePayload: deeply nested JSON', () => {
  it('returns a 10,000-level nested array as text quickly and without throwing', () => {
    const text = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const started = performance.now();
    const d = decodePayload(bytes(text), 1_000_000);
    expect(performance.now() - started).toBeLessThan(500);
    expect(d.payload_format).toBe('text');
    expect(d.payload).toBe(text);
    expect(d.size_bytes).toBe(20_000);
    expect(d.payload_truncated).toBeUndefined();
  });

  it('parses nesting up to MAX_JSON_DEPTH and refuses one level more', () => {
    expect(MAX_JSON_DEPTH).toBe(64);
    const at = `${'['.repeat(64)}${']'.repeat(64)}`;
    const over = `${'['.repeat(65)}${']'.repeat(65)}`;
    expect(decodePayload(bytes(at)).payload_format).toBe('json');
    expect(decodePayload(bytes(over)).payload_format).toBe('text');
  });

  it('applies the guard to objects too', () => {
    const deep = `${'{"a":'.repeat(100)}1${'}'.repeat(100)}`;
    expect(decodePayload(bytes(deep), 10_000).payload_format).toBe('text');
  });
});

describe('jsonDepth', () => {
  it('counts nesting of arrays and objects', () => {
    expect(jsonDepth('')).toBe(0);
    expect(jsonDepth('42')).toBe(0);
    expect(jsonDepth('[]')).toBe(1);
    expect(jsonDepth('{"a":[{"b":[]}]}')).toBe(4);
    expect(jsonDepth('[[],[[]],[]]')).toBe(3);
  });

  it('ignores brackets inside strings', () => {
    expect(jsonDepth('["[[[[", "{{{{"]')).toBe(1);
    expect(jsonDepth('[[["]]]]]"]]]')).toBe(3);
    expect(jsonDepth('{"k]}":"v[{"}')).toBe(1);
  });

  it('handles escaped quotes and backslashes inside strings', () => {
    expect(jsonDepth('{"a":"\\"[["}')).toBe(1);
    expect(jsonDepth('["\\\\",[1]]')).toBe(2);
    expect(jsonDepth('["\\\\\\"[[[",[1]]')).toBe(2);
  });

  it('stops counting just past the limit', () => {
    expect(jsonDepth('[[[[[[[[', 2)).toBe(3);
    expect(jsonDepth('['.repeat(10_000))).toBe(MAX_JSON_DEPTH + 1);
  });
});

describe('tryParseJson and decodeUtf8', () => {
  it('parses plausible JSON and refuses the rest', () => {
    expect(tryParseJson(' [1] ')).toEqual({ ok: true, value: [1] });
    expect(tryParseJson('hello')).toEqual({ ok: false });
    expect(tryParseJson('')).toEqual({ ok: false });
    expect(tryParseJson('   ')).toEqual({ ok: false });
    expect(tryParseJson('{"a":')).toEqual({ ok: false });
    expect(tryParseJson('-x')).toEqual({ ok: false });
  });

  it('decodes strict UTF-8 or gives undefined', () => {
    expect(decodeUtf8(bytes('Grüße'))).toBe('Grüße');
    expect(decodeUtf8(Uint8Array.from([0xc3]))).toBeUndefined();
    expect(decodeUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBeUndefined();
  });

  it('drops only an incomplete trailing character when decoding a prefix', () => {
    expect(decodeUtf8(Uint8Array.from([0x61, 0xe2, 0x82]), true)).toBe('a');
    expect(decodeUtf8(Uint8Array.from([0x61, 0xe2, 0x82]))).toBeUndefined();
    expect(decodeUtf8(Uint8Array.from([0x61, 0x80]), true)).toBeUndefined();
    expect(decodeUtf8(Uint8Array.from([0xff, 0x61]), true)).toBeUndefined();
    expect(decodeUtf8(bytes('ok'), true)).toBe('ok');
  });
});

describe('sniffFormat (hot-path guess)', () => {
  it('agrees with decodePayload on the common shapes', () => {
    const cases = ['{"a":1}', ' [1,2] ', '"x"', '21.5', '-3e2', 'true', 'null', 'hello', 'on', ''];
    for (const c of cases) {
      const bytes = Buffer.from(c);
      expect(sniffFormat(bytes), c).toBe(decodePayload(bytes).payload_format);
    }
    const binary = Buffer.from([0, 1, 2, 255]);
    expect(sniffFormat(binary)).toBe('binary');
    expect(sniffFormat(Buffer.from('a\u0001b'))).toBe('binary');
  });
});
