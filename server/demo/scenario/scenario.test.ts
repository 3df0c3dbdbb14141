// Unit test of the fault scenario through the findings engine, on virtual time: every planted fault is named, no healthy control is.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DiagnosisEngine } from '../../diagnosis/engine';
import type { Finding } from '../../diagnosis/finding';
import type { Observation } from '../../diagnosis/observation';
import { decodePayload } from '../../mqtt/payload';
import { FaultScenario, TICKS_TO_SEE_ALL, type ScenarioClient } from './scenario';

/** Records what the scenario publishes, like a broker would: retained values and a live feed. */
class Recorder implements ScenarioClient {
  readonly retained = new Map<string, Buffer>();
  readonly live: Array<{ topic: string; payload: Buffer; atMs: number }> = [];
  publish(topic: string, message: string | Buffer, opts: { retain: boolean }) {
    const payload = Buffer.from(message);
    if (opts.retain) {
      if (payload.length === 0) this.retained.delete(topic);
      else this.retained.set(topic, payload);
    }
    this.live.push({ topic, payload, atMs: Date.now() });
    return undefined;
  }
}

function observation(topic: string, payload: Buffer, atMs: number, retain: boolean): Observation {
  const d = decodePayload(payload);
  return {
    topic,
    atMs,
    retain,
    format: d.payload_format,
    payload: d.payload,
    sizeBytes: d.size_bytes,
  };
}

/** Runs the scenario on virtual time and diagnoses a window that starts after `warmTicks`. */
function diagnose(
  seed: number,
  tickMs: number,
  warmTicks: number,
): { findings: Finding[]; scenario: FaultScenario } {
  const client = new Recorder();
  const scenario = new FaultScenario(client, { seed, tickMs }).start();
  vi.advanceTimersByTime(warmTicks * tickMs);
  const startMs = Date.now();
  const engine = new DiagnosisEngine({ startMs, filter: '#' });
  // Subscribing replays the retained values first, as state at t=0.
  for (const [topic, payload] of client.retained)
    engine.observe(observation(topic, payload, startMs, true));
  const from = client.live.length;
  vi.advanceTimersByTime(TICKS_TO_SEE_ALL * tickMs);
  for (const m of client.live.slice(from))
    engine.observe(observation(m.topic, m.payload, m.atMs, false));
  scenario.stop();
  return { findings: engine.findings(Date.now()), scenario };
}

describe('FaultScenario', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse('2024-05-01T12:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  // SCENARIO_SWEEP=1 runs 60 seeds, paces and window starts instead of three.
  it.each(
    process.env.SCENARIO_SWEEP
      ? Array.from({ length: 60 }, (_, i) => [i + 100, [100, 250, 500][i % 3] as number, i % 20])
      : [
          [1, 250, 0],
          [7, 1000, 13],
          [42, 100, 6],
        ],
  )(
    'seed %i, %i ms ticks, window after %i ticks: each fault named on its device and topic, no healthy control named',
    (seed, tickMs, warm) => {
      const { findings, scenario } = diagnose(seed, tickMs, warm);
      for (const fault of scenario.faults) {
        const match = findings.find(
          (f) => f.kind === fault.kind && f.subject.device === fault.device,
        );
        expect(match, `${fault.name} (${fault.kind} on ${fault.device})`).toBeDefined();
        expect(match?.subject.topic).toBe(fault.topic);
      }
      const healthy = new Set(scenario.healthy);
      expect(findings.filter((f) => healthy.has(f.subject.device ?? ''))).toEqual([]);
      expect(findings).toHaveLength(scenario.faults.length);
    },
  );

  it('lists every fault class the issue asks for', () => {
    const scenario = new FaultScenario(new Recorder());
    expect(new Set(scenario.faults.map((f) => f.kind))).toEqual(
      new Set([
        'flapping',
        'client_id_takeover',
        'offline',
        'retained_command',
        'frozen_value',
        'outlier',
        'sensor_error_value',
        'schema_drift',
        'clock_skew',
        'backlog_replay',
        'sequence_gap',
        'mixed_formats',
        'stale_retained',
        'missed_heartbeat',
      ]),
    );
    expect(scenario.faults.every((f) => f.topic.startsWith('plant/'))).toBe(true);
  });
});
