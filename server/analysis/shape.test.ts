// Unit tests of message shape keys and record helpers.
import { describe, expect, it } from 'vitest';
import { cutText, isJsonObject, receivedMs } from './message';
import { shapeKey, shapeKeyer } from './shape';
import { msg, T0 } from '../../test/fixtures/message-records';

describe('shapeKey', () => {
  it('is equal for the same pattern, format and key set in any order', () => {
    const a = shapeKey(msg('devices/0042/state', { b: 1, a: 2 }));
    const b = shapeKey(msg('devices/0043/state', { a: 'x', b: null }));
    expect(a).toBe(b);
  });

  it('differs by topic pattern, format or keys', () => {
    const base = shapeKey(msg('devices/0042/state', { a: 1 }));
    expect(shapeKey(msg('devices/0042/config', { a: 1 }))).not.toBe(base);
    expect(shapeKey(msg('devices/0042/state', { a: 1, b: 2 }))).not.toBe(base);
    expect(shapeKey(msg('devices/0042/state', 'a'))).not.toBe(base);
    expect(shapeKey(msg('devices/0042/state', [1]))).not.toBe(
      shapeKey(msg('devices/0042/state', {})),
    );
  });

  it('gives the same keys through the caching keyer', () => {
    const keyer = shapeKeyer();
    const m = msg('devices/7/state', { a: 1 });
    expect(keyer(m)).toBe(shapeKey(m));
    expect(keyer(m)).toBe(keyer(msg('devices/8/state', { a: 2 })));
  });
});

describe('message helpers', () => {
  it('parses the receive time, recognises objects and cuts text', () => {
    expect(receivedMs(msg('a', 1, T0 + 1234))).toBe(T0 + 1234);
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject([])).toBe(false);
    expect(isJsonObject(null)).toBe(false);
    expect(cutText('abcdef', 4)).toEqual({ text: 'abcd', cut: true });
    expect(cutText('abc', 4)).toEqual({ text: 'abc', cut: false });
  });
});
