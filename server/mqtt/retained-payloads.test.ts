// Unit tests of the per-window memory of retained payloads (exact byte comparison, limit, release).
import { describe, expect, it } from 'vitest';
import { RetainedPayloads } from './retained-payloads';
import { TopicTable } from './topic-table';

describe('RetainedPayloads', () => {
  it('tells a repeated payload from a new one, byte for byte', () => {
    const seen = new RetainedPayloads(10, new TopicTable());
    expect(seen.repeats('a', Buffer.from('one'))).toBe(false);
    expect(seen.repeats('a', Buffer.from('one'))).toBe(true);
    expect(seen.repeats('a', Buffer.from('onf'))).toBe(false);
    expect(seen.repeats('a', Buffer.from('onf'))).toBe(true);
    expect(seen.repeats('a', Buffer.from('one'))).toBe(false);
    expect(seen.repeats('b', Buffer.from('one'))).toBe(false);
    expect(seen.repeats('a', Buffer.from('on'))).toBe(false);
    expect(seen.repeats('a', Buffer.alloc(0))).toBe(false);
    expect(seen.repeats('a', Buffer.alloc(0))).toBe(true);
  });

  it('keeps payloads apart across arena growth', () => {
    const seen = new RetainedPayloads(5000, new TopicTable());
    const payload = (i: number) => Buffer.alloc(100, i % 251);
    for (let i = 0; i < 3000; i++) expect(seen.repeats(`t/${i}`, payload(i))).toBe(false);
    for (let i = 0; i < 3000; i++) expect(seen.repeats(`t/${i}`, payload(i))).toBe(true);
    expect(seen.repeats('t/5', payload(6))).toBe(false);
    expect(seen.size).toBe(3000);
  });

  it('stops remembering at the limit and forgets all on release', () => {
    const table = new TopicTable();
    const seen = new RetainedPayloads(1, table);
    expect(seen.repeats('a', Buffer.from('x'))).toBe(false);
    expect(seen.repeats('b', Buffer.from('x'))).toBe(false);
    expect(seen.repeats('b', Buffer.from('x'))).toBe(false);
    expect(seen.repeats('a', Buffer.from('y'))).toBe(false);
    expect(seen.repeats('a', Buffer.from('x'))).toBe(true);
    seen.release();
    expect(table.size).toBe(0);
    expect(seen.repeats('a', Buffer.from('x'))).toBe(false);
  });
});
