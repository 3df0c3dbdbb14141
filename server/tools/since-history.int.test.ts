// A recorded installation observed with no tool running, then named afterwards by mqtt_query_history and `since`.
import { connectAsync, type MqttClient } from 'mqtt';
import { describe, expect, it } from 'vitest';
import { useRecordingHub } from '../../test/fixtures/recording-hub';
import { useBroker } from '../../test/fixtures/broker';
import { FAST_RECORDER } from '../../test/fixtures/installation';
import { letters, sleep } from '../../test/tool-fixture';

const f = useBroker();
const h = useRecordingHub();

type Listed = {
  kind: string;
  subject: { topic?: string; device?: string };
  evidence: Record<string, unknown>;
};

const tools = () => h.caller.tools.invoke;

async function openSession(): Promise<string> {
  const out = await tools().mqtt_establish_connection!({ connection_string: f.broker.url });
  return String(out.session_id);
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return (err as { cause?: { code?: string } }).cause?.code;
  }
  return 'no error';
}

/** A device link with a retained Last Will, announcing itself online. */
async function link(topic: string): Promise<MqttClient> {
  const c = await connectAsync(f.broker.url, {
    reconnectPeriod: 0,
    will: { topic, payload: Buffer.from('offline'), qos: 1, retain: true },
  });
  await c.publishAsync(topic, 'online', { qos: 1, retain: true });
  return c;
}

/** What happened when, epoch ms. */
interface Night {
  drops: number[];
  frozeAt: number;
  resumedAt: number;
  commandAt: number;
  clearedAt: number;
}

/**
 * Under `<p>/`: the plug drops off by Last Will three times; th1's temperature rises, sticks at 22
 * for ten readings and moves again; a retained OPEN sits on door/set until cleared; the control
 * device ctl stays online and publishes a varying reading every 100 ms throughout (until stopped).
 */
async function night(p: string): Promise<{ times: Night; stopControl: () => Promise<void> }> {
  const ctl = await link(`${p}/ctl/status`);
  let i = 0;
  const timer = setInterval(() => {
    i++;
    void f.publisher.publishAsync(`${p}/ctl/sensor`, JSON.stringify({ temperature: 20 + (i % 7) }));
  }, 100);
  await sleep(400);
  let plug = await link(`${p}/plug/status`);
  const temps = [19, 20, 21, 22, 22, 22, 22, 22, 22, 22, 22, 22, 22, 23, 24, 23, 22.5];
  const sensor = (async () => {
    for (const t of temps) {
      await f.publisher.publishAsync(`${p}/th1/sensor`, JSON.stringify({ temperature: t }));
      await sleep(100);
    }
  })();
  const startedAt = Date.now();
  const drops: number[] = [];
  for (let k = 0; k < 3; k++) {
    await sleep(200);
    drops.push(Date.now());
    plug.stream.destroy();
    await sleep(300);
    plug = await link(`${p}/plug/status`);
  }
  await sensor;
  const commandAt = Date.now();
  await f.publisher.publishAsync(`${p}/door/set`, 'OPEN', { qos: 1, retain: true });
  await sleep(1500);
  const clearedAt = Date.now();
  await f.publisher.publishAsync(`${p}/door/set`, '', { qos: 1, retain: true });
  await sleep(300);
  await plug.endAsync();
  return {
    times: {
      drops,
      frozeAt: startedAt + 300,
      resumedAt: startedAt + 1300,
      commandAt,
      clearedAt,
    },
    stopControl: async () => {
      clearInterval(timer);
      await ctl.endAsync();
    },
  };
}

const near = (isoText: unknown, ms: number, within = 700) =>
  Math.abs(Date.parse(String(isoText)) - ms) <= within;

