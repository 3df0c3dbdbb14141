// Unit tests of the typed-array topic statistics and their slots (growth, limit, retained rules, release).
import { describe, expect, it } from 'vitest';
import { TopicStats } from './topic-stats';
import { TopicTable } from './topic-table';

describe('TopicStats', () => {
  it('counts messages per topic across growth and keeps slots in order of arrival', () => {
    const table = new TopicTable();
    const stats = new TopicStats(10_000, 'broker', table);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 1000; i++) stats.record(`s/${i}`, i, false, 'json', 100 + round);
    }
    expect(stats.size).toBe(1000);
    expect(stats.slotOf('s/0')).toBe(0);
    expect(stats.slotOf('s/999')).toBe(999);
    expect(stats.slotOf('s/1000')).toBe(-1);
    expect(stats.entryAt(stats.slotOf('s/7'))).toEqual({
      topic: 's/7',
      count: 3,
      bytes: 21,
      firstSeenMs: 100,
      lastSeenMs: 102,
      retained: false,
      lastFormat: 'json',
      lastSize: 7,
    });
    expect(stats.countAt(500)).toBe(3);
  });

  it('stores at most `limit` topics and says so with -1', () => {
    const stats = new TopicStats(2, 'broker', new TopicTable());
    expect(stats.record('a', 1, false, 'text', 1)).toBe(0);
    expect(stats.record('b', 1, false, 'text', 1)).toBe(1);
    expect(stats.record('c', 1, false, 'text', 1)).toBe(-1);
    expect(stats.record('a', 1, false, 'binary', 2)).toBe(0);
    expect(stats.entryAt(0).lastFormat).toBe('binary');
    expect(stats.size).toBe(2);
  });

  it('follows the broker rule: set by a non-empty retained message, cleared by an empty one', () => {
    const stats = new TopicStats(10, 'broker', new TopicTable());
    stats.record('r', 5, true, 'text', 1);
    expect(stats.entryAt(0).retained).toBe(true);
    stats.record('r', 5, false, 'text', 2);
    expect(stats.entryAt(0).retained).toBe(true);
    stats.record('r', 0, true, 'text', 3);
    expect(stats.entryAt(0).retained).toBe(false);
    stats.record('e', 0, true, 'text', 4);
    expect(stats.entryAt(1).retained).toBe(false);
  });

  it('follows the window rule: retained once any retained message arrived', () => {
    const stats = new TopicStats(10, 'window', new TopicTable());
    stats.record('w', 0, true, 'text', 1);
    stats.record('w', 3, false, 'text', 2);
    expect(stats.entryAt(0).retained).toBe(true);
    stats.record('v', 3, false, 'text', 2);
    expect(stats.entryAt(1).retained).toBe(false);
  });

  it('shares names between holders and gives them back on release', () => {
    const table = new TopicTable();
    const one = new TopicStats(10, 'broker', table);
    const two = new TopicStats(10, 'window', table);
    one.record('x', 1, false, 'json', 1);
    two.record('x', 1, false, 'json', 1);
    two.record('y', 1, false, 'json', 1);
    expect(table.size).toBe(2);
    two.release();
    expect(two.size).toBe(0);
    expect(two.slotOf('x')).toBe(-1);
    expect(table.size).toBe(1);
    expect(one.entryAt(0).topic).toBe('x');
    one.release();
    expect(table.size).toBe(0);
    two.record('z', 2, false, 'text', 5);
    expect(two.entryAt(0)).toMatchObject({ topic: 'z', count: 1, bytes: 2 });
  });
});
