// Unit tests of the flapping detector: repeated drops and recoveries, but not one reboot or a takeover.
import { describe, expect, it } from 'vitest';
import { ob, run, T0 } from '../../../test/fixtures/observations';
import { onlyFinding } from '../../../test/fixtures/only-finding';
import { detectFlapping } from './flapping';

function flips(topic: string, states: string[], stepMs: number, startMs = T0) {
  return states.map((s, i) => ob(topic, s, startMs + i * stepMs));
}

describe('detectFlapping', () => {
  it('names a device that drops and comes back every few seconds', () => {
    const states = ['online', 'offline', 'online', 'offline', 'online', 'offline', 'online'];
    const f = onlyFinding(detectFlapping, [
      ob('plant/plug-3/status', 'online', T0 - 1, { retain: true }),
      ...flips('plant/plug-3/status', states, 3000),
      ...flips('plant/plug-4/status', ['online'], 3000),
    ]);
    expect(f.kind).toBe('flapping');
    expect(f.subject.device).toBe('plug-3');
    expect(f.evidence.drops).toBe(3);
    expect(f.evidence.recoveries).toBe(3);
    expect(f.evidence.mean_offline_seconds).toBe(3);
    expect(f.evidence.last_state).toBe('online');
  });

  it('says when the device is offline at the end', () => {
    const [f] = run(
      detectFlapping,
      flips('p/plug-3/status', ['offline', 'online', 'offline', 'online', 'offline'], 2000),
    );
    expect(f?.summary).toMatch(/offline now/);
  });

  it('does not call a single reboot flapping', () => {
    expect(
      run(detectFlapping, flips('p/plug-3/status', ['online', 'offline', 'online'], 5000)),
    ).toEqual([]);
  });

  it('leaves same-instant pairs (a takeover) to the takeover detector', () => {
    const obs = [0, 1000, 2000, 3000].flatMap((t) => [
      ob('p/plug-3/status', 'offline', T0 + t),
      ob('p/plug-3/status', 'online', T0 + t + 10),
    ]);
    expect(run(detectFlapping, obs)).toEqual([]);
  });
});
