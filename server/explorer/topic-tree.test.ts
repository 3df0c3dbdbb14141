// Unit tests of the explorer's topic tree: counts, rates, caps, batched drains, history, search.
import { describe, expect, it } from 'vitest';
import { InboundMessage } from '../mqtt/inbound-message';
import { HistoryBudget } from './history-budget';
import { capRecord, PREVIEW_CHARS, TopicTree } from './topic-tree';

const T0 = 1_700_000_000_000;

function clock(start = T0) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

function msg(
  topic: string,
  payload: string | Buffer,
  atMs: number,
  retain = false,
): InboundMessage {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return new InboundMessage(topic, bytes, 0, retain, atMs, 4096);
}

describe('TopicTree counting', () => {
  it('counts messages and bytes per topic and keeps the last value and retain flag', () => {
    const c = clock();
    const tree = new TopicTree({ now: c.now });
    tree.add(msg('a/b', '{"t":1}', c.now(), true));
    tree.add(msg('a/b', '{"t":2}', c.now() + 5));
    tree.add(msg('a/c', 'hello', c.now() + 6));
    const snap = tree.snapshot();
    const ab = snap.topics.find((t) => t.topic === 'a/b');
    expect(ab).toMatchObject({
      count: 2,
      bytes: 14,
      retained: false,
      payload_format: 'json',
      preview: '{"t":2}',
      first_seen_ms: T0,
      last_seen_ms: T0 + 5,
    });
    expect(snap.totals).toMatchObject({ messages: 3, bytes: 19, topics: 2, topics_dropped: 0 });
    expect(tree.history('a/b')?.last.payload).toEqual({ t: 2 });
  });

  it('does not count a retained replay of the last value (another subscription of the session)', () => {
    const c = clock();
    const tree = new TopicTree({ now: c.now });
    tree.add(msg('d/set', 'go', c.now(), true));
    tree.add(msg('d/set', 'go', c.now() + 1));
    tree.add(msg('d/set', 'go', c.now() + 2, true));
    expect(tree.snapshot().topics[0]?.count).toBe(2);
    tree.add(msg('d/set', 'stop', c.now() + 3, true));
    expect(tree.snapshot().topics[0]?.count).toBe(3);
    expect(tree.totals().messages).toBe(3);
  });

  it('computes the rate over the last 10 s from per-second buckets and lets it decay', () => {
    const c = clock();
    const tree = new TopicTree({ now: c.now });
    for (let i = 0; i < 20; i++) tree.add(msg('r', 'x', c.now() + i * 100));
    c.advance(1999);
    expect(tree.snapshot().topics[0]?.rate).toBe(2);
    expect(tree.totals().rate).toBe(2);
    c.advance(9000);
    expect(tree.snapshot().topics[0]?.rate).toBe(1);
    c.advance(2000);
    expect(tree.snapshot().topics[0]?.rate).toBe(0);
  });

  it('stops tracking new topics at maxTopics and counts them as dropped', () => {
    const tree = new TopicTree({ maxTopics: 2 });
    for (const t of ['a', 'b', 'c', 'd', 'c']) tree.add(msg(t, '1', T0));
    expect(tree.size).toBe(2);
    expect(tree.totals()).toMatchObject({
      topics: 2,
      topics_dropped: 2,
      messages_dropped: 3,
      messages: 5,
    });
    tree.add(msg('a', '2', T0));
    expect(tree.history('a')?.topic.count).toBe(2);
  });
});

describe('TopicTree drains', () => {
  it('returns only the topics changed since the previous drain', () => {
    const c = clock();
    const tree = new TopicTree({ now: c.now });
    tree.add(msg('a', '1', c.now()));
    tree.add(msg('b', '1', c.now()));
    expect(tree.drain().topics.map((t) => t.topic)).toEqual(['a', 'b']);
    tree.add(msg('b', '2', c.now()));
    const second = tree.drain();
    expect(second.topics.map((t) => t.topic)).toEqual(['b']);
    expect(second.topics[0]?.count).toBe(2);
    expect(tree.drain().topics).toEqual([]);
  });

  it('re-sends a quiet topic once its rate has decayed to zero', () => {
    const c = clock();
    const tree = new TopicTree({ now: c.now });
    tree.add(msg('a', '1', c.now()));
    expect(tree.drain().topics[0]?.rate).toBe(0.1);
    expect(tree.drain().topics).toEqual([]);
    c.advance(11_000);
    const later = tree.drain().topics;
    expect(later).toHaveLength(1);
    expect(later[0]?.rate).toBe(0);
    expect(tree.drain().topics).toEqual([]);
    expect(tree.pending).toBe(false);
  });

  it('caps a batch at maxBatch and delivers the rest in the next drains', () => {
    const tree = new TopicTree({ maxBatch: 3 });
    for (let i = 0; i < 7; i++) tree.add(msg(`t/${i}`, 'x', T0));
    expect(tree.drain().topics.map((t) => t.topic)).toEqual(['t/0', 't/1', 't/2']);
    expect(tree.drain().topics.map((t) => t.topic)).toEqual(['t/3', 't/4', 't/5']);
    expect(tree.drain().topics.map((t) => t.topic)).toEqual(['t/6']);
  });

  it('keeps 5,000 messages on 100 topics to one batch of 100 updates', () => {
    const tree = new TopicTree();
    for (let i = 0; i < 5000; i++) tree.add(msg(`load/${i % 100}`, `{"v":${i}}`, T0 + i / 5));
    const batch = tree.drain();
    expect(batch.topics).toHaveLength(100);
    expect(batch.totals.messages).toBe(5000);
    expect(batch.topics.find((t) => t.topic === 'load/99')?.count).toBe(50);
  });

  it('cuts previews to one line of PREVIEW_CHARS characters', () => {
    const tree = new TopicTree();
    tree.add(msg('long', `line one\nline two ${'x'.repeat(500)}`, T0));
    const p = tree.drain().topics[0]?.preview ?? '';
    expect(p).toHaveLength(PREVIEW_CHARS);
    expect(p.startsWith('line one line two')).toBe(true);
    expect(p.endsWith('…')).toBe(true);
  });
});

