// Unit tests of the schema-drift detector: the one sibling with a string speed, a missing field or nulls.
import { describe, expect, it } from 'vitest';
import { every, run } from '../../../test/fixtures/observations';
import { onlyFinding } from '../../../test/fixtures/only-finding';
import { detectSchemaDrift } from './schema-drift';

const MACHINES = ['m1', 'm2', 'm3', 'm4', 'm5'];

describe('detectSchemaDrift', () => {
  it('names the machine whose speed became a string', () => {
    const obs = MACHINES.flatMap((m) =>
      every(`factory/${m}/telemetry`, 4, 1000, (i) => ({
        speed: m === 'm3' ? String(1450 + i) : 1450 + i,
        temp: 40,
      })),
    );
    const f = onlyFinding(detectSchemaDrift, obs);
    expect(f.kind).toBe('schema_drift');
    expect(f.subject).toEqual({ topic: 'factory/m3/telemetry', device: 'm3' });
    expect(f.evidence.pattern).toBe('factory/+/telemetry');
    expect(f.evidence.fields).toEqual(['speed']);
    expect(f.summary).toMatch(
      /sends "speed" as a string \("1450"\) while its 4 siblings .* send a number/,
    );
  });

  it("groups rooms by the caller's + level and names a missing field and a null", () => {
    const rooms = ['kitchen', 'hall', 'office', 'bath', 'den', 'loft'];
    const obs = rooms.flatMap((room) =>
      every(`home/${room}/climate`, 3, 1000, (i) => {
        if (room === 'hall') return { t: 20 + i };
        return { t: 20 + i, h: room === 'office' ? null : 40 };
      }),
    );
    const findings = run(detectSchemaDrift, obs, { filter: 'home/+/climate' });
    expect(findings.map((f) => [f.subject.device, f.evidence.issues]).sort()).toEqual([
      ['hall', ['h: missing (absent vs present)']],
      ['office', ['h: null (null vs number)']],
    ]);
  });

  it('finds nothing among identical siblings or optional fields', () => {
    const obs = MACHINES.flatMap((m, k) =>
      every(`factory/${m}/telemetry`, 10, 1000, (i) => ({
        speed: 1450 + i,
        ...(i === k ? { rssi: -60 } : {}),
      })),
    );
    expect(run(detectSchemaDrift, obs)).toEqual([]);
  });
});
