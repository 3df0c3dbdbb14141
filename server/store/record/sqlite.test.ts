// Unit tests of the SQLite record: batched writes merged per minute, selectors, series, counts, events, messages.
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { batch, HOME, minuteOf, T0, topicState } from '../../../test/fixtures/record-store';
import { useTempStore } from '../../../test/fixtures/temp-store';
import { migrate } from '../migrations';
import type { Store } from '../store';

const env = useTempStore();
let record: Store['record'];
beforeEach(() => {
  record = env.store.record;
});

const M = minuteOf(T0);
const stat = (topic: string, field: string, minute: number, values: number[]) => ({
  topic,
  field,
  minute,
  n: values.length,
  min: Math.min(...values),
  max: Math.max(...values),
  sum: values.reduce((a, b) => a + b, 0),
  last: values.at(-1) as number,
});

describe('series', () => {
  it('merges batch deltas of one minute and downsamples a range to buckets', async () => {
    await record.write(batch({ fields: [stat('home/t1', 'temp', M, [20, 22])] }));
    await record.write(batch({ fields: [stat('home/t1', 'temp', M, [18, 21])] }));
    for (let i = 1; i < 6; i++) {
      await record.write(batch({ fields: [stat('home/t1', 'temp', M + i, [30 + i])] }));
    }
    const one = await record.series({
      topic: 'home/t1',
      fromMs: T0,
      toMs: T0 + 60_000,
      points: 10,
    });
    expect(one.series).toEqual([
      {
        source: 'profile:home',
        topic: 'home/t1',
        field: 'temp',
        points: [{ t: T0, min: 18, max: 22, mean: 20.25, last: 21, n: 4 }],
      },
    ]);
    const all = await record.series({
      topic: 'home/t1',
      fromMs: T0,
      toMs: T0 + 6 * 60_000,
      points: 3,
    });
    expect(all.stepMs).toBe(120_000);
    expect(all.series[0]?.points).toEqual([
      { t: T0, min: 18, max: 31, mean: (81 + 31) / 5, last: 31, n: 5 },
      { t: T0 + 120_000, min: 32, max: 33, mean: 32.5, last: 33, n: 2 },
      { t: T0 + 240_000, min: 34, max: 35, mean: 34.5, last: 35, n: 2 },
    ]);
  });

  it('selects by pattern, device and source, with a field filter and a series limit', async () => {
    const other = { key: 'session:x', label: 'mqtt://other' };
    await record.write(
      batch({
        fields: [
          stat('zigbee/plug-1/state', 'power', M, [5]),
          stat('zigbee/plug-1/state', 'voltage', M, [230]),
          stat('zigbee/plug-2/state', 'power', M, [7]),
          stat('wifi/plug-1', 'power', M, [9]),
        ],
      }),
    );
    await record.write(batch({ fields: [stat('zigbee/plug-1/state', 'power', M, [1])] }, other));
    const range = { fromMs: T0, toMs: T0 + 60_000 };
    const names = (r: Awaited<ReturnType<typeof record.series>>) =>
      r.series.map((s) => `${s.source} ${s.topic} ${s.field}`);
    expect(
      names(
        await record.series({
          ...range,
          pattern: 'zigbee/+/state',
          field: 'power',
          source: HOME.key,
        }),
      ),
    ).toEqual(['profile:home zigbee/plug-1/state power', 'profile:home zigbee/plug-2/state power']);
    expect(names(await record.series({ ...range, device: 'plug-1', source: HOME.key }))).toEqual([
      'profile:home wifi/plug-1 power',
      'profile:home zigbee/plug-1/state power',
      'profile:home zigbee/plug-1/state voltage',
    ]);
    expect(
      names(await record.series({ ...range, topic: 'zigbee/plug-1/state', field: 'power' })),
    ).toEqual(['profile:home zigbee/plug-1/state power', 'session:x zigbee/plug-1/state power']);
    const limited = await record.series({ ...range, pattern: '#', maxSeries: 2 });
    expect(limited.series).toHaveLength(2);
    expect(limited.more).toBe(3);
    expect((await record.series({ ...range, device: 'plug_1' })).series).toEqual([]);
  });

  it('reads a day of one field through the primary key (no table scan)', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db);
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT minute, span, n, min, max, sum, last FROM record_series WHERE field_id = ? AND minute >= ? AND minute < ? ORDER BY minute',
      )
      .all(1, 0, 1440) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/SEARCH record_series USING PRIMARY KEY/);
    db.close();
  });
});

