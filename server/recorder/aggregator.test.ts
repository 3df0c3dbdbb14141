// Unit tests of the recorder's aggregator: minutes, fields, availability, retained changes, silence, freezes, limits.
import { describe, expect, it } from 'vitest';
import { InboundMessage } from '../mqtt/inbound-message';
import type { TopicState } from '../store/record/types';
import { RecordAggregator } from './aggregator';
import { DEFAULT_THRESHOLDS, type RecorderOptions } from './options';
import { payloadHash } from './payload-hash';

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const M = Math.floor(T0 / 60_000);
const SOURCE = { key: 'profile:p', label: 'p' };

const OPTIONS: RecorderOptions = {
  pattern: '#',
  flushMs: 1000,
  maxTopics: 100,
  messagesPerTopic: 3,
  ...DEFAULT_THRESHOLDS,
  baselineMs: 0,
  vanishMinMs: 1000,
  vanishFactor: 5,
  freezeMinMs: 2000,
  diagnosisMs: 0,
};

class CountingMessage extends InboundMessage {
  /** Whether the payload was decoded (InboundMessage decodes once, on first access). */
  decodes = 0;
  override get decoded() {
    this.decodes = 1;
    return super.decoded;
  }
}

function msg(
  topic: string,
  payload: string | object,
  atMs: number,
  retain = false,
): CountingMessage {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return new CountingMessage(topic, Buffer.from(text), 0, retain, atMs, 4096);
}

function aggregator(
  opts: Partial<RecorderOptions> = {},
  persisted: TopicState[] = [],
  retainAsPublished = true,
): RecordAggregator {
  const a = new RecordAggregator(SOURCE, { ...OPTIONS, ...opts }, persisted, T0, retainAsPublished);
  a.replaysUntil(T0);
  return a;
}

const kinds = (a: RecordAggregator, now = T0 + 600_000) =>
  a.drain(now).events.map((e) => `${e.topic ?? '-'} ${e.kind}`);

describe('minutes and fields', () => {
  it('counts messages and bytes per minute and keeps field statistics, as deltas per drain', () => {
    const a = aggregator();
    a.add(msg('s/t', { temp: 20, hum: 50 }, T0 + 1000));
    a.add(msg('s/t', { temp: 22, hum: 50 }, T0 + 2000));
    a.add(msg('s/t', '19.5', T0 + 61_000));
    const first = a.drain(T0 + 62_000);
    expect(first.counts).toEqual([
      { topic: 's/t', minute: M, messages: 2, bytes: 40 },
      { topic: 's/t', minute: M + 1, messages: 1, bytes: 4 },
    ]);
    expect(first.fields).toEqual([
      { topic: 's/t', field: 'temp', minute: M, n: 2, min: 20, max: 22, sum: 42, last: 22 },
      { topic: 's/t', field: 'hum', minute: M, n: 2, min: 50, max: 50, sum: 100, last: 50 },
      {
        topic: 's/t',
        field: '$',
        minute: M + 1,
        n: 1,
        min: 19.5,
        max: 19.5,
        sum: 19.5,
        last: 19.5,
      },
    ]);
    expect(first.topics).toEqual([
      expect.objectContaining({
        topic: 's/t',
        firstMs: T0 + 1000,
        lastMs: T0 + 61_000,
        messages: 3,
      }),
    ]);
    a.add(msg('s/t', '18', T0 + 62_000));
    const second = a.drain(T0 + 63_000);
    expect(second.counts).toEqual([{ topic: 's/t', minute: M + 1, messages: 1, bytes: 2 }]);
    expect(second.fields).toEqual([
      { topic: 's/t', field: '$', minute: M + 1, n: 1, min: 18, max: 18, sum: 18, last: 18 },
    ]);
    expect(a.drain(T0 + 64_000)).toMatchObject({ counts: [], fields: [], topics: [], events: [] });
  });

  it('decodes only JSON payloads and text on availability topics', () => {
    const a = aggregator();
    const text = msg('s/label', 'kitchen', T0);
    const binary = new CountingMessage('s/blob', Buffer.from([0, 1, 2, 255]), 0, false, T0, 4096);
    const json = msg('s/t', { v: 1 }, T0);
    const status = msg('s/status', 'online', T0);
    for (const m of [text, binary, json, status]) a.add(m);
    expect([text.decodes, binary.decodes, json.decodes, status.decodes]).toEqual([0, 0, 1, 1]);
  });
});

