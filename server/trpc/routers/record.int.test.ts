// The console's record procedures through createCaller on an in-process hub and a real Mosquitto.
import { describe, expect, it } from 'vitest';
import { useRecordingHub } from '../../../test/fixtures/recording-hub';
import { useBroker } from '../../../test/fixtures/broker';
import { FAST_RECORDER, overall, simulateNight } from '../../../test/fixtures/installation';
import { letters, sleep } from '../../../test/tool-fixture';

const f = useBroker();
const h = useRecordingHub();

async function openSession(): Promise<string> {
  const out = await h.caller.tools.invoke.mqtt_establish_connection!({
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
    const started = await h.caller.record.start({ session_id: id, topic_pattern: `${p}/#` });
    expect(started).toMatchObject({ session_id: id, pattern: `${p}/#`, retain_as_published: true });
    // The thresholds of a real hub are minutes long: the same recorder, compressed, records here.
    await h.caller.record.stop({ session_id: id });
    await h.hub.recording!.recordSession(id, { ...FAST_RECORDER, pattern: `${p}/#` });
    const times = await simulateNight(f.broker.url, f.publisher, p);
    await h.hub.recording!.flush();

    const status = await h.caller.record.status();
    expect(status.recordings.map((r) => r.session_id)).toEqual([id]);
    expect(status.sources).toEqual([expect.objectContaining({ key: `session:${id}`, topics: 4 })]);
    expect(status.used_bytes).toBeGreaterThan(0);
    expect(status.limits).toMatchObject({ retentionDays: 7, detailHours: 24 });

    const range = { from_ms: times.t0 - 60_000, to_ms: Date.now() + 1000 };
    const series = await h.caller.record.series({
      ...range,
      topic: `${p}/dev1/sensor`,
      field: 'temperature',
      points: 1,
    });
    expect(overall(series.series[0]?.points ?? [])).toMatchObject({ min: 20, max: 23, n: 14 });
    const counts = await h.caller.record.counts({ ...range, device: 'dev2' });
    expect(counts.totalMessages).toBe(6);
    const events = await h.caller.record.events({
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
    const timeline = await h.caller.record.timeline({
      ...range,
      device: 'dev1',
      points: 4,
      limit: 2,
    });
    expect(timeline.by_category.availability).toBe(5);
    expect(timeline.buckets.reduce((n, b) => n + b.availability, 0)).toBe(5);
    expect(timeline.buckets.length).toBeLessThanOrEqual(5);
    expect(timeline.events).toHaveLength(2);
    expect(timeline.total).toBe(timeline.counted);

    expect(
      h.hub.recording!.recordFinding(id, {
        kind: 'flapping',
        severity: 'warning',
        subject: { device: 'dev1', topic: `${p}/dev1/status` },
        summary: 'dev1 dropped off twice',
        evidence: { transitions: 2 },
        suggestion: 'check its power',
        atMs: times.returns[1],
      }),
    ).toBe(true);
    await h.hub.recording!.flush();
    const findings = await h.caller.record.findings({ ...range, device: 'dev1', points: 4 });
    expect(findings.by_kind).toEqual({ flapping: 1 });
    expect(findings.buckets.reduce((n, b) => n + b.warning, 0)).toBe(1);
    expect(findings.findings).toEqual([
      expect.objectContaining({
        t: times.returns[1],
        device: 'dev1',
        evidence: { transitions: 2 },
        suggestion: 'check its power',
      }),
    ]);

    const topics = await h.caller.record.topics({ topic_pattern: `${p}/+/sensor` });
    expect(topics.topics.map((t) => [t.topic.slice(p.length), t.fields])).toEqual([
      ['/dev1/sensor', ['battery', 'temperature']],
      ['/dev2/sensor', ['battery', 'temperature']],
    ]);
    const messages = await h.caller.record.messages({ topic: `${p}/dev2/sensor`, limit: 1 });
    expect(messages.map((m) => m.payload)).toEqual([{ temperature: 6, battery: 90 }]);

    expect(await h.caller.record.stop({ session_id: id })).toEqual({ stopped: true });
    expect(await h.caller.record.stop({ session_id: id })).toEqual({ stopped: false });
    expect((await h.caller.record.status()).recordings).toEqual([]);
    await h.caller.sessions.close({ session_id: id });
  });

  it('set a profile to be recorded, which the hub opens and records, and back', async () => {
    const profile = await h.caller.profiles.create({
      name: 'rec',
      connection_string: f.broker.url,
    });
    expect(profile.record).toBe(false);
    const on = await h.caller.record.setProfileRecord({ id: profile.id, record: true });
    expect(on.record).toBe(true);
    await until(async () => (await h.caller.record.status()).recordings.length === 1);
    const off = await h.caller.record.setProfileRecord({ id: profile.id, record: false });
    expect(off.record).toBe(false);
    await until(async () => (await h.caller.record.status()).recordings.length === 0);
    // Editing the flag through profiles.update is followed the same way.
    await h.caller.profiles.update({ id: profile.id, patch: { record: true } });
    await until(async () => (await h.caller.record.status()).recordings.length === 1);
    await h.caller.profiles.remove({ id: profile.id });
    await until(async () => (await h.caller.record.status()).recordings.length === 0);
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
      await codeOf(h.caller.record.series({ topic_pattern: 'a/#/b', from_ms: 0, to_ms: 1 })),
    ).toBe('INVALID_TOPIC');
    expect(await codeOf(h.caller.record.events({ from_ms: 5, to_ms: 1 }))).toBe('INVALID_INPUT');
    expect(await codeOf(h.caller.record.start({ session_id: 'nope' }))).toBe('NOT_FOUND');
    expect(await codeOf(h.caller.record.setProfileRecord({ id: 'nope', record: true }))).toBe(
      'NOT_FOUND',
    );
  });
});
