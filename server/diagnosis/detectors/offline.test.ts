// Unit tests of the offline detector: real offline time, retained Last Wills, contradictions, healthy devices.
import { describe, expect, it } from 'vitest';
import { every, ob, run, T0 } from '../../../test/fixtures/observations';
import { onlyFinding } from '../../../test/fixtures/only-finding';
import { detectOffline } from './offline';

describe('detectOffline', () => {
  it('names an offline device with the time from its payload, not the replay time', () => {
    const wentAway = T0 - 7 * 60_000;
    const f = onlyFinding(detectOffline, [
      ob('plant/plug-7/status', { state: 'offline', ts: new Date(wentAway).toISOString() }, T0, {
        retain: true,
      }),
      ob('plant/plug-7/power', { w: 12 }, T0, { retain: true }),
    ]);
    expect(f.kind).toBe('offline');
    expect(f.severity).toBe('critical');
    expect(f.subject).toEqual({ topic: 'plant/plug-7/status', device: 'plug-7' });
    expect(f.evidence.offline_since).toBe(new Date(wentAway).toISOString());
    expect(f.evidence.since_source).toBe('payload_time');
    expect(f.summary).toMatch(/plug-7 is offline since .* \(7 min ago\)/);
  });

  it('says the age is unknown for a plain retained Last Will', () => {
    const [f] = run(detectOffline, [ob('plant/plug-7/status', 'offline', T0, { retain: true })]);
    expect(f?.evidence.since_source).toBe('unknown');
    expect(f?.evidence.offline_since).toBeNull();
    expect(f?.summary).toMatch(/before the window began/);
  });

  it('uses the receive time of a live Last Will', () => {
    const [f] = run(detectOffline, [
      ...every('plant/plug-7/power', 5, 1000, (i) => ({ w: i })),
      ob('plant/plug-7/status', 'offline', T0 + 5000),
    ]);
    expect(f?.kind).toBe('offline');
    expect(f?.evidence.offline_since).toBe(new Date(T0 + 5000).toISOString());
  });

  it('calls a status contradicted when the device keeps publishing after offline', () => {
    const [f, ...rest] = run(detectOffline, [
      ob('plant/plug-7/status', 'offline', T0, { retain: true }),
      ...every('plant/plug-7/power', 5, 1000, (i) => ({ w: i }), T0 + 2000),
    ]);
    expect(rest).toEqual([]);
    expect(f?.kind).toBe('availability_contradicted');
    expect(f?.evidence.live_topics_after).toBe(1);
  });

  it('finds nothing on a device with a retained online and a steady heartbeat', () => {
    expect(
      run(detectOffline, [
        ob('plant/plug-8/status', 'online', T0, { retain: true }),
        ...every('plant/plug-8/power', 10, 1000, (i) => ({ w: i })),
      ]),
    ).toEqual([]);
  });

  it('leaves flapping devices to the flapping detector', () => {
    const flips = ['offline', 'online', 'offline', 'online', 'offline'];
    const obs = flips.map((s, i) => ob('plant/plug-9/status', s, T0 + i * 3000));
    expect(run(detectOffline, obs)).toEqual([]);
  });
});
