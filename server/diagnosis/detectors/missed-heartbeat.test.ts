// Unit tests of heartbeat inference: missed beats against the period, overdue; bursts and LWT ignored.
import { describe, expect, it } from 'vitest';
import { every, ob, run, T0 } from '../../../test/fixtures/observations';
import { detectMissedHeartbeat } from './missed-heartbeat';

function beats(topic: string, seconds: number[]) {
  return seconds.map((s) => ob(topic, { up: s }, T0 + s * 1000));
}

describe('detectMissedHeartbeat', () => {
  it('counts beats missed in gaps against the inferred period', () => {
    const [f] = run(
      detectMissedHeartbeat,
      beats('site/pump-2/hb', [0, 5, 10, 15, 30, 35, 40, 45, 50, 65, 70]),
      {
        endMs: T0 + 72_000,
      },
    );
    expect(f?.kind).toBe('missed_heartbeat');
    expect(f?.evidence).toMatchObject({
      period_seconds: 5,
      missed_beats: 4,
      gaps: 2,
      overdue: false,
    });
  });

  it('counts an overdue silence at the end', () => {
    const [f] = run(detectMissedHeartbeat, beats('site/pump-2/hb', [0, 5, 10, 15, 20, 25]), {
      endMs: T0 + 43_000,
    });
    expect(f?.evidence).toMatchObject({ overdue: true, missed_beats: 3 });
  });

  it('merges bursts and ignores availability topics and steady heartbeats', () => {
    const burst = [0, 5, 10, 15, 20, 25, 30].flatMap((s) => [
      ob('site/pump-3/state', { a: 1 }, T0 + s * 1000),
      ob('site/pump-3/state', { b: 2 }, T0 + s * 1000 + 10),
    ]);
    const lwt = [0, 1, 2, 3, 4, 5, 6, 7].flatMap((s) => [
      ob('site/pump-4/status', 'offline', T0 + s * 1000),
      ob('site/pump-4/status', 'online', T0 + s * 1000 + 12),
      ...(s === 3 ? [] : []),
    ]);
    expect(
      run(
        detectMissedHeartbeat,
        [
          ...burst,
          ...lwt,
          ob('site/pump-5/status', 'online', T0, { retain: true }),
          ...every('site/pump-5/hb', 12, 2000, (i) => ({ i })),
        ],
        { endMs: T0 + 24_000 },
      ),
    ).toEqual([]);
  });

  it('ignores irregular (event-driven) topics', () => {
    expect(
      run(detectMissedHeartbeat, beats('site/door-1/contact', [0, 1, 7, 8, 30, 31, 60, 90])),
    ).toEqual([]);
  });
});

describe('detectMissedHeartbeat on many topics', () => {
  it('reports topics that fell silent together as one finding', () => {
    const obs = Array.from({ length: 8 }, (_, d) =>
      every(`site/area/dev-${d}/telemetry`, 10, 1000, (i) => ({ i }), T0 + d * 10),
    ).flat();
    const findings = run(
      detectMissedHeartbeat,
      [...obs, ...beats('site/pump-9/hb', [0, 5, 10, 15, 30, 35, 40])],
      {
        endMs: T0 + 40_000,
      },
    );
    expect(findings.map((f) => [f.kind, f.subject.topic])).toEqual([
      ['went_silent', 'site/area/#'],
      ['missed_heartbeat', 'site/pump-9/hb'],
    ]);
    expect(findings[0]?.evidence.topics).toBe(8);
    expect(findings[0]?.severity).toBe('critical');
  });
});
