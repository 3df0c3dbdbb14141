// A device's verdict that follows from its findings: intermittent when it flaps, offline, degraded (pure).
import type { DeviceHealth } from '../analysis/device-verdict';
import type { Finding, FindingKind } from './finding';

const INTERMITTENT = new Set<FindingKind>(['flapping', 'client_id_takeover']);
/** Findings the base verdict already weighs (it counts error and warning messages itself). */
const WEIGHED_BY_BASE = new Set<FindingKind>(['error_messages']);

/**
 * The verdict of a device from the base verdict of its messages and its findings:
 * - flapping or a client-id takeover: intermittent (neither healthy nor offline);
 * - an offline finding: offline, with the time it really went offline;
 * - any other warning or critical finding: degraded (a silent device stays silent);
 * - else the base verdict. The findings' summaries come first among the reasons, then the base
 *   reasons unless it was healthy; error_messages findings are left to the base verdict, which counts them itself.
 */
export function verdictFromFindings(base: DeviceHealth, findings: Finding[]): DeviceHealth {
  const serious = findings.filter((f) => f.severity !== 'info' && !WEIGHED_BY_BASE.has(f.kind));
  const summaries = serious.map((f) => f.summary);
  const unstable = serious.filter((f) => INTERMITTENT.has(f.kind));
  if (unstable.length > 0) {
    return { verdict: 'intermittent', reasons: [...new Set([...summaries, ...base.reasons])] };
  }
  const offline = serious.find((f) => f.kind === 'offline');
  const baseProblems = base.verdict === 'healthy' ? [] : base.reasons;
  if (offline) {
    return {
      verdict: 'offline',
      reasons: [...new Set([offline.summary, ...summaries, ...baseProblems])],
    };
  }
  if (serious.length === 0 || base.verdict === 'silent') return base;
  return {
    verdict: base.verdict === 'offline' ? 'offline' : 'degraded',
    reasons: [...summaries, ...baseProblems],
  };
}
