// Unit tests of the shared topic table: one id per topic, reference counts, reuse of freed ids.
import { describe, expect, it } from 'vitest';
import { TopicTable } from './topic-table';

describe('TopicTable', () => {
  it('gives one id per distinct topic and names it back', () => {
    const table = new TopicTable();
    const a = table.acquire('a/b');
    const b = table.acquire('a/c');
    expect(a).not.toBe(b);
    expect(table.acquire('a/b')).toBe(a);
    expect(table.nameOf(a)).toBe('a/b');
    expect(table.idOf('a/c')).toBe(b);
    expect(table.idOf('nope')).toBe(-1);
    expect(table.size).toBe(2);
  });

  it('forgets a topic with its last reference and reuses the id', () => {
    const table = new TopicTable();
    const a = table.acquire('a');
    table.acquire('a');
    table.release(a);
    expect(table.idOf('a')).toBe(a);
    table.release(a);
    expect(table.idOf('a')).toBe(-1);
    expect(table.size).toBe(0);
    expect(table.acquire('b')).toBe(a);
    expect(table.nameOf(a)).toBe('b');
  });

  it('refuses to release more often than acquired', () => {
    const table = new TopicTable();
    const a = table.acquire('a');
    table.release(a);
    expect(() => table.release(a)).toThrow(/released more often/);
  });

  it('holds many topics', () => {
    const table = new TopicTable();
    const ids = Array.from({ length: 5000 }, (_, i) => table.acquire(`t/${i}`));
    expect(new Set(ids).size).toBe(5000);
    expect(table.nameOf(ids[4321] as number)).toBe('t/4321');
  });
});