describe('a recorded installation looked at afterwards', () => {
  it('names the flaps, the freeze and the retained command with their times, and nothing on the control', async () => {
    const p = letters();
    const id = await openSession();
    await h.hub.recording!.recordSession(id, {
      ...FAST_RECORDER,
      diagnosisMs: 1000,
      pattern: `${p}/#`,
    });
    const { times, stopControl } = await night(p);
    // The events (no counts) of the last five minutes, which hold the whole night.
    const eventsOf = (args: Record<string, unknown>) =>
      tools().mqtt_query_history!({ session_id: id, since: '5m', counts: false, ...args });
    try {
      h.hub.recording!.bySession(id)!.diagnose();
      await h.hub.recording!.flush();

      const history = await eventsOf({ device: 'plug', category: 'availability' });
      const offline = (history.events as Array<{ at: string; kind: string }>).filter(
        (e) => e.kind === 'offline',
      );
      expect(offline).toHaveLength(3);
      offline.forEach((e, k) => expect(near(e.at, times.drops[k]!)).toBe(true));

      const door = await eventsOf({ topic_pattern: `${p}/door/#`, category: 'retained' });
      const changes = door.events ?? [];
      expect(changes.map((e) => e.kind)).toEqual(['retained_set', 'retained_cleared']);
      expect(near(changes[0]?.at, times.commandAt, 500)).toBe(true);
      expect(near(changes[1]?.at, times.clearedAt, 500)).toBe(true);

      const recorded = await eventsOf({ topic_pattern: `${p}/door/#`, category: 'finding' });
      // Kept once per episode although it was found in every window while it stood.
      expect((recorded.events as Array<{ kind: string }>).map((e) => e.kind)).toEqual([
        'retained_command',
      ]);

      const diagnosis = await tools().mqtt_diagnose!({
        session_id: id,
        topic_pattern: `${p}/#`,
        since: '5m',
        max_findings: 20,
      });
      expect(diagnosis.stop_reason).toBe('record');
      const listed = (diagnosis.devices as Array<{ findings: Listed[] }>).flatMap(
        (d) => d.findings,
      );
      const about = (topic: string, kind: string) =>
        listed.find((x) => x.subject.topic === `${p}/${topic}` && x.kind === kind);
      const flapping = about('plug/status', 'flapping');
      expect(flapping?.subject.device).toBe('plug');
      expect(flapping?.evidence.drops).toBe(3);
      const offlineAt = flapping?.evidence.offline_at as string[];
      offlineAt.forEach((at, k) => expect(near(at, times.drops[k]!)).toBe(true));
      const frozen = about('th1/sensor', 'frozen_value');
      expect(frozen?.evidence.field).toBe('temperature');
      expect(near(frozen?.evidence.frozen_at, times.frozeAt, 500)).toBe(true);
      expect(near(frozen?.evidence.resumed_at, times.resumedAt, 500)).toBe(true);
      const command = about('door/set', 'retained_command');
      expect(near((command?.evidence.set_at as string[])[0], times.commandAt, 500)).toBe(true);
      expect(near((command?.evidence.cleared_at as string[])[0], times.clearedAt, 500)).toBe(true);
      expect(command?.evidence.episodes).toBe(1);
      expect(listed.filter((x) => x.subject.topic?.startsWith(`${p}/ctl/`))).toEqual([]);

      const plug = await tools().mqtt_debug_device!({
        session_id: id,
        device_id: 'plug',
        since: '5m',
      });
      expect(plug).toMatchObject({ stop_reason: 'record', last_known_state: 'online' });
      expect((plug.health as { verdict: string }).verdict).toBe('intermittent');
      expect((plug.availability as unknown[]).length).toBeGreaterThanOrEqual(6);
      const ctl = await tools().mqtt_debug_device!({
        session_id: id,
        device_id: 'ctl',
        since: '5m',
      });
      expect(ctl.findings).toEqual([]);
      expect((ctl.health as { verdict: string }).verdict).toBe('healthy');
      expect(ctl.message_count).toBeGreaterThan(30);
      expect(ctl.last_known_state).toBe('online');
    } finally {
      await stopControl();
    }
  });

  it('refuses a session whose broker is not recorded, and a bad since, naming the argument', async () => {
    const id = await openSession();
    const diagnose = tools().mqtt_diagnose!({ session_id: id, since: '24h' });
    expect(await codeOf(diagnose)).toBe('NOT_FOUND');
    await expect(diagnose).rejects.toThrow(/nothing is recorded of session/);
    expect(
      await codeOf(tools().mqtt_debug_device!({ session_id: id, device_id: 'x', since: '24h' })),
    ).toBe('NOT_FOUND');
    expect(
      await codeOf(
        tools().mqtt_debug_device!({
          session_id: id,
          device_id: 'x',
          since: '1h',
          patterns: ['a/#'],
        }),
      ),
    ).toBe('INVALID_INPUT');
    expect(await codeOf(tools().mqtt_diagnose!({ session_id: id, since: 'yesterday' }))).toBe(
      'INVALID_INPUT',
    );
    await tools().mqtt_close_connection!({ session_id: id });
  });
});