describe('counts', () => {
  it('sums messages and bytes per bucket over the matched topics and names the busiest', async () => {
    await record.write(
      batch({
        counts: [
          { topic: 'a/1', minute: M, messages: 10, bytes: 100 },
          { topic: 'a/2', minute: M, messages: 5, bytes: 50 },
          { topic: 'a/1', minute: M + 1, messages: 1, bytes: 10 },
          { topic: 'b/1', minute: M, messages: 99, bytes: 990 },
        ],
      }),
    );
    await record.write(batch({ counts: [{ topic: 'a/1', minute: M, messages: 2, bytes: 20 }] }));
    const out = await record.counts({ pattern: 'a/#', fromMs: T0, toMs: T0 + 120_000, points: 2 });
    expect(out.buckets).toEqual([
      { t: T0, messages: 17, bytes: 170 },
      { t: T0 + 60_000, messages: 1, bytes: 10 },
    ]);
    expect(out.totalMessages).toBe(18);
    expect(out.topics).toBe(2);
    expect(out.top.map((t) => [t.topic, t.messages])).toEqual([
      ['a/1', 13],
      ['a/2', 5],
    ]);
  });
});

describe('events', () => {
  it('returns the most recent events in time order with the total, by category, topic and device', async () => {
    await record.write(
      batch({
        events: [
          {
            ts: T0 + 3000,
            topic: 'dev1/status',
            category: 'availability',
            kind: 'offline',
            summary: 'offline',
          },
          {
            ts: T0 + 1000,
            topic: 'dev1/status',
            category: 'availability',
            kind: 'online',
            summary: 'online',
          },
          {
            ts: T0 + 2000,
            topic: 'dev1/cmd',
            category: 'retained',
            kind: 'retained_set',
            summary: 'set',
            detail: { payload: 'open' },
          },
          {
            ts: T0 + 4000,
            topic: 'dev2/status',
            category: 'availability',
            kind: 'online',
            summary: 'online',
          },
        ],
      }),
    );
    await record.recordFinding(HOME, {
      kind: 'flapping',
      severity: 'warning',
      subject: { device: 'dev1' },
      summary: 'dev1 flapped',
      evidence: { transitions: 2 },
      atMs: T0 + 5000,
    });
    const range = { fromMs: T0, toMs: T0 + 10_000 };
    const all = await record.events({ ...range, limit: 3 });
    expect(all.total).toBe(5);
    expect(all.events.map((e) => [e.t - T0, e.kind])).toEqual([
      [3000, 'offline'],
      [4000, 'online'],
      [5000, 'flapping'],
    ]);
    const dev1 = await record.events({ ...range, device: 'dev1' });
    expect(dev1.events.map((e) => e.kind)).toEqual([
      'online',
      'retained_set',
      'offline',
      'flapping',
    ]);
    expect(dev1.events[1]).toMatchObject({
      topic: 'dev1/cmd',
      detail: { payload: 'open' },
      source: 'profile:home',
    });
    expect(dev1.events[3]).toMatchObject({
      category: 'finding',
      severity: 'warning',
      subject: 'dev1',
      topic: null,
      detail: { evidence: { transitions: 2 } },
    });
    const availability = await record.events({
      ...range,
      pattern: '+/status',
      categories: ['availability'],
    });
    expect(availability.events.map((e) => e.topic)).toEqual([
      'dev1/status',
      'dev1/status',
      'dev2/status',
    ]);
    expect((await record.events({ fromMs: T0 + 3500, toMs: T0 + 4500 })).total).toBe(1);
  });
});

