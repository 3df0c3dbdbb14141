// Unit tests of the capture store: newest first, bounded by count and by bytes.
import { describe, expect, it } from 'vitest';
import { CaptureStore } from './captures';

describe('CaptureStore', () => {
  it('keeps the newest captures within the count limit, listed newest first, per session', () => {
    const store = new CaptureStore({ maxCaptures: 2, maxBytes: 1000 });
    const a = store.add('t', 's1', { n: 1 });
    const b = store.add('t', 's2', { n: 2 });
    const c = store.add('t', 's1', { n: 3 });
    expect(store.get(a?.id ?? '')).toBeUndefined();
    expect(store.list().map((x) => x.id)).toEqual([c?.id, b?.id]);
    expect(store.list('s1').map((x) => x.json)).toEqual(['{"n":3}']);
    expect(c?.bytes).toBe(7);
  });

  it('drops the oldest to stay within the byte limit and refuses one larger than all of it', () => {
    const store = new CaptureStore({ maxCaptures: 10, maxBytes: 30 });
    const first = store.add('t', undefined, { pad: 'x'.repeat(10) });
    const second = store.add('t', undefined, { pad: 'y'.repeat(10) });
    expect(store.get(first?.id ?? '')).toBeUndefined();
    expect(store.get(second?.id ?? '')?.json).toContain('yyyy');
    expect(store.add('t', undefined, { pad: 'z'.repeat(40) })).toBeUndefined();
    expect(store.list()).toHaveLength(1);
  });
});
