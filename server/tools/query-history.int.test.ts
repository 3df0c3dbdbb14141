// mqtt_query_history against a real Mosquitto: a session the hub recorded while no tool ran answers
// afterwards with the flaps, the freeze, the silent sensor and the retained changes, with their times.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { useBroker } from '../../test/fixtures/broker';
import {
  FAST_RECORDER,
  overall,
  simulateNight,
  type NightTimes,
} from '../../test/fixtures/installation';
import { callErr, callOk, createTestCore } from '../../test/core-harness';
import { letters } from '../../test/tool-fixture';
import { loadConfig } from '../config';
import { Hub } from '../hub';
import type { queryHistory } from './query-history';

const f = useBroker();
let hub: Hub;
let dir: string;
let sessionId: string;
let p: string;
let times: NightTimes;

type Out = z.output<typeof queryHistory.output>;

const query = (args: Record<string, unknown>) => callOk<Out>(hub.core, 'mqtt_query_history', args);

const ms = (iso: string | undefined) => Date.parse(iso ?? '');
const near = (iso: string | undefined, at: number) =>
  expect(Math.abs(ms(iso) - at)).toBeLessThan(400);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mqtt-mcp-history-'));
  hub = new Hub(
    loadConfig({ MQTT_MCP_DATA_DIR: dir, LOG_LEVEL: 'silent' }),
    pino({ level: 'silent' }),
  );
  await hub.start();
  p = letters();
  await f.publisher.publishAsync(`${p}/door/set`, 'open', { qos: 1, retain: true });
  const out = await hub.callTool(
    'mqtt_establish_connection',
    { connection_string: f.broker.url },
    { caller: 'test' },
  );
  if (!out.ok) throw out.error;
  sessionId = String(out.data.session_id);
  await hub.recording!.recordSession(sessionId, { ...FAST_RECORDER, pattern: `${p}/#` });
  times = await simulateNight(f.broker.url, f.publisher, p);
});

afterAll(async () => {
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('mqtt_query_history', () => {
  it("names a device's flaps with their times, and its sensor's freeze", async () => {
    const out = await query({ session_id: sessionId, device: 'dev1', since: '5m' });
    const flaps = (out.events ?? []).filter((e) => e.category === 'availability');
    expect(flaps.map((e) => e.kind)).toEqual(['online', 'offline', 'online', 'offline', 'online']);
    near(flaps[1]?.at, times.drops[0] ?? 0);
    near(flaps[3]?.at, times.drops[1] ?? 0);
    near(flaps[4]?.at, times.returns[1] ?? 0);
    const frozen = (out.events ?? []).filter((e) => e.kind === 'frozen');
    expect(frozen).toHaveLength(1);
    expect(frozen[0]?.summary).toMatch(/^temperature stuck at 22 /);
    near(frozen[0]?.at, times.frozeAt);
    expect(out.series?.map((s) => `${s.topic.slice(p.length)} ${s.field}`)).toEqual([
      '/dev1/sensor battery',
      '/dev1/sensor temperature',
    ]);
    expect(out.counts).toMatchObject({ total_messages: 19, topics: 2 });
    expect(out.recording).toEqual([
      expect.objectContaining({
        session_id: sessionId,
        source: expect.stringContaining('mqtt://'),
      }),
    ]);
  });

  it('gives the series of one field downsampled, and the last raw messages on request', async () => {
    const out = await query({
      session_id: sessionId,
      topic: `${p}/dev1/sensor`,
      field: 'temperature',
      since: '10m',
      points: 1,
      series: true,
      events: false,
      counts: false,
      messages: true,
      limit: 2,
    });
    expect(out.series?.map((x) => [x.topic, x.field])).toEqual([
      [`${p}/dev1/sensor`, 'temperature'],
    ]);
    const points = (out.series?.[0]?.points ?? []) as Array<{
      min: number;
      max: number;
      last: number;
      n: number;
    }>;
    expect(points.length).toBeLessThanOrEqual(2);
    expect(overall(points)).toEqual({ min: 20, max: 23, last: 23, n: 14 });
    expect(out.series_step_seconds).toBe(600);
    expect(out.messages?.map((m) => m.payload)).toEqual([
      { temperature: 23, battery: 90 },
      { temperature: 22.5, battery: 90 },
    ]);
    expect(out.events).toBeUndefined();
  });

  it('lists retained changes and silent topics across the broker, most recent first within the limit', async () => {
    const out = await query({
      session_id: sessionId,
      since: '5m',
      limit: 100,
    });
    const door = (out.events ?? []).filter((e) => e.topic === `${p}/door/set`);
    expect(door.map((e) => e.kind)).toEqual([
      'appeared',
      'retained_set',
      'retained_set',
      'retained_cleared',
    ]);
    expect(door[2]?.summary).toBe('retained value changed: close');
    near(door[2]?.at, times.closedAt);
    near(door[3]?.at, times.clearedAt);
    const silent = (out.events ?? []).filter(
      (e) => e.topic === `${p}/dev2/sensor` && e.kind === 'vanished',
    );
    expect(silent).toHaveLength(1);
    near(silent[0]?.at, times.dev2Last);
    const retained = await query({ session_id: sessionId, since: '5m', category: 'retained' });
    expect(retained.events?.map((e) => e.kind)).toEqual([
      'retained_set',
      'retained_set',
      'retained_cleared',
    ]);
    const few = await query({ session_id: sessionId, since: '5m', limit: 2, counts: false });
    expect(few.events).toHaveLength(2);
    expect(few.events_total).toBeGreaterThan(10);
    expect(ms(few.events?.[1]?.at)).toBeGreaterThanOrEqual(ms(few.events?.[0]?.at));
  });

  it('says when nothing matches, and refuses bad arguments clearly', async () => {
    const none = await query({ session_id: sessionId, device: 'nosuchdevice', since: '5m' });
    expect(none.note).toMatch(/^nothing recorded matches in this range/);
    const bad = async (args: Record<string, unknown>) => {
      const outcome = await hub.callTool('mqtt_query_history', args, { caller: 'test' });
      if (outcome.ok) throw new Error('expected an error');
      return outcome.error;
    };
    expect((await bad({ since: 'yesterday' })).message).toMatch(/^since: "yesterday" is neither/);
    expect((await bad({ since: '1h', until: '2h' })).message).toMatch(/must be before until/);
    expect((await bad({ topic_pattern: 'a/#/b' })).code).toBe('INVALID_TOPIC');
    expect((await bad({ topic: 'a/+' })).message).toMatch(/pass it as topic_pattern/);
    expect((await bad({ series: true })).message).toMatch(/series need a topic/);
    expect((await bad({ session_id: sessionId, profile: 'x' })).message).toMatch(/not both/);
    expect((await bad({ profile: 'nope' })).code).toBe('NOT_FOUND');
  });

  it('tells a server without a hub that the record lives in the hub', async () => {
    const core = createTestCore();
    const err = await callErr(core, 'mqtt_query_history', {});
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toMatch(/the hub keeps it/);
    await core.close();
  });
});
