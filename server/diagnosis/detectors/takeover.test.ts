// Unit tests of the client-id takeover detector: Last Will and birth in the same instant, repeatedly.
import { describe, expect, it } from 'vitest';
import { ob, run, T0 } from '../../../test/fixtures/observations';
import { onlyFinding } from '../../../test/fixtures/only-finding';
import { detectTakeover } from './takeover';

describe('detectTakeover', () => {
  it('names two clients kicking each other off (offline then online within ms, repeatedly)', () => {
    const obs = [0, 1000, 2000, 3000].flatMap((t) => [
      ob('plant/meter-2/status', 'offline', T0 + t),
      ob('plant/meter-2/status', 'online', T0 + t + 12),
    ]);
    const f = onlyFinding(detectTakeover, obs);
    expect(f.kind).toBe('client_id_takeover');
    expect(f.severity).toBe('critical');
    expect(f.subject.device).toBe('meter-2');
    expect(f.evidence.same_instant_flips).toBeGreaterThanOrEqual(4);
  });

  it('also sees the birth arriving before the Last Will', () => {
    const obs = [0, 1000, 2000].flatMap((t) => [
      ob('plant/meter-2/status', 'online', T0 + t),
      ob('plant/meter-2/status', 'offline', T0 + t + 5),
    ]);
    expect(run(detectTakeover, obs)[0]?.kind).toBe('client_id_takeover');
  });

  it('does not call slow reconnects or a retained replay followed by a birth a takeover', () => {
    const slow = [0, 5000, 10_000].flatMap((t) => [
      ob('plant/meter-3/status', 'offline', T0 + t),
      ob('plant/meter-3/status', 'online', T0 + t + 2000),
    ]);
    expect(run(detectTakeover, slow)).toEqual([]);
    const replay = [
      ob('plant/meter-4/status', 'offline', T0, { retain: true }),
      ob('plant/meter-4/status', 'online', T0 + 5),
    ];
    expect(run(detectTakeover, replay)).toEqual([]);
  });
});
