// A recorded session against a real Mosquitto, no tool call running, time compressed: flaps, a freeze,
// a silent sensor and retained changes end up in the record with their times.
import { connectAsync, type MqttClient } from 'mqtt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempStore } from '../../test/fixtures/record-store';
import { openTestSession } from '../../test/fixtures/test-session';
import { useBroker } from '../../test/fixtures/broker';
import { letters, sleep } from '../../test/tool-fixture';
import type { Session } from '../mqtt/session';
import type { Store } from '../store/store';
import { DEFAULT_THRESHOLDS, type RecorderOptions } from './options';
import { Recorder } from './recorder';

const f = useBroker();

const log = pino({ level: 'silent' });

const FAST: Omit<RecorderOptions, 'pattern'> = {
  flushMs: 200,
  maxTopics: 1000,
  messagesPerTopic: 5,
  ...DEFAULT_THRESHOLDS,
  baselineMs: 0,
  vanishFactor: 5,
  vanishMinMs: 500,
  freezeMinRepeats: 5,
  freezeMinMs: 400,
  freezeMinChanges: 3,
};

let env: { store: Store; close: () => void };

beforeAll(async () => {
  env = openTempStore();
});

afterAll(async () => {
  env?.close();
});

/** A device link with a retained Last Will, announcing itself online (retained). */
async function deviceLink(topic: string): Promise<MqttClient> {
  const link = await connectAsync(f.broker.url, {
    reconnectPeriod: 0,
    will: { topic, payload: Buffer.from('offline'), qos: 1, retain: true },
  });
  await link.publishAsync(topic, 'online', { qos: 1, retain: true });
  return link;
}

/** Publishes `values` on a topic every `everyMs`, as JSON {temperature, battery}. */
async function publishSeries(topic: string, values: number[], everyMs: number): Promise<void> {
  for (const temperature of values) {
    await f.publisher.publishAsync(topic, JSON.stringify({ temperature, battery: 90 }), { qos: 0 });
    await sleep(everyMs);
  }
}

const near = (ts: number, at: number) => expect(Math.abs(ts - at)).toBeLessThan(400);

