// Unit tests of the findings engine: a healthy installation yields nothing; ranking, grouping, explaining, bounds.
import { describe, expect, it } from 'vitest';
import { DiagnosisEngine } from './engine';
import type { Observation } from './observation';
import { every, ob, T0, wave } from '../../test/fixtures/observations';

function engineOf(observations: Observation[], filter?: string): DiagnosisEngine {
  const engine = new DiagnosisEngine({ startMs: T0, filter });
  for (const o of [...observations].sort((a, b) => a.atMs - b.atMs)) engine.observe(o);
  return engine;
}

/** A healthy little installation: 30 s of rooms, a thermostat, a door, a meter, retained configs. */
function healthy(): Observation[] {
  const rooms = ['kitchen', 'garage', 'attic', 'hall'];
  return [
    ...rooms.flatMap((room, r) =>
      every(`home/${room}/temperature`, 15, 2000, (i) => ({
        value: wave(19 + r, i + r),
        unit: '°C',
        battery: 90 - r,
        ts: new Date(T0 + i * 2000).toISOString(),
      })),
    ),
    ob('home/thermostat-01/status', 'online', T0, { retain: true }),
    ob('home/thermostat-01/state', { setpoint: 21, mode: 'heat' }, T0, { retain: true }),
    ...every('home/thermostat-01/heartbeat', 6, 5000, (i) => ({
      seq: 200 + i,
      uptime_s: 900 + i * 5,
    })),
    ob('home/door/front', 'closed', T0, { retain: true }),
    ob('home/door/front', 'open', T0 + 11_000),
    ob('home/door/front', 'closed', T0 + 19_000),
    ...every('home/power/meter/watts', 30, 1000, (i) => Math.round(350 + 40 * Math.sin(i / 3))),
    ob('homeassistant/sensor/kitchen_temp/config', { name: 'Kitchen' }, T0, { retain: true }),
    ob('home/light-2/set', 'ON', T0 + 4000),
  ];
}

describe('DiagnosisEngine', () => {
  it('finds nothing on a healthy installation', () => {
    const engine = engineOf(healthy());
    expect(engine.findings(T0 + 30_500)).toEqual([]);
    const report = engine.report(T0 + 30_500);
    expect(report.findings_total).toBe(0);
    expect(report.devices).toEqual([]);
    expect(report.healthy).toMatch(
      /^(\d+) of \1 device\(s\) and 11 of 11 topic\(s\) show no finding/,
    );
  });

  it('ranks findings worst first and groups them by device', () => {
    const flips = ['offline', 'online', 'offline', 'online', 'offline', 'online'];
    const engine = engineOf([
      ...healthy(),
      ...flips.map((s, i) => ob('home/plug-3/status', s, T0 + 2000 + i * 3000)),
      ob('home/garage-door/set', 'OPEN', T0, { retain: true }),
      ob('home/plug-9/status', 'offline', T0, { retain: true }),
    ]);
    const report = engine.report(T0 + 30_500);
    expect(report.by_severity).toEqual({ critical: 1, warning: 2, info: 0 });
    expect(report.devices.map((d) => [d.device, d.worst, d.findings.map((f) => f.kind)])).toEqual([
      ['plug-9', 'critical', ['offline']],
      ['garage-door', 'warning', ['retained_command']],
      ['plug-3', 'warning', ['flapping']],
    ]);
    expect(report.by_kind).toEqual({ offline: 1, retained_command: 1, flapping: 1 });
    expect(report.healthy).toMatch(/show no finding/);
  });

  it('lets an availability finding explain the same device missing beats', () => {
    const engine = engineOf([
      ...every('home/plug-3/power', 10, 1000, (i) => ({ w: 10 + i })),
      ...every('home/plug-3/power', 10, 1000, (i) => ({ w: 10 + i }), T0 + 20_000),
      ...['offline', 'online', 'offline', 'online'].map((s, i) =>
        ob('home/plug-3/status', s, T0 + 10_000 + i * 3000),
      ),
    ]);
    expect(engine.findings(T0 + 30_000).map((f) => f.kind)).toEqual(['flapping']);
  });

  it('lists at most maxFindings and counts the rest', () => {
    const topics = Array.from({ length: 12 }, (_, i) => `cmnd/plug-${i}/POWER`);
    const engine = engineOf(topics.map((t) => ob(t, 'ON', T0, { retain: true })));
    const report = engine.report(T0 + 1000, { maxFindings: 5 });
    expect(report.findings_total).toBe(12);
    expect(report.devices.flatMap((d) => d.findings)).toHaveLength(5);
    expect(report.findings_not_listed).toBe(7);
  });

  it('keeps memory per topic bounded however many messages arrive', () => {
    const engine = new DiagnosisEngine({ startMs: T0, maxTopics: 3 });
    for (let i = 0; i < 20_000; i++) {
      engine.observe(ob(`t/dev-${i % 4}/x`, { v: i % 97, seq: i, ts: T0 + i }, T0 + i));
    }
    const w = engine.window(T0 + 20_000);
    expect(w.tracks.size).toBe(3);
    expect(engine.untrackedMessages).toBe(5000);
    for (const track of w.tracks.values()) {
      expect(track.arrivals.times.length).toBeLessThanOrEqual(128);
      expect(track.time.skews.length).toBeLessThanOrEqual(48);
      for (const field of track.fields.values()) expect(field.ring.length).toBeLessThanOrEqual(48);
    }
  });
});
