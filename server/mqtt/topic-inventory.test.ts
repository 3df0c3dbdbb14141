// Unit tests of the session topic inventory: cap, untracked count, copies, release of the names.
import { describe, expect, it } from 'vitest';
import { TopicInventory } from './topic-inventory';
import { TopicTable } from './topic-table';

describe('TopicInventory', () => {
  it('stores up to its limit and counts messages on further topics', () => {
    const inventory = new TopicInventory(2, new TopicTable());
    inventory.record('a', 1, false, 'json', 1);
    inventory.record('b', 1, false, 'json', 1);
    inventory.record('c', 1, false, 'json', 1);
    inventory.record('c', 1, false, 'json', 2);
    inventory.record('a', 4, true, 'text', 3);
    expect(inventory.size).toBe(2);
    expect(inventory.untrackedMessages).toBe(2);
    expect(inventory.countOf('a')).toBe(2);
    expect(inventory.countOf('c')).toBe(0);
    expect(inventory.get('c')).toBeUndefined();
    expect(inventory.get('a')).toMatchObject({ count: 2, bytes: 5, retained: true, lastSize: 4 });
    expect([...inventory.topics()]).toEqual(['a', 'b']);
    expect([...inventory.values()].map((e) => e.topic)).toEqual(['a', 'b']);
  });

  it('hands out copies, not live entries', () => {
    const inventory = new TopicInventory(10, new TopicTable());
    inventory.record('a', 1, false, 'json', 1);
    const entry = inventory.get('a');
    inventory.record('a', 1, false, 'json', 2);
    expect(entry?.count).toBe(1);
    expect(inventory.get('a')?.count).toBe(2);
  });

  it('gives the topic names back to the table when released', () => {
    const table = new TopicTable();
    const inventory = new TopicInventory(10, table);
    inventory.record('a', 1, false, 'json', 1);
    expect(table.size).toBe(1);
    inventory.release();
    expect(table.size).toBe(0);
    expect(inventory.size).toBe(0);
  });
});
