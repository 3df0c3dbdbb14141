// Unit tests of round-trip bookkeeping: probe payloads, matching by sequence, losses, pacing.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  decodeProbeSeq,
  encodeProbePayload,
  probeMessagesDue,
  RoundTripTracker,
} from './round-trip';

describe('probe payloads', () => {
  it('round-trips the sequence number of the same run', () => {
    const payload = encodeProbePayload('run1', 42, Date.parse('2024-05-01T12:00:00Z'));
    expect(JSON.parse(payload.toString())).toEqual({
      mqtt_mcp_probe: 'run1',
      seq: 42,
      sent_at: '2024-05-01T12:00:00.000Z',
    });
    expect(decodeProbeSeq(payload, 'run1')).toBe(42);
  });

  it('ignores other runs and anything that is not a probe', () => {
    expect(decodeProbeSeq(encodeProbePayload('run1', 1, 0), 'run2')).toBeUndefined();
    expect(decodeProbeSeq(Buffer.from('hello'), 'run1')).toBeUndefined();
    expect(decodeProbeSeq(Buffer.from('null'), 'run1')).toBeUndefined();
    expect(
      decodeProbeSeq(Buffer.from('{"mqtt_mcp_probe":"run1","seq":-1}'), 'run1'),
    ).toBeUndefined();
    expect(
      decodeProbeSeq(Buffer.from('{"mqtt_mcp_probe":"run1","seq":1.5}'), 'run1'),
    ).toBeUndefined();
    expect(decodeProbeSeq(Buffer.alloc(1000, 32), 'run1')).toBeUndefined();
  });
});

describe('RoundTripTracker', () => {
  let t: RoundTripTracker;
  beforeEach(() => {
    t = new RoundTripTracker();
  });

  it('reports null figures before any sample', () => {
    expect(t.report()).toEqual({
      sent: 0,
      samples: 0,
      lost: 0,
      duplicates: 0,
      publish_errors: 0,
      min_ms: null,
      mean_ms: null,
      p50_ms: null,
      median_ms: null,
      p95_ms: null,
      p99_ms: null,
      max_ms: null,
    });
  });

  it('matches arrivals by sequence, in any order', () => {
    const a = t.send(100);
    const b = t.send(110);
    expect(t.receive(b, 112)).toBe(2);
    expect(t.receive(a, 105)).toBe(5);
    expect(t.sent).toBe(2);
    expect(t.received).toBe(2);
    const r = t.report();
    expect(r).toMatchObject({
      samples: 2,
      lost: 0,
      min_ms: 2,
      max_ms: 5,
      median_ms: 3.5,
      p50_ms: 2,
    });
  });

  it('counts duplicates, publish errors, lost messages and ignores unknown sequences', () => {
    const a = t.send(0);
    const b = t.send(0);
    t.send(0);
    t.receive(a, 1);
    expect(t.receive(a, 2)).toBeUndefined();
    t.fail(b);
    t.fail(b);
    expect(t.receive(99, 3)).toBeUndefined();
    expect(t.report()).toMatchObject({
      sent: 3,
      samples: 1,
      lost: 1,
      duplicates: 1,
      publish_errors: 1,
    });
  });

  it('rounds times to microseconds', () => {
    t.receive(t.send(0.1), 0.3234567);
    expect(t.report().p99_ms).toBe(0.223);
  });
});

describe('probeMessagesDue', () => {
  it('sends the first message at once and then keeps to the rate', () => {
    expect(probeMessagesDue(0, 100, 0, 50)).toBe(1);
    expect(probeMessagesDue(5, 100, 1, 50)).toBe(0);
    expect(probeMessagesDue(10, 100, 1, 50)).toBe(1);
    expect(probeMessagesDue(1000, 100, 11, 50)).toBe(50);
    expect(probeMessagesDue(10, 5000, 1, 250)).toBe(50);
  });

  it('never bursts beyond the cap or goes negative', () => {
    expect(probeMessagesDue(10_000, 5000, 0, 250)).toBe(250);
    expect(probeMessagesDue(0, 100, 5, 50)).toBe(0);
    expect(probeMessagesDue(-5, 100, 0, 50)).toBe(1);
  });
});
