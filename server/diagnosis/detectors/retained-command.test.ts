// Unit tests of the retained-command detector: /set, cmnd/, /command topics with a retained value.
import { describe, expect, it } from 'vitest';
import { ob, run, T0 } from '../../../test/fixtures/observations';
import { detectRetainedCommand } from './retained-command';

describe('detectRetainedCommand', () => {
  it.each([
    'home/garage-door/set',
    'cmnd/plug-5/POWER',
    'factory/m1/command',
    'zigbee2mqtt/valve-2/set/state',
    'plc/line1/write',
    'home/hvac/set_mode',
  ])('names a retained command on %s', (topic) => {
    const [f] = run(detectRetainedCommand, [ob(topic, 'OPEN', T0, { retain: true })]);
    expect(f?.kind).toBe('retained_command');
    expect(f?.subject.topic).toBe(topic);
    expect(f?.evidence.command).toBe('OPEN');
    expect(f?.summary).toMatch(/runs it again each time it reconnects/);
  });

  it('ignores live commands, retained state topics and deleted (empty) retained values', () => {
    expect(
      run(detectRetainedCommand, [
        ob('home/garage-door/set', 'OPEN', T0),
        ob('home/garage-door/state', 'open', T0, { retain: true }),
        ob('home/lamp/set', '', T0, { retain: true }),
        ob('home/settings/colour', 'blue', T0, { retain: true }),
      ]),
    ).toEqual([]);
  });
});