describe('raw messages and topic state', () => {
  it('keeps a ring of slots per topic and decodes stored payloads, newest first', async () => {
    const msg = (slot: number, ts: number, payload: string, size = Buffer.byteLength(payload)) => ({
      topic: 'dev1/state',
      slot,
      ts,
      qos: 1 as const,
      retain: false,
      size,
      payload: Buffer.from(payload),
    });
    await record.write(batch({ messages: [msg(0, T0, '{"a":1}'), msg(1, T0 + 1, 'hello')] }));
    await record.write(
      batch({ messages: [msg(0, T0 + 2, '{"a":2}'), msg(1, T0 + 3, 'x'.repeat(10), 5000)] }),
    );
    const out = await record.recentMessages({ topic: 'dev1/state' });
    expect(out).toEqual([
      {
        t: T0 + 3,
        source: 'profile:home',
        topic: 'dev1/state',
        qos: 1,
        retain: false,
        size: 5000,
        payload_format: 'text',
        payload: 'xxxxxxxxxx',
        payload_truncated: true,
      },
      expect.objectContaining({ t: T0 + 2, payload_format: 'json', payload: { a: 2 } }),
    ]);
    expect(
      await record.recentMessages({ topic: 'dev1/state', beforeMs: T0 + 3, limit: 1 }),
    ).toEqual([expect.objectContaining({ t: T0 + 2 })]);
  });

  it('persists topic state for a restart, and lists topics with their fields', async () => {
    await record.write(
      batch({
        topics: [
          topicState('dev1/status', T0, {
            messages: 7,
            retainedHash: 42,
            availability: 'offline',
            intervalMs: 1000,
          }),
          topicState('dev1/temp', T0, { vanished: true }),
        ],
        fields: [stat('dev1/temp', 'value', M, [1]), stat('dev1/temp', 'battery', M, [90])],
      }),
    );
    const states = await record.topicStates(HOME.key);
    expect(states.find((s) => s.topic === 'dev1/status')).toEqual(
      topicState('dev1/status', T0, {
        messages: 7,
        retainedHash: 42,
        availability: 'offline',
        intervalMs: 1000,
      }),
    );
    expect(states.find((s) => s.topic === 'dev1/temp')?.vanished).toBe(true);
    expect(await record.topicStates('profile:none')).toEqual([]);
    const topics = await record.topics({ device: 'dev1' });
    expect(topics.total).toBe(2);
    expect(topics.topics.map((t) => [t.topic, t.retained, t.fields])).toEqual([
      ['dev1/status', true, []],
      ['dev1/temp', false, ['battery', 'value']],
    ]);
  });

  it('reports sources and removes one with everything it recorded', async () => {
    await record.write(
      batch({
        topics: [topicState('a', T0)],
        counts: [{ topic: 'a', minute: M, messages: 1, bytes: 1 }],
        fields: [stat('a', '$', M, [1])],
        events: [{ ts: T0, topic: 'a', category: 'topic', kind: 'appeared', summary: 'new' }],
      }),
    );
    const status = await record.status();
    expect(status.sources).toEqual([
      { key: 'profile:home', label: 'home', topics: 1, events: 1, firstMs: T0, lastMs: T0 },
    ]);
    expect(status.usedBytes).toBeGreaterThan(0);
    expect(await record.removeSource(HOME.key)).toBe(true);
    expect(await record.removeSource(HOME.key)).toBe(false);
    expect((await record.status()).sources).toEqual([]);
    expect((await record.events({ fromMs: 0, toMs: T0 * 2 })).total).toBe(0);
    await record.write(batch({ fields: [stat('a', '$', M, [2])] }));
    expect(
      (await record.series({ topic: 'a', fromMs: T0, toMs: T0 + 60_000 })).series[0]?.points,
    ).toHaveLength(1);
  });

  it('writes a batch atomically: a failing batch leaves nothing behind', async () => {
    const bad = batch({
      counts: [{ topic: 'a', minute: M, messages: 1, bytes: 1 }],
      events: [{ ts: T0, category: 'topic', kind: 'x', summary: null as unknown as string }],
    });
    await expect(record.write(bad)).rejects.toThrow();
    expect((await record.counts({ topic: 'a', fromMs: T0, toMs: T0 + 60_000 })).totalMessages).toBe(
      0,
    );
    expect((await record.status()).sources).toEqual([]);
  });
});
