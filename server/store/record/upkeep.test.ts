// Unit tests of the record's upkeep: retention, 10-minute roll-up, raw-message slots and the size cap.
import { beforeEach, describe, expect, it } from 'vitest';
import { batch, minuteOf, T0, topicState } from '../../../test/fixtures/record-store';
import { useTempStore } from '../../../test/fixtures/temp-store';
import type { Store } from '../store';
import type { UpkeepLimits } from './types';

const env = useTempStore();
let record: Store['record'];
beforeEach(() => {
  record = env.store.record;
});

const DAY = 86_400_000;
const M = minuteOf(T0);
const limits = (extra: Partial<UpkeepLimits> = {}): UpkeepLimits => ({
  nowMs: T0,
  retentionDays: 7,
  detailHours: 24,
  maxBytes: 1024 * 1024 * 1024,
  messagesPerTopic: 10,
  ...extra,
});
const value = (topic: string, minute: number, v: number) => ({
  topic,
  field: 'v',
  minute,
  n: 1,
  min: v,
  max: v,
  sum: v,
  last: v,
});

describe('retention', () => {
  it('deletes rows, events, messages and silent topics older than the retention', async () => {
    const old = T0 - 8 * DAY;
    await record.write(
      batch({
        topics: [topicState('gone', old), topicState('kept', T0 - 1000)],
        counts: [
          { topic: 'gone', minute: minuteOf(old), messages: 1, bytes: 1 },
          { topic: 'kept', minute: minuteOf(old), messages: 1, bytes: 1 },
          { topic: 'kept', minute: M - 1, messages: 2, bytes: 2 },
        ],
        fields: [value('kept', minuteOf(old), 1), value('kept', M - 1, 2)],
        events: [
          { ts: old, topic: 'kept', category: 'topic', kind: 'appeared', summary: 'old' },
          { ts: T0 - 1000, topic: 'kept', category: 'topic', kind: 'vanished', summary: 'new' },
        ],
        messages: [
          {
            topic: 'kept',
            slot: 0,
            ts: old,
            qos: 0,
            retain: false,
            size: 1,
            payload: Buffer.from('a'),
          },
          {
            topic: 'kept',
            slot: 1,
            ts: T0 - 1,
            qos: 0,
            retain: false,
            size: 1,
            payload: Buffer.from('b'),
          },
        ],
      }),
    );
    const report = await record.upkeep(limits());
    expect(report.expiredRows).toBe(6);
    const everything = { fromMs: 0, toMs: T0 + DAY };
    expect((await record.counts({ pattern: '#', ...everything })).totalMessages).toBe(2);
    expect((await record.events(everything)).events.map((e) => e.summary)).toEqual(['new']);
    expect((await record.recentMessages({ topic: 'kept' })).map((m) => m.payload)).toEqual(['b']);
    expect((await record.topics({ pattern: '#' })).topics.map((t) => t.topic)).toEqual(['kept']);
    // The deleted topic's cached id is forgotten: writing it again creates it anew.
    await record.write(batch({ counts: [{ topic: 'gone', minute: M, messages: 3, bytes: 3 }] }));
    expect((await record.counts({ topic: 'gone', ...everything })).totalMessages).toBe(3);
  });
});

describe('roll-up', () => {
  it('merges minutes older than the detail window into 10-minute rows without changing the statistics', async () => {
    const start = M - 48 * 60;
    const fields = Array.from({ length: 30 }, (_, i) => value('t', start + i, i));
    const counts = fields.map((f) => ({ topic: 't', minute: f.minute, messages: 2, bytes: 20 }));
    await record.write(batch({ fields, counts, topics: [topicState('t', T0)] }));
    const range = { topic: 't', fromMs: start * 60_000, toMs: (start + 30) * 60_000, points: 3 };
    const before = await record.series(range);
    const report = await record.upkeep(limits());
    expect(report.rolledUpRows).toBe(60);
    const after = await record.series(range);
    expect(after).toEqual(before);
    expect(after.series[0]?.points).toEqual([
      { t: start * 60_000, min: 0, max: 9, mean: 4.5, last: 9, n: 10 },
      { t: (start + 10) * 60_000, min: 10, max: 19, mean: 14.5, last: 19, n: 10 },
      { t: (start + 20) * 60_000, min: 20, max: 29, mean: 24.5, last: 29, n: 10 },
    ]);
    expect((await record.counts(range)).totalMessages).toBe(60);
    // Minute-level points inside a rolled-up range now come in 10-minute steps.
    const fine = await record.series({ ...range, points: 30 });
    expect(fine.series[0]?.points.map((p) => p.n)).toEqual([10, 10, 10]);
    // A second pass finds nothing new; a late minute row merges into its 10-minute row.
    expect((await record.upkeep(limits())).rolledUpRows).toBe(0);
    await record.write(batch({ fields: [value('t', start + 3, 100)] }));
    await record.upkeep(limits());
    const late = await record.series(range);
    expect(late.series[0]?.points[0]).toMatchObject({ max: 100, n: 11 });
  });

  it('keeps recent minutes at full resolution', async () => {
    await record.write(batch({ fields: [value('t', M - 5, 1), value('t', M - 4, 2)] }));
    expect((await record.upkeep(limits())).rolledUpRows).toBe(0);
    const out = await record.series({ topic: 't', fromMs: T0 - 10 * 60_000, toMs: T0, points: 10 });
    expect(out.series[0]?.points).toHaveLength(2);
  });
});

describe('raw-message slots', () => {
  it('drops slots beyond a lowered per-topic limit', async () => {
    const messages = [0, 1, 2, 3].map((slot) => ({
      topic: 'a',
      slot,
      ts: T0 - 10 + slot,
      qos: 0 as const,
      retain: false,
      size: 1,
      payload: Buffer.from(String(slot)),
    }));
    await record.write(batch({ messages }));
    await record.upkeep(limits({ messagesPerTopic: 2 }));
    expect((await record.recentMessages({ topic: 'a' })).map((m) => m.payload)).toEqual([1, 0]);
  });
});

describe('size cap', () => {
  it('drops the oldest data first until the database is under the cap', async () => {
    const hours = 48;
    for (let h = 0; h < hours; h++) {
      const fields = [];
      for (let m = 0; m < 60; m++) {
        for (let t = 0; t < 20; t++) fields.push(value(`s/${t}`, M - (hours - h) * 60 + m, h));
      }
      await record.write(batch({ fields }));
    }
    const full = (await record.status()).usedBytes;
    const maxBytes = Math.round(full / 2);
    const report = await record.upkeep(limits({ maxBytes, detailHours: 720 }));
    expect(report.cappedRows).toBeGreaterThan(0);
    expect(report.usedBytes).toBeLessThanOrEqual(maxBytes * 0.9);
    const out = await record.series({
      topic: 's/0',
      fromMs: T0 - hours * 3_600_000,
      toMs: T0,
      points: hours,
    });
    const kept = out.series[0]?.points ?? [];
    // The newest hours survive whole; the oldest are gone.
    expect(kept.at(-1)).toMatchObject({ min: hours - 1, n: 60 });
    expect(kept[0]?.min).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(hours);
    expect(kept.length).toBeGreaterThan(hours / 4);
  });
});