describe('availability and retained values', () => {
  it('records transitions of availability topics, a retained offline named as a Last Will', () => {
    const a = aggregator();
    a.add(msg('d/status', 'online', T0));
    a.add(msg('d/status', 'online', T0 + 1000));
    a.add(msg('d/status', 'offline', T0 + 2000, true));
    a.add(msg('d/state', { state: 'online', temp: 3 }, T0 + 3000));
    const events = a.drain(T0 + 4000).events.filter((e) => e.category === 'availability');
    expect(events.map((e) => [e.topic, e.kind, e.ts - T0])).toEqual([
      ['d/status', 'online', 0],
      ['d/status', 'offline', 2000],
      ['d/state', 'online', 3000],
    ]);
    expect(events[1]?.summary).toBe('offline (was online) (retained, as a Last Will usually is)');
    expect(events[1]?.detail).toEqual({ previous: 'online', retained: true, replay: false });
  });

  it('tells live retained changes and clears from replays of a known value (retain as published)', () => {
    const a = aggregator({}, [], true);
    a.replaysUntil(T0 + 500);
    a.add(msg('door/cmd', 'open', T0 + 100, true));
    a.add(msg('door/cmd', 'open', T0 + 200, true));
    a.add(msg('door/cmd', 'open', T0 + 1000, true));
    a.add(msg('door/cmd', 'close', T0 + 2000, true));
    a.add(msg('door/cmd', '', T0 + 3000, true));
    const b = a.drain(T0 + 4000);
    expect(b.events.map((e) => `${e.kind} ${e.detail?.replay}`)).toEqual([
      'appeared undefined',
      'retained_set true',
      'retained_set false',
      'retained_cleared false',
    ]);
    expect(b.events[2]?.summary).toBe('retained value changed: close');
    // The replay and its repeat are not traffic; the identical live republish is.
    expect(b.counts).toEqual([{ topic: 'door/cmd', minute: M, messages: 3, bytes: 9 }]);
    expect(b.messages.map((m) => m.payload.toString())).toEqual(['open', 'close', '']);
  });

  it('without retain-as-published every retained message is a replay: changes noticed, not counted', () => {
    const a = aggregator({}, [], false);
    a.add(msg('door/cmd', 'open', T0, true));
    a.add(msg('door/cmd', 'open', T0 + 5000, true));
    a.add(msg('door/cmd', 'close', T0 + 9000, true));
    const b = a.drain(T0 + 10_000);
    expect(b.events.map((e) => e.kind)).toEqual(['appeared', 'retained_set', 'retained_set']);
    expect(b.counts).toEqual([]);
  });

  it('resumes from persisted state: known topics, retained values and availability are not news', () => {
    const persisted: TopicState[] = [
      {
        topic: 'd/status',
        firstMs: T0 - 1e6,
        lastMs: T0 - 1e5,
        messages: 10,
        intervalMs: null,
        retainedHash: payloadHash(Buffer.from('online')),
        availability: 'online',
        vanished: false,
      },
    ];
    const a = aggregator({ baselineMs: 60_000 }, persisted, true);
    a.replaysUntil(T0 + 1000);
    a.add(msg('d/status', 'online', T0 + 10, true));
    a.add(msg('d/other', 'x', T0 + 20, true));
    expect(kinds(a, T0 + 2000)).toEqual(['d/other appeared', 'd/other retained_set']);
    a.add(msg('d/status', 'offline', T0 + 3000, true));
    const b = a.drain(T0 + 4000);
    expect(b.events.map((e) => e.kind)).toEqual(['offline']);
    expect(b.topics.find((t) => t.topic === 'd/status')).toMatchObject({
      messages: 11,
      availability: 'offline',
    });
    expect(b.messages.map((m) => [m.topic, m.slot])).toEqual([['d/status', 1]]);
  });

  it('treats what a never-recorded source sees first as its baseline', () => {
    const a = new RecordAggregator(SOURCE, { ...OPTIONS, baselineMs: 5000 }, [], T0);
    a.replaysUntil(T0 + 1000);
    a.add(msg('d/status', 'offline', T0 + 10, true));
    a.add(msg('d/cmd', 'go', T0 + 20, true));
    a.add(msg('d/t', '1', T0 + 30));
    expect(kinds(a, T0 + 100)).toEqual([]);
    a.add(msg('d/status', 'online', T0 + 6000));
    a.add(msg('d/new', '1', T0 + 7000));
    expect(kinds(a, T0 + 8000)).toEqual(['d/status online', 'd/new appeared']);
  });
});

