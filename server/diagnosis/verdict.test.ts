// Unit tests of the verdict drawn from findings: flapping is intermittent, offline keeps its time, problems degrade.
import { describe, expect, it } from 'vitest';
import type { DeviceHealth } from '../analysis/device-verdict';
import type { Finding } from './finding';
import { verdictFromFindings } from './verdict';

const healthy: DeviceHealth = { verdict: 'healthy', reasons: ['12 live messages'] };

function finding(kind: Finding['kind'], severity: Finding['severity'] = 'warning'): Finding {
  return {
    kind,
    severity,
    subject: { device: 'plug-3' },
    summary: `${kind} summary`,
    evidence: {},
    suggestion: '',
  };
}

describe('verdictFromFindings', () => {
  it('calls a flapping device intermittent, whatever its last state', () => {
    const offline: DeviceHealth = { verdict: 'offline', reasons: ['says offline'] };
    expect(verdictFromFindings(offline, [finding('flapping')])).toEqual({
      verdict: 'intermittent',
      reasons: ['flapping summary', 'says offline'],
    });
    expect(verdictFromFindings(healthy, [finding('client_id_takeover', 'critical')]).verdict).toBe(
      'intermittent',
    );
  });

  it('puts the offline finding (with its real time) first', () => {
    const out = verdictFromFindings(healthy, [
      finding('stale_retained'),
      finding('offline', 'critical'),
    ]);
    expect(out).toEqual({
      verdict: 'offline',
      reasons: ['offline summary', 'stale_retained summary'],
    });
  });

  it('degrades a healthy device with a warning, and ignores info findings', () => {
    expect(verdictFromFindings(healthy, [finding('frozen_value')])).toEqual({
      verdict: 'degraded',
      reasons: ['frozen_value summary'],
    });
    expect(verdictFromFindings(healthy, [finding('delivery_lag', 'info')])).toBe(healthy);
  });

  it('leaves error messages to the base verdict', () => {
    expect(verdictFromFindings(healthy, [finding('error_messages')])).toBe(healthy);
  });

  it('leaves a silent device silent', () => {
    const silent: DeviceHealth = { verdict: 'silent', reasons: ['nothing'] };
    expect(verdictFromFindings(silent, [finding('stale_retained')])).toBe(silent);
  });
});
