// Pure shaping of recorded events for the History page: per-device timelines and findings over time.

/** The part of a recorded event the History page reads. */
export interface TimelineEvent {
  t: number;
  topic: string | null;
  category: string;
  kind: string;
  severity: string | null;
  subject: string | null;
  summary: string;
}

/** Name of the group of events that concern no topic or device: the broker itself. */
export const BROKER_GROUP = 'broker';

/** The device (or topic) an event belongs to: its subject, else its topic, else the broker. */
export function groupOf(e: TimelineEvent): string {
  return e.subject || e.topic || BROKER_GROUP;
}

/** Events grouped by device, newest first inside a group, groups by their latest event. */
export function timelines(events: readonly TimelineEvent[]): Array<[string, TimelineEvent[]]> {
  const groups = new Map<string, TimelineEvent[]>();
  for (const e of events) {
    const key = groupOf(e);
    const list = groups.get(key) ?? [];
    list.push(e);
    groups.set(key, list);
  }
  for (const list of groups.values()) list.sort((a, b) => b.t - a.t);
  return [...groups].sort((a, b) => (b[1][0]?.t ?? 0) - (a[1][0]?.t ?? 0));
}

/** Findings per bucket over [fromMs, toMs): x in Unix seconds, one count array per severity. */
export function findingsOverTime(
  events: readonly TimelineEvent[],
  fromMs: number,
  toMs: number,
  buckets: number,
): { xs: number[]; critical: number[]; warning: number[]; info: number[] } {
  const n = Math.max(1, Math.trunc(buckets));
  const step = Math.max(1, (toMs - fromMs) / n);
  const xs = Array.from({ length: n }, (_, i) => (fromMs + i * step) / 1000);
  const out = { xs, critical: xs.map(() => 0), warning: xs.map(() => 0), info: xs.map(() => 0) };
  for (const e of events) {
    if (e.category !== 'finding' || e.t < fromMs || e.t >= toMs) continue;
    const i = Math.min(n - 1, Math.floor((e.t - fromMs) / step));
    const sev = e.severity === 'critical' || e.severity === 'warning' ? e.severity : 'info';
    out[sev][i] = (out[sev][i] ?? 0) + 1;
  }
  return out;
}