describe('silence and frozen values', () => {
  it('marks a topic vanished when silent for many intervals, dated when it was last heard, and returned', () => {
    const a = aggregator();
    for (let i = 0; i < 5; i++) a.add(msg('s/t', String(i), T0 + i * 100));
    expect(kinds(a, T0 + 900)).toEqual(['s/t appeared']);
    const b = a.drain(T0 + 1500);
    expect(b.events).toEqual([
      expect.objectContaining({ topic: 's/t', kind: 'vanished', ts: T0 + 400 }),
    ]);
    expect(b.topics).toEqual([expect.objectContaining({ vanished: true })]);
    expect(kinds(a, T0 + 5000)).toEqual([]);
    a.add(msg('s/t', '9', T0 + 6000));
    const back = a.drain(T0 + 6001).events;
    expect(back).toEqual([expect.objectContaining({ kind: 'returned', ts: T0 + 6000 })]);
    expect(back[0]?.summary).toBe('publishing again after 6 s of silence');
  });

  it('does not blame topics for the hub being disconnected, and records the outage', () => {
    const a = aggregator();
    for (let i = 0; i < 5; i++) a.add(msg('s/t', String(i), T0 + i * 100));
    a.drain(T0 + 500);
    a.connection(false, T0 + 600, 'connection refused');
    expect(kinds(a, T0 + 5000)).toEqual(['- hub_disconnected']);
    a.connection(true, T0 + 6000);
    expect(kinds(a, T0 + 6500)).toEqual(['- hub_reconnected']);
    expect(kinds(a, T0 + 7100)).toEqual(['s/t vanished']);
  });

  it('records a numeric field that froze after changing, dated when it froze, and when it moves again', () => {
    const a = aggregator();
    const values = [1, 2, 3, 4, 7, 7, 7, 7, 7, 7, 8];
    values.forEach((v, i) => a.add(msg('s/t', { v, ts: i }, T0 + i * 1000)));
    const events = a.drain(T0 + values.length * 1000).events.filter((e) => e.category === 'value');
    expect(events.map((e) => [e.kind, e.ts - T0])).toEqual([
      ['frozen', 4000],
      ['resumed', 10_000],
    ]);
    expect(events[0]?.summary).toBe('v stuck at 7 (5 identical values over 4 s)');
  });

  it('does not call a constant field frozen', () => {
    const a = aggregator();
    for (let i = 0; i < 20; i++) a.add(msg('s/t', { v: 1 }, T0 + i * 1000));
    expect(kinds(a, T0 + 20_000).filter((k) => k.endsWith('frozen'))).toEqual([]);
  });
});

describe('limits', () => {
  it('keeps the newest raw messages per topic in rotating slots', () => {
    const a = aggregator({ messagesPerTopic: 3 });
    for (let i = 0; i < 5; i++) a.add(msg('s/t', String(i), T0 + i));
    const b = a.drain(T0 + 10);
    expect(b.messages.map((m) => [m.slot, m.payload.toString()])).toEqual([
      [2, '2'],
      [0, '3'],
      [1, '4'],
    ]);
    expect(aggregator({ messagesPerTopic: 0 }).drain(T0).messages).toEqual([]);
  });

  it('counts messages beyond the topic limit and forgets vanished topics when nearly full', () => {
    const a = aggregator({ maxTopics: 10 });
    for (let t = 0; t < 12; t++) {
      for (let i = 0; i < 5; i++) a.add(msg(`s/${t}`, String(i), T0 + i * 100));
    }
    expect(a.stats).toMatchObject({ topics: 10, untracked: 10 });
    a.drain(T0 + 500);
    a.drain(T0 + 5000);
    expect(a.stats.topics).toBe(8);
    a.add(msg('s/new', '1', T0 + 5001));
    expect(a.stats.topics).toBe(9);
  });

  it('caps the events of one batch', () => {
    const a = aggregator({ maxEventsPerBatch: 2 });
    for (let t = 0; t < 5; t++) a.add(msg(`s/${t}`, '1', T0));
    expect(a.drain(T0 + 1).events).toHaveLength(2);
    expect(a.stats.droppedEvents).toBe(3);
  });
});
