// The typed finding every detector emits, and how findings are ranked.

/** How bad a finding is: critical (act now), warning (something is wrong), info (worth knowing). */
export type FindingSeverity = 'critical' | 'warning' | 'info';

/** Every kind of finding the detectors emit. */
export const FINDING_KINDS = [
  'offline',
  'flapping',
  'client_id_takeover',
  'availability_contradicted',
  'retained_command',
  'stale_retained',
  'frozen_value',
  'outlier',
  'sensor_error_value',
  'mixed_formats',
  'clock_skew',
  'delivery_lag',
  'time_non_monotonic',
  'backlog_replay',
  'sequence_gap',
  'schema_drift',
  'missed_heartbeat',
  'went_silent',
  'error_messages',
] as const;

/** One kind of finding. */
export type FindingKind = (typeof FINDING_KINDS)[number];

/** A small evidence value: a count, a time, a value or a short list of them. */
export type EvidenceValue = string | number | boolean | null | Array<string | number>;

/** What a finding is about: a topic, a device, or both. */
export interface FindingSubject {
  topic?: string;
  device?: string;
}

/** One thing that looks wrong, with the facts behind it and what to do. */
export interface Finding {
  kind: FindingKind;
  severity: FindingSeverity;
  subject: FindingSubject;
  /** One sentence a person can act on. */
  summary: string;
  /** Counts, times and values (small). */
  evidence: Record<string, EvidenceValue>;
  suggestion: string;
}

/** Lower is worse. */
export const SEVERITY_RANK: Record<FindingSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** Orders findings worst first, then by device, topic and kind (deterministic). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    text(a.subject.device).localeCompare(text(b.subject.device)) ||
    text(a.subject.topic).localeCompare(text(b.subject.topic)) ||
    a.kind.localeCompare(b.kind)
  );
}

function text(value: string | undefined): string {
  return value ?? '';
}

/** The worse of two severities. */
export function worse(a: FindingSeverity, b: FindingSeverity): FindingSeverity {
  return SEVERITY_RANK[a] <= SEVERITY_RANK[b] ? a : b;
}
