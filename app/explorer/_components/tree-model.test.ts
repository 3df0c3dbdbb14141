// Unit tests of the browser-side topic tree: subtree totals, ordering, visible rows, limits.
import { describe, expect, it } from 'vitest';
import { CHILDREN_SHOWN, TopicTreeModel } from './tree-model';
import type { TopicUpdate } from '../../_trpc/types';

function u(topic: string, count: number, rate = 0): TopicUpdate {
  return {
    topic,
    count,
    bytes: count,
    retained: false,
    rate,
    first_seen_ms: 0,
    last_seen_ms: 0,
    payload_format: 'text',
    size_bytes: 1,
    preview: 'x',
  };
}

describe('TopicTreeModel', () => {
  it('builds the hierarchy and sums counts, rates and topics per subtree', () => {
    const m = new TopicTreeModel();
    m.apply([u('home/kitchen/temp', 3, 1), u('home/kitchen/hum', 2, 0.5), u('home', 1)]);
    expect(m.node('home')).toMatchObject({ count: 6, rate: 1.5, topics: 3 });
    expect(m.node('home/kitchen')).toMatchObject({ count: 5, topics: 2 });
    expect(m.node('home/kitchen')?.topic).toBeUndefined();
    expect(m.topicCount).toBe(3);
  });

  it('applies absolute states idempotently (a repeated update changes nothing)', () => {
    const m = new TopicTreeModel();
    m.apply([u('a/b', 3, 2)]);
    m.apply([u('a/b', 3, 2)]);
    m.apply([u('a/b', 5, 1)]);
    expect(m.node('a')).toMatchObject({ count: 5, rate: 1, topics: 1 });
  });

  it('keeps empty levels as their own nodes', () => {
    const m = new TopicTreeModel();
    m.apply([u('/lead', 1), u('a//b', 1)]);
    expect(m.node('')?.children.has('lead')).toBe(true);
    expect(m.node('a/')?.children.has('b')).toBe(true);
  });

  it('filters the tree to matching topics and their ancestors, expanded', () => {
    const m = new TopicTreeModel();
    m.apply([u('home/kitchen/temp', 1), u('home/hall/temp', 1), u('garden/temp', 1)]);
    const rows = m.rows(new Set(), new Map(), new Set(['home/kitchen/temp']));
    expect(rows.map((r) => (r.kind === 'node' ? r.node.path : '…'))).toEqual([
      'home',
      'home/kitchen',
      'home/kitchen/temp',
    ]);
    expect(rows[0]).toMatchObject({ expanded: true, setSize: 1 });
    expect(m.rows(new Set(), new Map(), new Set())).toEqual([]);
  });

  it('lists rows of expanded nodes only, sorted with numbers in order', () => {
    const m = new TopicTreeModel();
    m.apply([u('d/10', 1), u('d/9', 1), u('d/a', 1), u('c', 1)]);
    const collapsed = m.rows(new Set());
    expect(collapsed.map((r) => (r.kind === 'node' ? r.node.path : '…'))).toEqual(['c', 'd']);
    const open = m.rows(new Set(['d']));
    expect(open.map((r) => (r.kind === 'node' ? r.node.path : '…'))).toEqual([
      'c',
      'd',
      'd/9',
      'd/10',
      'd/a',
    ]);
    expect(open[1]).toMatchObject({ kind: 'node', expanded: true, position: 2, setSize: 2 });
  });

  it('shows at most CHILDREN_SHOWN children and a more row, unless raised', () => {
    const m = new TopicTreeModel();
    m.apply(Array.from({ length: CHILDREN_SHOWN + 10 }, (_, i) => u(`big/${i}`, 1)));
    const rows = m.rows(new Set(['big']));
    expect(rows).toHaveLength(CHILDREN_SHOWN + 2);
    expect(rows.at(-1)).toMatchObject({ kind: 'more', hidden: 10, depth: 1 });
    expect(m.rows(new Set(['big']), new Map([['big', 1000]]))).toHaveLength(CHILDREN_SHOWN + 11);
  });

  it('names the ancestors of a path and the busiest topics of a subtree', () => {
    const m = new TopicTreeModel();
    m.apply([u('a/b/c', 1, 0.1), u('a/x', 9, 3), u('a/b/d', 50, 0.1)]);
    expect(m.ancestors('a/b/c')).toEqual(['a', 'a/b']);
    expect(m.topTalkers(m.node('a')!, 2).map((t) => t.topic)).toEqual(['a/x', 'a/b/d']);
  });

  it('forgets everything on reset', () => {
    const m = new TopicTreeModel();
    m.apply([u('a', 1)]);
    m.reset();
    expect(m.node('a')).toBeUndefined();
    expect(m.rows(new Set())).toEqual([]);
  });
});

describe('TopicTreeModel.forget', () => {
  it('drops a topic and its empty ancestors until a new message arrives', () => {
    const m = new TopicTreeModel();
    m.apply([u('a/b/c', 3), u('a/x', 1)]);
    m.forget('a/b/c');
    expect(m.node('a/b')).toBeUndefined();
    expect(m.root.topics).toBe(1);
    expect(m.node('a')?.count).toBe(1);
    m.apply([u('a/b/c', 3)]);
    expect(m.node('a/b/c')).toBeUndefined();
    m.apply([u('a/b/c', 4)]);
    expect(m.node('a/b/c')?.topic?.count).toBe(4);
    expect(m.root.topics).toBe(2);
  });
});
