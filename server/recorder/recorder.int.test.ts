// A recorded session against a real Mosquitto, no tool call running, time compressed: flaps, a freeze,
// a silent sensor and retained changes end up in the record with their times.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_RECORDER, overall, simulateNight } from '../../test/fixtures/installation';
import { openTempStore } from '../../test/fixtures/record-store';
import { openTestSession } from '../../test/fixtures/test-session';
import { useBroker } from '../../test/fixtures/broker';
import { letters, sleep } from '../../test/tool-fixture';
import type { Session } from '../mqtt/session';
import type { Store } from '../store/store';
import { Recorder } from './recorder';

const f = useBroker();

const log = pino({ level: 'silent' });

let env: { store: Store; close: () => void };

beforeAll(async () => {
  env = openTempStore();
});

afterAll(async () => {
  env?.close();
});

const near = (ts: number, at: number) => expect(Math.abs(ts - at)).toBeLessThan(400);

describe.each([5] as const)('a recorded MQTT %s session, nobody calling a tool', (version) => {
  let session: Session;
  let recorder: Recorder;

  it('records availability flaps, a frozen value, a silent sensor and retained changes with their times', async () => {
    const p = letters();
    const source = { key: `session:test-${p}`, label: p };
    await f.publisher.publishAsync(`${p}/door/set`, 'open', { qos: 1, retain: true });
    session = await openTestSession(f.broker.url, version);
    recorder = new Recorder(
      session,
      source,
      { ...FAST_RECORDER, pattern: `${p}/#` },
      env.store.record,
      log,
    );
    await recorder.start();
    const { t0, drops, returns, dev2Last, closedAt, clearedAt, frozeAt, resumedAt } =
      await simulateNight(f.broker.url, f.publisher, p);

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
    near(frozen[0]?.t ?? 0, frozeAt);
    near(frozen[1]?.t ?? 0, resumedAt);

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
    expect(overall(series.series[0]?.points ?? [])).toEqual({ min: 20, max: 23, last: 23, n: 14 });
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
    const slow = { ...FAST_RECORDER, flushMs: 60_000, pattern: `${p}/#` };
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
