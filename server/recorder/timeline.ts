// Console views of recorded events: a timeline per device or broker, and findings over time (pure).
import { bucketsFor } from '../store/record/buckets';
import {
  EVENT_CATEGORIES,
  type EventCategory,
  type RecordedEvent,
  type RecordedSeverity,
  type TimeRange,
} from '../store/record/types';

/** Events per category in one bucket starting at `t`. */
export type TimelineBucket = { t: number } & Record<EventCategory, number>;

/** Findings per severity in one bucket starting at `t`. */
export type FindingsBucket = { t: number } & Record<RecordedSeverity, number>;

/** Bucket width and start of `points` buckets over a range. */
function layout(range: TimeRange, points: number) {
  const b = bucketsFor(range, points);
  const count = Math.max(1, Math.ceil((range.toMs - b.startMs) / b.stepMs));
  const startOf = (t: number) =>
    b.startMs + Math.min(count - 1, Math.max(0, Math.floor((t - b.startMs) / b.stepMs))) * b.stepMs;
  return { stepMs: b.stepMs, count, startMs: b.startMs, startOf };
}

/** Every bucket of a range (empty ones included), each made by `empty`, and the bucket a time falls in. */
function buckets<T extends { t: number }>(
  range: TimeRange,
  points: number,
  empty: (t: number) => T,
): { stepMs: number; list: T[]; at: (t: number) => T } {
  const l = layout(range, points);
  const list = Array.from({ length: l.count }, (_, i) => empty(l.startMs + i * l.stepMs));
  const at = (t: number) => list[(l.startOf(t) - l.startMs) / l.stepMs] as T;
  return { stepMs: l.stepMs, list, at };
}

/** Counts of events per category per bucket over a range (for a timeline strip). */
export function eventTimeline(
  events: readonly RecordedEvent[],
  range: TimeRange,
  points: number,
): { stepMs: number; buckets: TimelineBucket[]; byCategory: Record<EventCategory, number> } {
  const zero = () =>
    Object.fromEntries(EVENT_CATEGORIES.map((c) => [c, 0])) as Record<EventCategory, number>;
  const b = buckets<TimelineBucket>(range, points, (t) => ({ t, ...zero() }));
  const byCategory = zero();
  for (const e of events) {
    b.at(e.t)[e.category]++;
    byCategory[e.category]++;
  }
  return { stepMs: b.stepMs, buckets: b.list, byCategory };
}

/** One recorded finding (an episode's start) as the console lists it. */
export interface FindingEntry {
  t: number;
  source: string;
  kind: string;
  severity: RecordedSeverity;
  device: string | null;
  topic: string | null;
  summary: string;
  evidence: Record<string, unknown> | null;
  suggestion: string | null;
}

/** Findings over a range: per severity per bucket, per kind, and the entries themselves. */
export function findingsOverTime(
  events: readonly RecordedEvent[],
  range: TimeRange,
  points: number,
): {
  stepMs: number;
  buckets: FindingsBucket[];
  byKind: Record<string, number>;
  findings: FindingEntry[];
} {
  const b = buckets<FindingsBucket>(range, points, (t) => ({
    t,
    critical: 0,
    warning: 0,
    info: 0,
  }));
  const byKind: Record<string, number> = {};
  const findings: FindingEntry[] = [];
  for (const e of events) {
    if (e.category !== 'finding') continue;
    const severity = e.severity ?? 'info';
    b.at(e.t)[severity]++;
    byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
    const evidence = e.detail?.evidence;
    const suggestion = e.detail?.suggestion;
    findings.push({
      t: e.t,
      source: e.source,
      kind: e.kind,
      severity,
      device: e.subject,
      topic: e.topic,
      summary: e.summary,
      evidence:
        evidence && typeof evidence === 'object' ? (evidence as Record<string, unknown>) : null,
      suggestion: typeof suggestion === 'string' ? suggestion : null,
    });
  }
  return { stepMs: b.stepMs, buckets: b.list, byKind, findings };
}
