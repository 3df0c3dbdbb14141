// Integration tests of mqtt_diagnose (and mqtt_debug_device on the same planted installation) against a real Mosquitto.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { callErr, callOk } from '../../test/core-harness';
import { mosquittoAvailable } from '../../test/mosquitto';
import { letters, sleep, toolFixture } from '../../test/tool-fixture';
import { FaultScenario, TICKS_TO_SEE_ALL } from '../demo/scenario/scenario';
import type { debugDevice } from './debug-device';
import type { diagnose } from './diagnose';

type Output = z.output<typeof diagnose.output>;
type DeviceOutput = z.output<typeof debugDevice.output>;

const TOOL = 'mqtt_diagnose';
const TICK_MS = 300;

describe.skipIf(!mosquittoAvailable())('mqtt_diagnose', () => {
  const f = toolFixture(TOOL);
  let scenario: FaultScenario;

  beforeAll(async () => {
    scenario = new FaultScenario(f.publisher, { prefix: letters(), tickMs: TICK_MS, seed: 3 });
    scenario.start();
    await sleep(2 * TICK_MS);
  });
  afterAll(() => scenario?.stop());

  /** Runs mqtt_debug_device on the fixture's session: its result, and how long the call took. */
  async function timedDebugDevice(deviceId: string, seconds: number) {
    const started = Date.now();
    const out = await callOk<DeviceOutput>(f.core, 'mqtt_debug_device', {
      session_id: f.sessionId,
      device_id: deviceId,
      duration_seconds: seconds,
    });
    return { out, ms: Date.now() - started };
  }

  it('names every planted fault on its device and topic, and nothing on the healthy controls', async () => {
    const out = await callOk<Output>(f.core, TOOL, {
      session_id: f.sessionId,
      topic_pattern: `${scenario.prefix}/#`,
      duration_seconds: (TICKS_TO_SEE_ALL * TICK_MS) / 1000 + 0.5,
      max_findings: 50,
    });
    const findings = out.devices.flatMap((d) => d.findings);
    for (const fault of scenario.faults) {
      const match = findings.find(
        (x) => x.kind === fault.kind && x.subject.device === fault.device,
      );
      expect(match, `${fault.name}: ${fault.kind} on ${fault.device}`).toBeDefined();
      expect(match?.subject.topic).toBe(fault.topic);
      expect(match?.summary.length).toBeGreaterThan(20);
      expect(match?.suggestion.length).toBeGreaterThan(20);
    }
    const healthy = new Set(scenario.healthy);
    expect(findings.filter((x) => healthy.has(x.subject.device ?? ''))).toEqual([]);
    expect(out.findings_total).toBe(scenario.faults.length);
    expect(out.by_severity.critical).toBe(2);
    expect(out.devices[0]?.worst).toBe('critical');
    expect(out.retained_count).toBeGreaterThanOrEqual(8);
    expect(out.healthy).toMatch(/show no finding/);
    expect(out.stop_reason).toBe('duration');
  });

  it('keeps its default result small: the top findings and counts of the rest', async () => {
    const out = await callOk<Output>(f.core, TOOL, {
      session_id: f.sessionId,
      topic_pattern: `${scenario.prefix}/#`,
      duration_seconds: 2,
    });
    expect(out.devices.flatMap((d) => d.findings)).toHaveLength(8);
    expect(out.findings_not_listed).toBe(out.findings_total - 8);
    expect(JSON.stringify(out).length).toBeLessThan(8192);
  });

  it('stops at the first findings when asked, and lists at most max_findings', async () => {
    const started = Date.now();
    const out = await callOk<Output>(f.core, TOOL, {
      session_id: f.sessionId,
      topic_pattern: `${scenario.prefix}/#`,
      duration_seconds: 30,
      until: 'first_findings',
      max_findings: 3,
    });
    expect(Date.now() - started).toBeLessThan(6000);
    expect(out.stop_reason).toBe('first_findings');
    expect(out.devices.flatMap((d) => d.findings)).toHaveLength(3);
    expect(out.findings_not_listed).toBe(out.findings_total - 3);
    // The retained state decides these at once: the offline plug and the retained command.
    expect(out.by_kind.offline).toBe(1);
    expect(out.by_kind.retained_command).toBe(1);
  });

  it('mqtt_debug_device names each planted fault on its own device, and nothing on a healthy one', async () => {
    const debug = async (deviceId: string) =>
      (await timedDebugDevice(deviceId, (TICKS_TO_SEE_ALL * TICK_MS) / 1000 + 0.5)).out;
    // As an assistant would: list the topics first, so the session knows each device's siblings.
    await callOk(f.core, 'mqtt_list_topics', {
      session_id: f.sessionId,
      topic_pattern: `${scenario.prefix}/#`,
      duration_seconds: 1,
    });
    const healthy = scenario.healthy[0] ?? '';
    const devices = [...new Set(scenario.faults.map((x) => x.device))];
    const outs = await Promise.all([...devices, healthy].map(debug));
    const missed = scenario.faults
      .filter((fault) => {
        const out = outs[devices.indexOf(fault.device)];
        return !out?.findings.some((x) => x.kind === fault.kind);
      })
      .map((fault) => `${fault.kind} on ${fault.device}`);
    expect(missed).toEqual([]);
    for (const device of devices) {
      expect(outs[devices.indexOf(device)]?.health.verdict, device).not.toBe('healthy');
    }
    expect(outs.at(-1)?.findings).toEqual([]);
    expect(outs.at(-1)?.health.verdict).toBe('healthy');
  });

  it('mqtt_debug_device calls the flapping plug intermittent, neither healthy nor offline', async () => {
    const { out } = await timedDebugDevice('plug-3', (12 * TICK_MS) / 1000);
    expect(out.health.verdict).toBe('intermittent');
    const flapping = out.findings.find((x) => x.kind === 'flapping');
    expect(flapping?.subject.topic).toBe(`${scenario.prefix}/plugs/plug-3/status`);
    expect(out.health.reasons[0]).toMatch(/dropped offline \d+ time\(s\)/);
  });

  it('mqtt_debug_device stops early when the retained state says offline, with the real offline time', async () => {
    const { out, ms } = await timedDebugDevice('plug-7', 30);
    expect(ms).toBeLessThan(5000);
    expect(out.stop_reason).toBe('decided');
    expect(out.health.verdict).toBe('offline');
    expect(out.health.reasons[0]).toMatch(/plug-7 is offline since .* \(10 min ago\)/);
    expect(out.findings[0]?.evidence.since_source).toBe('payload_time');
    expect(out.explanation).toMatch(/verdict was decided/);
  });

  it('mqtt_debug_device suggests ids that look like a wrong one instead of a silent window', async () => {
    const { out, ms } = await timedDebugDevice('Plug_3', 30);
    expect(ms).toBeLessThan(6000);
    expect(out.stop_reason).toBe('no_match');
    expect(out.message_count).toBe(0);
    expect(out.candidates?.[0]?.device_id).toBe('plug-3');
    expect(out.explanation).toMatch(/did you mean plug-3/);
  });

  it('explains an empty window, returns what it has when cancelled, and rejects bad input', async () => {
    const empty = await callOk<Output>(f.core, TOOL, {
      session_id: f.sessionId,
      topic_pattern: `${letters()}/#`,
      duration_seconds: 1,
    });
    expect(empty.findings_total).toBe(0);
    expect(empty.explanation).toMatch(/nothing to diagnose/);

    const cancelled = await f.cancelled({ topic_pattern: `${letters()}/#`, duration_seconds: 30 });
    expect(cancelled.stop_reason).toBe('cancelled');

    const bad = await callErr(f.core, TOOL, { session_id: f.sessionId, topic_pattern: 'a/#/b' });
    expect(bad.code).toBe('INVALID_TOPIC');
    const extra = await callErr(f.core, TOOL, { session_id: f.sessionId, until: 'forever' });
    expect(extra.code).toBe('INVALID_INPUT');
    expect(extra.message).toMatch(/until/);
  });
});
