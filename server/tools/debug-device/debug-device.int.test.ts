// Integration tests of mqtt_debug_device against a real Mosquitto broker, a publisher and a device with a Last Will.
import { connectAsync } from 'mqtt';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { callOk } from '../../../test/core-harness';
import { mosquittoAvailable } from '../../../test/mosquitto';
import { letters, sleep, toolFixture, type RejectCase } from '../../../test/tool-fixture';
import type { debugDevice } from './index';

type Output = z.output<typeof debugDevice.output>;

const TOOL = 'mqtt_debug_device';

describe.skipIf(!mosquittoAvailable())('mqtt_debug_device', () => {
  const f = toolFixture(TOOL);

  it('infers a 200 ms heartbeat, tracks values and state changes, and calls the device healthy', async () => {
    const id = letters();
    const out = await f.during<Output>({ device_id: id, duration_seconds: 1.9 }, async () => {
      const start = Date.now();
      for (let i = 0; i < 8; i++) {
        await sleep(start + i * 200 - Date.now());
        await f.publisher.publishAsync(`${id}/heartbeat`, 'ping');
        if (i === 1) await f.publisher.publishAsync(`home/${id}/power`, '{"power":"ON","w":12}');
        if (i === 4) await f.publisher.publishAsync(`home/${id}/power`, '{"power":"OFF","w":0}');
        if (i === 6) await f.publisher.publishAsync(`a/b/${id}/rssi`, '-61');
      }
    });

    expect(out.device_id).toBe(id);
    expect(out.filters).toEqual([`${id}/#`, `+/${id}/#`, `+/+/${id}/#`]);
    expect(out.message_count).toBe(11);
    expect(out.live_message_count).toBe(11);
    expect(out.retained_message_count).toBe(0);
    const expected: Array<[string, number, unknown, string]> = [
      [`${id}/heartbeat`, 8, 'ping', 'text'],
      [`a/b/${id}/rssi`, 1, -61, 'json'],
      [`home/${id}/power`, 2, { power: 'OFF', w: 0 }, 'json'],
    ];
    expect(
      out.topics.map((t) => [t.topic, t.message_count, t.last_value, t.last_payload_format]),
    ).toEqual(expected.sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    expect(out.topics.every((t) => !t.retained)).toBe(true);

    expect(out.heartbeat.topic).toBe(`${id}/heartbeat`);
    expect(out.heartbeat.interval_seconds).toBeGreaterThanOrEqual(0.17);
    expect(out.heartbeat.interval_seconds).toBeLessThanOrEqual(0.23);
    expect(out.heartbeat.jitter_seconds).toBeLessThan(0.03);
    expect(out.heartbeat.gaps).toEqual([]);
    expect(out.heartbeat.gap_count).toBe(0);
    expect(out.heartbeat.overdue).toBe(false);
    expect(out.heartbeat.seconds_since_last).toBeGreaterThan(0.1);
    expect(out.heartbeat.seconds_since_last).toBeLessThan(0.45);

    expect(out.state_changes_total).toBe(2);
    expect(
      out.state_changes.map(({ topic, field, from, to }) => ({ topic, field, from, to })),
    ).toEqual([
      { topic: `home/${id}/power`, field: 'power', from: 'ON', to: 'OFF' },
      { topic: `home/${id}/power`, field: 'w', from: 12, to: 0 },
    ]);

    expect(out.availability).toEqual([]);
    expect(out.last_known_state).toBe('unknown');
    expect(out.errors).toEqual([]);
    expect(out.error_count).toBe(0);
    expect(out.warning_count).toBe(0);
    expect(Math.abs(out.message_rate_per_minute - (11 * 60) / out.duration_seconds)).toBeLessThan(
      2,
    );
    expect(out.health.verdict).toBe('healthy');
    expect(out.health.reasons[0]).toMatch(/^11 live messages on 3 topics in the (1\.9|2) s window/);
    expect(out.health.reasons[1]).toMatch(
      new RegExp(`^regular heartbeat on ${id}/heartbeat every 0\\.\\d+ s with no gaps$`),
    );
    expect(out.explanation).toBeUndefined();
    expect(out.stop_reason).toBe('duration');
  });

  it('reports the Last Will: online (retained) then offline when the device drops', async () => {
    const id = letters();
    const device = await connectAsync(f.broker.url, {
      reconnectPeriod: 0,
      clientId: `device-${id}`,
      will: { topic: `${id}/status`, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    await device.publishAsync(`${id}/status`, 'online', { qos: 1, retain: true });
    try {
      const out = await f.during<Output>({ device_id: id, duration_seconds: 1.5 }, async () => {
        device.stream.destroy();
      });
      expect(
        out.availability.map(({ topic, state, retained }) => ({ topic, state, retained })),
      ).toEqual([
        { topic: `${id}/status`, state: 'online', retained: true },
        { topic: `${id}/status`, state: 'offline', retained: false },
      ]);
      expect(out.last_known_state).toBe('offline');
      expect(out.message_count).toBe(2);
      expect(out.live_message_count).toBe(1);
      expect(out.retained_message_count).toBe(1);
      expect(out.topics).toEqual([
        {
          topic: `${id}/status`,
          message_count: 2,
          last_value: 'offline',
          last_payload_format: 'text',
          last_seen: out.availability[1]?.at,
          retained: false,
        },
      ]);
      expect(out.state_changes.map(({ field, from, to }) => ({ field, from, to }))).toEqual([
        { field: null, from: 'online', to: 'offline' },
      ]);
      expect(out.health.verdict).toBe('offline');
      expect(out.health.reasons[0]).toMatch(new RegExp(`^${id} is offline since .*Z \\(\\d`));
      expect(out.findings.map((x) => [x.kind, x.evidence.since_source])).toEqual([
        ['offline', 'received'],
      ]);
      expect(out.health.reasons).toContainEqual(
        expect.stringMatching(new RegExp(`on ${id}/status .*\\(published live\\) says offline`)),
      );

      const later = await callOk<Output>(f.core, TOOL, {
        session_id: f.sessionId,
        device_id: id,
        duration_seconds: 1,
      });
      expect(later.availability.map(({ state, retained }) => ({ state, retained }))).toEqual([
        { state: 'offline', retained: true },
      ]);
      expect(later.topics[0]?.last_value).toBe('offline');
      expect(later.health.verdict).toBe('offline');
      expect(later.health.reasons[0]).toMatch(/since before the window began/);
      expect(later.health.reasons).toContainEqual(
        expect.stringContaining('retained, as a Last Will usually is'),
      );
    } finally {
      device.end(true);
    }
  });

  it('flags error messages and calls the device degraded', async () => {
    const id = letters();
    const out = await f.during<Output>({ device_id: id, duration_seconds: 1 }, async () => {
      await f.publisher.publishAsync(`${id}/temperature`, '21.5', { qos: 1 });
      await f.publisher.publishAsync(`sensors/${id}/log`, 'sensor read failed', { qos: 1 });
    });
    expect(out.error_count).toBe(1);
    expect(out.warning_count).toBe(0);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatchObject({
      topic: `sensors/${id}/log`,
      payload: 'sensor read failed',
      payload_format: 'text',
      size_bytes: 18,
      retain: false,
      severity: 'error',
    });
    expect(out.health).toEqual({
      verdict: 'degraded',
      reasons: ['1 error message and 0 warning messages arrived'],
    });
  });

  it('watches caller patterns, skipping those the defaults already cover', async () => {
    const id = letters();
    const out = await f.during<Output>(
      { device_id: id, patterns: [`legacy/x/y/${id}/#`, `${id}/status`], duration_seconds: 1 },
      async () => {
        await f.publisher.publishAsync(`legacy/x/y/${id}/temp`, '5', { qos: 1 });
        await f.publisher.publishAsync(`legacy/x/y/other/temp`, '6', { qos: 1 });
      },
    );
    expect(out.filters).toEqual([`${id}/#`, `+/${id}/#`, `+/+/${id}/#`, `legacy/x/y/${id}/#`]);
    expect(out.message_count).toBe(1);
    expect(out.topics.map((t) => [t.topic, t.last_value])).toEqual([[`legacy/x/y/${id}/temp`, 5]]);
  });

  it('calls a device without messages silent and explains why', async () => {
    const id = letters();
    const out = await callOk<Output>(f.core, TOOL, {
      session_id: f.sessionId,
      device_id: id,
      duration_seconds: 1,
    });
    expect(out.message_count).toBe(0);
    expect(out.topics).toEqual([]);
    expect(out.last_known_state).toBe('unknown');
    expect(out.heartbeat).toEqual({
      topic: null,
      interval_seconds: null,
      jitter_seconds: null,
      gaps: [],
      gap_count: 0,
      overdue: false,
      seconds_since_last: null,
    });
    expect(out.message_rate_per_minute).toBe(0);
    expect(out.health.verdict).toBe('silent');
    expect(out.health.reasons).toHaveLength(1);
    expect(out.explanation).toMatch(
      new RegExp(`^no message matched ${id}/#, \\+/${id}/#, \\+/\\+/${id}/# in 1(\\.\\d)? s`),
    );
  });

  it('rejects bad device ids, bad patterns, unknown arguments and unknown sessions', async () => {
    await f.rejects([
      ...['a/b', 'a+b', 'dev#', 'x\u0000y'].map((bad): RejectCase => [
        { device_id: bad },
        'INVALID_INPUT',
        /^device_id: must be one topic level without \+, #, \/ or NUL/,
      ]),
      [{ device_id: '' }, 'INVALID_INPUT', /^device_id: /],
      [{ device_id: 'd'.repeat(257) }, 'INVALID_INPUT', /^device_id: /],
      [
        { device_id: 'plug', patterns: ['ok/#', 'a/#/b'] },
        'INVALID_TOPIC',
        /^patterns: "#" must be the last level/,
      ],
      [
        { device_id: 'plug', patterns: Array.from({ length: 11 }, (_, i) => `p${i}/#`) },
        'INVALID_INPUT',
        /^patterns: /,
      ],
      [{ device_id: 'plug', qos: 1 }, 'INVALID_INPUT', 'unknown argument "qos"'],
      [{ device_id: 'plug', duration_seconds: 601 }, 'INVALID_INPUT', /^duration_seconds: /],
      [{ session_id: 'nope', device_id: 'plug' }, 'NOT_FOUND'],
    ]);
  });
});