describe.each([5] as const)('a recorded MQTT %s session, nobody calling a tool', (version) => {
  let session: Session;
  let recorder: Recorder;

  it('records availability flaps, a frozen value, a silent sensor and retained changes with their times', async () => {
    const p = letters();
    const source = { key: `session:test-${p}`, label: p };
    await f.publisher.publishAsync(`${p}/door/set`, 'open', { qos: 1, retain: true });
    session = await openTestSession(f.broker.url, version);
    recorder = new Recorder(session, source, { ...FAST, pattern: `${p}/#` }, env.store.record, log);
    await recorder.start();
    const t0 = Date.now();

    // dev1: online, two drops (Last Will) and returns; its sensor varies, freezes, varies again.
    let link = await deviceLink(`${p}/dev1/status`);
    const sensor = publishSeries(
      `${p}/dev1/sensor`,
      [20, 20.5, 21, 21.5, 22, 22, 22, 22, 22, 22, 22, 22, 22.5, 23],
      100,
    );
    // dev2: publishes for a while, then goes silent for good.
    const dev2 = publishSeries(`${p}/dev2/sensor`, [1, 2, 3, 4, 5, 6], 100);
    await sleep(500);
    const drops: number[] = [];
    const returns: number[] = [];
    for (let i = 0; i < 2; i++) {
      drops.push(Date.now());
      link.stream.destroy();
      await sleep(300);
      returns.push(Date.now());
      link = await deviceLink(`${p}/dev1/status`);
      await sleep(200);
    }
    await Promise.all([sensor, dev2]);
    const dev2Last = t0 + 500;
    const closedAt = Date.now();
    await f.publisher.publishAsync(`${p}/door/set`, 'close', { qos: 1, retain: true });
    await sleep(200);
    const clearedAt = Date.now();
    await f.publisher.publishAsync(`${p}/door/set`, '', { qos: 1, retain: true });
    await sleep(1200);
    await link.endAsync();

    // Nothing was stopped or flushed by hand: the timer wrote it all.
    const range = { fromMs: t0 - 5000, toMs: Date.now() + 1000 };
    const { events } = await env.store.record.events({ ...range, source: source.key, limit: 100 });
    const of = (topic: string, kinds: string[]) =>
      events.filter((e) => e.topic === `${p}/${topic}` && kinds.includes(e.kind));

    const flaps = of('dev1/status', ['online', 'offline']);
    expect(flaps.map((e) => e.kind)).toEqual(['online', 'offline', 'online', 'offline', 'online']);
    near(flaps[1]?.t ?? 0, drops[0] ?? 0);
    near(flaps[2]?.t ?? 0, returns[0] ?? 0);
    near(flaps[3]?.t ?? 0, drops[1] ?? 0);
    expect(flaps[1]?.summary).toContain('as a Last Will usually is');

    const frozen = of('dev1/sensor', ['frozen', 'resumed']);
    expect(frozen.map((e) => e.kind)).toEqual(['frozen', 'resumed']);
    expect(frozen[0]?.detail).toMatchObject({ field: 'temperature', value: 22 });
    near(frozen[0]?.t ?? 0, t0 + 400);
    near(frozen[1]?.t ?? 0, t0 + 1200);

    const silent = of('dev2/sensor', ['vanished']);
    expect(silent).toHaveLength(1);
    near(silent[0]?.t ?? 0, dev2Last);

    const door = of('door/set', ['retained_set', 'retained_cleared']);
    expect(door.map((e) => `${e.kind} ${e.detail?.payload ?? ''}`)).toEqual([
      'retained_set open',
      'retained_set close',
      'retained_cleared ',
    ]);
    expect(door[0]?.detail?.replay).toBe(true);
    near(door[1]?.t ?? 0, closedAt);
    near(door[2]?.t ?? 0, clearedAt);

    const series = await env.store.record.series({
      ...range,
      topic: `${p}/dev1/sensor`,
      field: 'temperature',
      points: 1,
    });
    expect(series.series[0]?.points[0]).toMatchObject({ min: 20, max: 23, last: 23, n: 14 });
    const counts = await env.store.record.counts({ ...range, pattern: `${p}/+/sensor` });
    expect(counts.totalMessages).toBe(20);
    const recent = await env.store.record.recentMessages({ topic: `${p}/dev1/sensor`, limit: 2 });
    expect(recent.map((m) => m.payload)).toEqual([
      { temperature: 23, battery: 90 },
      { temperature: 22.5, battery: 90 },
    ]);
    expect(recorder.status()).toMatchObject({ retain_as_published: true, failed_batches: 0 });
  });

  it('stops cleanly and leaves no subscription behind', async () => {
    await recorder.stop();
    expect(session.subscribedFilters).toEqual([]);
    expect(recorder.active).toBe(false);
    await session.close();
  });
});

describe('a recorded MQTT 3.1.1 session', () => {
  it('notices a retained change when the broker replays it, and writes its last batch on stop', async () => {
    const p = letters();
    const source = { key: `session:v4-${p}`, label: p };
    await f.publisher.publishAsync(`${p}/cfg`, 'a', { qos: 1, retain: true });
    const session = await openTestSession(f.broker.url, 4);
    const slow = { ...FAST, flushMs: 60_000, pattern: `${p}/#` };
    const recorder = new Recorder(session, source, slow, env.store.record, log);
    await recorder.start();
    await f.publisher.publishAsync(`${p}/t`, '1', { qos: 1 });
    // Live, a 3.1.1 subscriber cannot tell this publish was retained ...
    await f.publisher.publishAsync(`${p}/cfg`, 'b', { qos: 1, retain: true });
    await sleep(200);
    // ... until another subscription on the session makes the broker replay it.
    await session.subscribe(`${p}/cfg`, 0);
    await sleep(200);
    await session.unsubscribe(`${p}/cfg`);
    const range = { source: source.key, fromMs: Date.now() - 60_000, toMs: Date.now() + 1000 };
    expect((await env.store.record.events(range)).total).toBe(0);
    await recorder.stop();
    await session.close();
    const { events } = await env.store.record.events(range);
    expect(events.map((e) => `${e.topic?.slice(p.length)} ${e.kind} ${e.detail?.replay}`)).toEqual([
      '/cfg appeared undefined',
      '/cfg retained_set true',
      '/t appeared undefined',
      '/cfg retained_set true',
    ]);
    expect((await env.store.record.counts({ ...range, pattern: `${p}/#` })).totalMessages).toBe(2);
    expect(recorder.status().retain_as_published).toBe(false);
  });
});