describe('TopicTree history', () => {
  it('keeps a ring of the last historySize records, oldest first', () => {
    const tree = new TopicTree({ historySize: 3 });
    for (let i = 1; i <= 5; i++) tree.add(msg('h', String(i), T0 + i));
    const h = tree.history('h');
    expect(h?.history.map((r) => r.payload)).toEqual([3, 4, 5]);
    expect(h?.history_complete).toBe(true);
    expect(tree.history('nope')).toBeUndefined();
  });

  it('evicts the least recently updated rings to stay within the budget, keeping last values', () => {
    const tree = new TopicTree({ historySize: 5, historyBudgetBytes: 3000 });
    for (let i = 0; i < 10; i++) tree.add(msg(`t/${i}`, 'x'.repeat(500), T0));
    expect(tree.historyBytesUsed).toBeLessThanOrEqual(3000);
    const old = tree.history('t/0');
    expect(old?.history_complete).toBe(false);
    expect(old?.history).toHaveLength(1);
    expect(old?.last.payload).toBe('x'.repeat(500));
    expect(tree.history('t/9')?.history_complete).toBe(true);
  });

  it('shares one budget between trees: the least recently used ring of any tree goes first', () => {
    const c = clock();
    const budget = new HistoryBudget(3000);
    const a = new TopicTree({ historySize: 5, budget, now: c.now });
    const b = new TopicTree({ historySize: 5, budget, now: c.now });
    a.add(msg('a/old', 'x'.repeat(500), T0));
    c.advance(1000);
    for (let i = 0; i < 4; i++) b.add(msg(`b/${i}`, 'x'.repeat(500), T0 + 1000));
    expect(budget.used).toBeLessThanOrEqual(3000);
    expect(a.history('a/old')?.history_complete).toBe(false);
    expect(b.history('b/3')?.history_complete).toBe(true);
    b.close();
    expect(budget.used).toBe(a.historyBytesUsed);
  });

  it('lists numeric leaves and returns the series of a leaf, skipping records without it', () => {
    const tree = new TopicTree();
    tree.add(msg('m', JSON.stringify({ p: 1, s: { t: '2.5' }, name: 'x' }), T0));
    tree.add(msg('m', 'garbage', T0 + 1000));
    tree.add(msg('m', JSON.stringify({ p: 3, s: { t: 4 } }), T0 + 2000));
    tree.add(msg('n', '42', T0));
    expect(tree.history('m')?.numeric_leaves).toEqual(['p', 's.t']);
    expect(tree.history('n')?.numeric_leaves).toEqual(['']);
    expect(tree.series('m', 's.t')?.points).toEqual([
      [T0, 2.5],
      [T0 + 2000, 4],
    ]);
    expect(tree.series('n', '')?.points).toEqual([[T0, 42]]);
    expect(tree.series('zz', '')).toBeUndefined();
  });

  it('cuts payloads to payloadBytes in the last value and the history', () => {
    const tree = new TopicTree({ payloadBytes: 100 });
    tree.add(msg('big', 'y'.repeat(1000), T0));
    const h = tree.history('big');
    expect(h?.last.payload).toBe('y'.repeat(100));
    expect(h?.last.payload_truncated).toBe(true);
    expect(h?.last.size_bytes).toBe(1000);
  });

  it('capRecord leaves small records untouched', () => {
    const record = msg('s', '{"a":1}', T0).toRecord();
    expect(capRecord(record, 4096)).toBe(record);
  });
});

describe('TopicTree search', () => {
  function filled(): TopicTree {
    const tree = new TopicTree();
    tree.add(msg('home/kitchen/temp', '{"celsius":21.5}', T0));
    tree.add(msg('home/kitchen/temp', '{"celsius":22}', T0 + 1));
    tree.add(msg('home/garage/door', 'open', T0));
    tree.add(msg('office/temp', '{"celsius":19}', T0));
    return tree;
  }

  it('finds topics by case-insensitive substring', () => {
    expect(
      filled()
        .search({ topic: 'TEMP' })
        .matches.map((m) => m.topic.topic),
    ).toEqual(['home/kitchen/temp', 'office/temp']);
  });

  it('finds topics by MQTT filter when the query has a wildcard', () => {
    expect(
      filled()
        .search({ topic: 'home/+/temp' })
        .matches.map((m) => m.topic.topic),
    ).toEqual(['home/kitchen/temp']);
    expect(filled().search({ topic: 'home/#' }).matches).toHaveLength(2);
  });

  it('finds payloads in the last value or the history, and says where', () => {
    const tree = filled();
    expect(tree.search({ payload: 'OPEN' }).matches).toMatchObject([
      { topic: { topic: 'home/garage/door' }, matched_in: 'last' },
    ]);
    expect(tree.search({ payload: '21.5' }).matches).toMatchObject([
      { topic: { topic: 'home/kitchen/temp' }, matched_in: 'history' },
    ]);
    expect(tree.search({ topic: 'office', payload: 'celsius' }).matches).toHaveLength(1);
  });

  it('stops at the limit and says the result is truncated', () => {
    const result = filled().search({ limit: 2 });
    expect(result.matches).toHaveLength(2);
    expect(result.truncated).toBe(true);
  });
});
