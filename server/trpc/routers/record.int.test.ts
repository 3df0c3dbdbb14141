// The console's record procedures through createCaller on an in-process hub and a real Mosquitto.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBroker } from '../../../test/fixtures/broker';
import { tempHub, type TempHub } from '../../../test/fixtures/temp-hub';
import { FAST_RECORDER, overall, simulateNight } from '../../../test/fixtures/installation';
import { letters, sleep } from '../../../test/tool-fixture';
import type { Hub } from '../../hub';
import { createCaller } from './_app';

const f = useBroker();
let temp: TempHub;
let hub: Hub;
let caller: ReturnType<typeof createCaller>;

beforeAll(async () => {
  temp = tempHub({ MQTT_MCP_RECORD_FLUSH_SECONDS: '1' });
  hub = temp.hub;
  await hub.start();
  caller = createCaller({ hub, denial: null, via: 'loopback' });
});

afterAll(async () => {
  await temp?.close();
});

async function openSession(): Promise<string> {
  const out = await caller.tools.invoke.mqtt_establish_connection!({
    connection_string: f.broker.url,
  });
  return String((out as { session_id: string }).session_id);
}

async function until(check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(50);
  }
}

describe('record procedures', () => {
  it('start a recording on a session, read series, counts, events, topics and messages, and stop it', async () => {
    const p = letters();
    const id = await openSession();
    await f.publisher.publishAsync(`${p}/door/set`, 'open', { qos: 1, retain: true });
    const started = await caller.record.start({ session_id: id, topic_pattern: `${p}/#` });
    expect(started).toMatchObject({ session_id: id, pattern: `${p}/#`, retain_as_published: true });
    // The thresholds of a real hub are minutes long: the same recorder, compressed, records here.
    await caller.record.stop({ session_id: id });
    await hub.recording!.recordSession(id, { ...FAST_RECORDER, pattern: `${p}/#` });
    const times = await simulateNight(f.broker.url, f.publisher, p);
    await hub.recording!.flush();

    const status = await caller.record.status();
    expect(status.recordings.map((r) => r.session_id)).toEqual([id]);
    expect(status.sources).toEqual([expect.objectContaining({ key: `session:${id}`, topics: 4 })]);
    expect(status.used_bytes).toBeGreaterThan(0);
    expect(status.limits).toMatchObject({ retentionDays: 7, detailHours: 24 });

    const range = { from_ms: times.t0 - 60_000, to_ms: Date.now() + 1000 };
    const series = await caller.record.series({
      ...range,
      topic: `${p}/dev1/sensor`,
      field: 'temperature',
      points: 1,
    });
    expect(overall(series.series[0]?.points ?? [])).toMatchObject({ min: 20, max: 23, n: 14 });
    const counts = await caller.record.counts({ ...range, device: 'dev2' });
    expect(counts.totalMessages).toBe(6);
    const events = await caller.record.events({
      ...range,
      device: 'dev1',
      categories: ['availability'],
    });
    expect(events.events.map((e) => e.kind)).toEqual([
      'online',
      'offline',
      'online',
      'offline',
      'online',
    ]);
    const topics = await caller.record.topics({ topic_pattern: `${p}/+/sensor` });
    expect(topics.topics.map((t) => [t.topic.slice(p.length), t.fields])).toEqual([
      ['/dev1/sensor', ['battery', 'temperature']],
      ['/dev2/sensor', ['battery', 'temperature']],
    ]);
    const messages = await caller.record.messages({ topic: `${p}/dev2/sensor`, limit: 1 });
    expect(messages.map((m) => m.payload)).toEqual([{ temperature: 6, battery: 90 }]);

    expect(await caller.record.stop({ session_id: id })).toEqual({ stopped: true });
    expect(await caller.record.stop({ session_id: id })).toEqual({ stopped: false });
    expect((await caller.record.status()).recordings).toEqual([]);
    await caller.sessions.close({ session_id: id });
  });

  it('set a profile to be recorded, which the hub opens and records, and back', async () => {
    const profile = await caller.profiles.create({ name: 'rec', connection_string: f.broker.url });
    expect(profile.record).toBe(false);
    const on = await caller.record.setProfileRecord({ id: profile.id, record: true });
    expect(on.record).toBe(true);
    await until(async () => (await caller.record.status()).recordings.length === 1);
    const off = await caller.record.setProfileRecord({ id: profile.id, record: false });
    expect(off.record).toBe(false);
    await until(async () => (await caller.record.status()).recordings.length === 0);
    // Editing the flag through profiles.update is followed the same way.
    await caller.profiles.update({ id: profile.id, patch: { record: true } });
    await until(async () => (await caller.record.status()).recordings.length === 1);
    await caller.profiles.remove({ id: profile.id });
    await until(async () => (await caller.record.status()).recordings.length === 0);
  });

  it('refuse bad input with the tool error code', async () => {
    const codeOf = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (err) {
        return (err as { cause?: { code?: string } }).cause?.code;
      }
      return 'no error';
    };
    expect(
      await codeOf(caller.record.series({ topic_pattern: 'a/#/b', from_ms: 0, to_ms: 1 })),
    ).toBe('INVALID_TOPIC');
    expect(await codeOf(caller.record.events({ from_ms: 5, to_ms: 1 }))).toBe('INVALID_INPUT');
    expect(await codeOf(caller.record.start({ session_id: 'nope' }))).toBe('NOT_FOUND');
    expect(await codeOf(caller.record.setProfileRecord({ id: 'nope', record: true }))).toBe(
      'NOT_FOUND',
    );
  });
});
