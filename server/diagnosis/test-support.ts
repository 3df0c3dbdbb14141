// Builders of observation sequences and windows for the diagnosis unit tests.
import { DiagnosisEngine } from './engine';
import type { Finding } from './finding';
import type { Observation } from './observation';
import type { Detector, DiagnosisOptions, DiagnosisWindow } from './window';

/** Start of the test timeline: 2024-05-01T12:00:00.000Z. */
export const T0 = Date.parse('2024-05-01T12:00:00.000Z');

/** An observation; strings are text, Uint8Arrays binary, anything else JSON. */
export function ob(
  topic: string,
  payload: unknown,
  atMs: number,
  extra: Partial<Observation> = {},
): Observation {
  const binary = payload instanceof Uint8Array;
  const format = binary ? 'binary' : typeof payload === 'string' ? 'text' : 'json';
  const text = binary
    ? Buffer.from(payload).toString('base64')
    : typeof payload === 'string'
      ? payload
      : JSON.stringify(payload);
  return {
    topic,
    atMs,
    retain: false,
    format,
    payload: binary ? text : payload,
    sizeBytes: binary ? payload.length : Buffer.byteLength(text ?? ''),
    ...extra,
  };
}

/** `count` observations on a topic every `periodMs` from `startMs`, payloads from `make(i)`. */
export function every(
  topic: string,
  count: number,
  periodMs: number,
  make: (i: number) => unknown,
  startMs = T0,
): Observation[] {
  return Array.from({ length: count }, (_, i) => ob(topic, make(i), startMs + i * periodMs));
}

/** The window of observations fed in time order (start T0, end: last observation + 1 s). */
export function windowOf(
  observations: Observation[],
  options: DiagnosisOptions & { endMs?: number } = {},
): DiagnosisWindow {
  const engine = new DiagnosisEngine({ ...options, startMs: T0 });
  const sorted = [...observations].sort((a, b) => a.atMs - b.atMs);
  for (const o of sorted) engine.observe(o);
  return engine.window(options.endMs ?? (sorted.at(-1)?.atMs ?? T0) + 1000);
}

/** Runs one detector over observations. */
export function run(
  detector: Detector,
  observations: Observation[],
  options: DiagnosisOptions & { endMs?: number } = {},
): Finding[] {
  return detector(windowOf(observations, options));
}

/** A slowly varying reading: base + a small wave, different for each i. */
export function wave(base: number, i: number, amplitude = 0.5): number {
  return Math.round((base + amplitude * Math.sin(i * 0.9) + 0.05 * (i % 3)) * 100) / 100;
}
