// Unit tests of the recorder's diagnosis: findings per window, kept once per episode, retained state carried over.
import { describe, expect, it } from 'vitest';
import { ob, T0 } from '../../test/fixtures/observations';
import type { Observation } from '../diagnosis/observation';
import { FindingsRecorder } from './record-findings';

/** A received message carrying an observation (as a session hands it over). */
const received = (o: Observation) => ({
  topic: o.topic,
  receivedAtMs: o.atMs,
  retain: o.retain,
  decoded: { payload_format: o.format, payload: o.payload, size_bytes: o.sizeBytes },
});

const STATES = ['offline', 'online', 'offline', 'online', 'offline', 'online', 'offline', 'online'];

/** plug-1 flapping and plug-2 steady from `startMs`, 1 s apart. */
function feed(r: FindingsRecorder, startMs: number, flapping: boolean): void {
  STATES.forEach((state, i) => {
    const at = startMs + i * 1000;
    if (flapping) r.observe(received(ob('home/plug-1/status', state, at)), false);
    r.observe(received(ob('home/plug-2/power', { watts: 10 + (i % 3) }, at)), false);
  });
}

describe('FindingsRecorder', () => {
  it('keeps a flapping device once per episode and again when it flaps after a quiet window', () => {
    const r = new FindingsRecorder('#', 100, T0);
    r.observe(received(ob('home/plug-1/status', 'online', T0, { retain: true })), true);
    feed(r, T0 + 100, true);
    const first = r.closeWindow(T0 + 8000);
    expect(first.map((f) => [f.kind, f.subject.device])).toEqual([['flapping', 'plug-1']]);
    expect(first[0]).toMatchObject({
      atMs: T0 + 8000,
      evidence: {
        drops: 4,
        window_from: new Date(T0).toISOString(),
        window_to: new Date(T0 + 8000).toISOString(),
      },
    });
    feed(r, T0 + 8100, true);
    expect(r.closeWindow(T0 + 16_000)).toEqual([]);
    feed(r, T0 + 16_100, false);
    expect(r.closeWindow(T0 + 24_000)).toEqual([]);
    feed(r, T0 + 24_100, true);
    expect(r.closeWindow(T0 + 32_000).map((f) => f.kind)).toEqual(['flapping']);
  });

  it('carries a retained command into every window, so it is one episode', () => {
    const r = new FindingsRecorder('#', 100, T0);
    r.observe(received(ob('home/door/set', 'OPEN', T0, { retain: true })), true);
    expect(r.closeWindow(T0 + 8000).map((f) => f.kind)).toEqual(['retained_command']);
    expect(r.closeWindow(T0 + 16_000)).toEqual([]);
    r.observe(
      received(ob('home/door/set', '', T0 + 25_000, { retain: true, sizeBytes: 0 })),
      false,
    );
    expect(r.closeWindow(T0 + 30_000)).toEqual([]);
    expect(r.closeWindow(T0 + 40_000)).toEqual([]);
    r.observe(received(ob('home/door/set', 'OPEN', T0 + 41_000, { retain: true })), false);
    // Set live, it is the retained state the next window starts from: a new episode.
    const again = [...r.closeWindow(T0 + 48_000), ...r.closeWindow(T0 + 56_000)];
    expect(again.map((f) => f.kind)).toEqual(['retained_command']);
  });
});
