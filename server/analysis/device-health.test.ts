// Unit tests of the per-device analysis behind mqtt_debug_device.
import { describe, expect, it } from 'vitest';
import { analyzeDevice } from './device-health';
import type { MessageRecord } from './message';
import { msg, T0 } from '../../test/fixtures/message-records';

const WINDOW = { startMs: T0, endMs: T0 + 60_000 };

function telemetry(fromS: number, toS: number, everyS: number): MessageRecord[] {
  const out: MessageRecord[] = [];
  for (let s = fromS; s <= toS; s += everyS)
    out.push(msg('dev/plug1/telemetry', { power: 10, state: 'ON' }, T0 + s * 1000));
  return out;
}

describe('analyzeDevice', () => {
  it('is silent when nothing arrived', () => {
    const a = analyzeDevice([], WINDOW);
    expect(a.message_count).toBe(0);
    expect(a.topics).toEqual([]);
    expect(a.last_known_state).toBe('unknown');
    expect(a.message_rate_per_minute).toBe(0);
    expect(a.health.verdict).toBe('silent');
    expect(a.health.reasons[0]).toContain('no message');
    expect(a.health.reasons[0]).toContain('60 s');
  });

  it('is healthy with a regular heartbeat, and explains why', () => {
    const a = analyzeDevice(
      [msg('dev/plug1/LWT', 'Online', T0, { retain: true }), ...telemetry(0, 55, 5)],
      WINDOW,
    );
    expect(a.heartbeat).toMatchObject({
      topic: 'dev/plug1/telemetry',
      interval_seconds: 5,
      gap_count: 0,
      overdue: false,
    });
    expect(a.last_known_state).toBe('online');
    expect(a.live_message_count).toBe(12);
    expect(a.retained_message_count).toBe(1);
    expect(a.message_rate_per_minute).toBe(12);
    expect(a.health.verdict).toBe('healthy');
    expect(a.health.reasons.join(' ')).toMatch(/12 live messages on 2 topics/);
    expect(a.health.reasons.join(' ')).toMatch(/heartbeat on dev\/plug1\/telemetry every 5 s/);
    expect(a.health.reasons.join(' ')).toMatch(/says online/);
  });

  it('summarises each topic with its last value, last time and retained flag', () => {
    const long = 'x'.repeat(300);
    const a = analyzeDevice(
      [
        msg('dev/b/log', 'first', T0 + 1000),
        msg('dev/a/status', 'online', T0 + 2000, { retain: true }),
        msg('dev/b/log', long, T0 + 3000),
        msg('dev/a/status', 'online', T0 + 4000),
      ],
      WINDOW,
    );
    expect(a.topics).toEqual([
      {
        topic: 'dev/a/status',
        message_count: 2,
        last_value: 'online',
        last_payload_format: 'text',
        last_seen: '2024-05-01T12:00:04.000Z',
        retained: false,
      },
      {
        topic: 'dev/b/log',
        message_count: 2,
        last_value: 'x'.repeat(200),
        last_value_truncated: true,
        last_payload_format: 'text',
        last_seen: '2024-05-01T12:00:03.000Z',
        retained: false,
      },
    ]);
  });

  it('sorts messages by arrival before analysing them', () => {
    const a = analyzeDevice(
      [msg('dev/x/status', 'offline', T0 + 5000), msg('dev/x/status', 'online', T0 + 1000)],
      WINDOW,
    );
    expect(a.availability.map((e) => e.state)).toEqual(['online', 'offline']);
    expect(a.last_known_state).toBe('offline');
    expect(a.topics[0]?.last_value).toBe('offline');
  });

  it('is offline when the last availability message says offline (a retained Last Will)', () => {
    const a = analyzeDevice([msg('tele/plug/LWT', 'Offline', T0 + 100, { retain: true })], WINDOW);
    expect(a.availability).toEqual([
      { at: '2024-05-01T12:00:00.100Z', topic: 'tele/plug/LWT', state: 'offline', retained: true },
    ]);
    expect(a.health.verdict).toBe('offline');
    expect(a.health.reasons[0]).toMatch(/tele\/plug\/LWT .*retained.*says offline/);
  });

  it('is silent when only retained messages arrived', () => {
    const a = analyzeDevice([msg('dev/x/temp', 21, T0, { retain: true })], WINDOW);
    expect(a.health.verdict).toBe('silent');
    expect(a.health.reasons[0]).toMatch(/only 1 retained message/);
  });

  it('is degraded, not offline, when live traffic follows an offline message', () => {
    const a = analyzeDevice(
      [msg('dev/x/LWT', 'Offline', T0, { retain: true }), ...telemetry(0, 55, 5)],
      WINDOW,
    );
    expect(a.last_known_state).toBe('offline');
    expect(a.health.verdict).toBe('degraded');
    expect(a.health.reasons.join(' ')).toMatch(/12 live messages arrived after it/);
  });

  it('is degraded by error messages and lists them, errors before warnings', () => {
    const messages = [...telemetry(0, 55, 5)];
    for (let i = 0; i < 25; i++) messages.push(msg('dev/plug1/log', 'Warning: hot', T0 + 100 + i));
    messages.push(
      msg('dev/plug1/telemetry', { power: 0, state: 'ON', error: 'relay stuck' }, T0 + 57_000),
    );
    const a = analyzeDevice(messages, WINDOW);
    expect(a.error_count).toBe(1);
    expect(a.warning_count).toBe(25);
    expect(a.errors).toHaveLength(20);
    expect(a.errors.filter((e) => e.severity === 'error')).toHaveLength(1);
    expect(a.errors[19]).toMatchObject({ severity: 'error', topic: 'dev/plug1/telemetry' });
    expect(a.health.verdict).toBe('degraded');
    expect(a.health.reasons[0]).toBe('1 error message and 25 warning messages arrived');
  });

  it('is degraded by heartbeat gaps', () => {
    const messages = [...telemetry(0, 20, 5), ...telemetry(40, 55, 5)];
    const a = analyzeDevice(messages, WINDOW);
    expect(a.heartbeat.gaps).toEqual([
      { from: '2024-05-01T12:00:20.000Z', to: '2024-05-01T12:00:40.000Z', seconds: 20 },
    ]);
    expect(a.health.verdict).toBe('degraded');
    expect(a.health.reasons.join(' ')).toMatch(/1 gap in the heartbeat on dev\/plug1\/telemetry/);
  });

  it('is degraded when the heartbeat is overdue', () => {
    const a = analyzeDevice(telemetry(0, 30, 5), WINDOW);
    expect(a.heartbeat.overdue).toBe(true);
    expect(a.health.verdict).toBe('degraded');
    expect(a.health.reasons.join(' ')).toMatch(
      /nothing on dev\/plug1\/telemetry for the last 30 s/,
    );
  });

  it('reports state changes', () => {
    const a = analyzeDevice(
      [msg('dev/p', { state: 'ON' }, T0 + 1000), msg('dev/p', { state: 'OFF' }, T0 + 2000)],
      WINDOW,
    );
    expect(a.state_changes).toEqual([
      { at: '2024-05-01T12:00:02.000Z', topic: 'dev/p', field: 'state', from: 'ON', to: 'OFF' },
    ]);
    expect(a.state_changes_total).toBe(1);
  });

  it('counts the rate over at least one second and ignores retained messages', () => {
    const a = analyzeDevice(
      [msg('d/x', 1, T0), msg('d/x', 2, T0), msg('d/y', 3, T0, { retain: true })],
      { startMs: T0, endMs: T0 },
    );
    expect(a.message_rate_per_minute).toBe(120);
  });
});
