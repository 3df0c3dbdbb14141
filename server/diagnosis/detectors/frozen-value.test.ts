// Unit tests of the frozen-value detector: stuck among varying siblings, or after varying; not door contacts.
import { describe, expect, it } from 'vitest';
import { every, run, wave } from '../../../test/fixtures/observations';
import { onlyFinding } from '../../../test/fixtures/only-finding';
import { detectFrozenValue } from './frozen-value';

const ROOMS = ['kitchen', 'garage', 'attic', 'cellar'];

describe('detectFrozenValue', () => {
  it('names the one sensor stuck at a value while its siblings vary', () => {
    const obs = ROOMS.flatMap((room, r) =>
      every(`home/${room}/temperature`, 12, 1000, (i) => ({
        value: room === 'attic' ? 19.5 : wave(20 + r, i),
        battery: 90,
      })),
    );
    const f = onlyFinding(detectFrozenValue, obs);
    expect(f.kind).toBe('frozen_value');
    expect(f.subject).toEqual({ topic: 'home/attic/temperature', device: 'attic' });
    expect(f.evidence.fields).toEqual(['value']);
    expect(f.evidence.value).toBe(19.5);
    expect(f.evidence.varying_siblings).toBe(3);
  });

  it('names a value that stopped changing after varying', () => {
    const obs = every('lab/probe-1/ph', 30, 1000, (i) => (i < 10 ? wave(7, i) : 7.01));
    const [f] = run(detectFrozenValue, obs);
    expect(f?.kind).toBe('frozen_value');
    expect(f?.evidence.samples).toBe(20);
    expect(f?.summary).toMatch(/after changing regularly before/);
  });

  it('does not call door contacts frozen when their siblings do not vary either', () => {
    const obs = ['front', 'back', 'side'].flatMap((door, d) =>
      every(`home/door/${door}-${d + 1}`, 15, 1000, (i) => ({
        contact: door === 'back' && i === 7 ? 1 : 0,
      })),
    );
    expect(run(detectFrozenValue, obs)).toEqual([]);
  });

  it('does not call a steady setpoint frozen without siblings', () => {
    expect(
      run(
        detectFrozenValue,
        every('home/thermostat/state', 20, 1000, () => ({ setpoint: 21 })),
      ),
    ).toEqual([]);
  });

  it('needs enough samples', () => {
    const obs = ROOMS.flatMap((room, r) =>
      every(`home/${room}/temperature`, 6, 1000, (i) => ({
        value: room === 'attic' ? 19.5 : wave(20 + r, i),
      })),
    );
    expect(run(detectFrozenValue, obs)).toEqual([]);
  });
});
