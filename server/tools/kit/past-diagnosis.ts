// Diagnosis from the record: the findings the recorder kept, merged with the faults its events show over the range.
import { isCommandTopic } from '../../analysis/command-topics';
import { siblingPatterns } from '../../analysis/sibling-patterns';
import { deviceOf } from '../../diagnosis/devices';
import { episodeKey } from '../../diagnosis/episodes';
import {
  compareFindings,
  FINDING_KINDS,
  type EvidenceValue,
  type Finding,
  type FindingKind,
  worse,
} from '../../diagnosis/finding';
import { duration, iso } from '../../diagnosis/window';
import type { RecordedEvent, RecordSelector } from '../../store/record/types';
import type { PastScope } from './past';

/** Events read per category group at most (the most recent). */
const MAX_EVENTS = 1000;
/** Times listed in a finding's evidence at most. */
const MAX_TIMES = 10;
/** Drops (with a recovery) in the range that make a device intermittent. */
const MIN_DROPS = 2;

/** What the record says about a range: findings worst first, and what it covered. */
export interface PastDiagnosis {
  findings: Finding[];
  topics: number;
  devices: number;
  messages: number;
  /** True when a category had more events than were read (the oldest were left out). */
  truncated: boolean;
}

const KINDS = new Set<string>(FINDING_KINDS);
const isKind = (kind: string): kind is FindingKind => KINDS.has(kind);

const times = (events: RecordedEvent[]) => events.slice(0, MAX_TIMES).map((e) => iso(e.t));

function evidenceOf(value: unknown): Record<string, EvidenceValue> {
  if (!value || typeof value !== 'object') return {};
  const out: Record<string, EvidenceValue> = {};
  for (const [k, v] of Object.entries(value)) {
    const scalar = v === null || ['string', 'number', 'boolean'].includes(typeof v);
    if (scalar) out[k] = v as EvidenceValue;
    else if (Array.isArray(v)) {
      out[k] = v.filter((x): x is string | number => ['string', 'number'].includes(typeof x));
    }
  }
  return out;
}

/** The findings the recorder kept, one per kind and subject: episodes counted, first and last times. */
function recordedFindings(events: RecordedEvent[]): Map<string, Finding> {
  const out = new Map<string, Finding>();
  for (const e of events) {
    if (!isKind(e.kind)) continue;
    const subject = {
      ...(e.topic ? { topic: e.topic } : {}),
      ...(e.subject ? { device: e.subject } : {}),
    };
    const key = episodeKey({ kind: e.kind, subject });
    const seen = out.get(key);
    const episodes = Number(seen?.evidence.episodes ?? 0) + 1;
    const suggestion = e.detail?.suggestion;
    out.set(key, {
      kind: e.kind,
      severity: worse(seen?.severity ?? 'info', e.severity ?? 'info'),
      subject,
      summary: e.summary,
      evidence: {
        ...evidenceOf(e.detail?.evidence),
        recorded_at: seen?.evidence.recorded_at ?? iso(e.t),
        ...(episodes > 1 ? { last_recorded_at: iso(e.t) } : {}),
        episodes,
      },
      suggestion: typeof suggestion === 'string' ? suggestion : '',
    });
  }
  return out;
}

/** Faults the recorded events of one topic show over the range (they may span many windows). */
function eventFindings(topic: string, device: string, events: RecordedEvent[]): Finding[] {
  const out: Finding[] = [];
  const subject = { topic, device };
  const of = (kind: string) => events.filter((e) => e.kind === kind);
  const drops = of('offline');
  const recoveries = events.filter(
    (e, i) => e.kind === 'online' && events[i - 1]?.kind === 'offline',
  );
  const lastState = events.filter((e) => e.category === 'availability').at(-1)?.kind;
  if (drops.length >= MIN_DROPS && recoveries.length >= 1) {
    out.push({
      kind: 'flapping',
      severity: 'warning',
      subject,
      summary: `${device} dropped offline ${drops.length} time(s) (at ${times(drops).join(', ')}) and came back ${recoveries.length} time(s): an intermittent connection.${lastState === 'offline' ? ' It was offline last.' : ''}`,
      evidence: {
        drops: drops.length,
        recoveries: recoveries.length,
        offline_at: times(drops),
        online_again_at: times(recoveries),
        last_state: lastState ?? null,
      },
      suggestion: `Look at ${device}'s signal, power supply and keepalive; the broker log names the disconnect reasons.`,
    });
  } else if (lastState === 'offline') {
    const at = drops.at(-1) as RecordedEvent;
    out.push({
      kind: 'offline',
      severity: 'critical',
      subject,
      summary: `${device} went offline at ${iso(at.t)} and did not come back in the range.`,
      evidence: { offline_since: iso(at.t) },
      suggestion: `Check ${device}'s power and network; its Last Will says it lost the broker.`,
    });
  }
  for (const frozen of of('frozen')) {
    const field = String(frozen.detail?.field ?? '');
    const resumed = events.find(
      (e) => e.kind === 'resumed' && e.t > frozen.t && e.detail?.field === frozen.detail?.field,
    );
    out.push({
      kind: 'frozen_value',
      severity: 'warning',
      subject,
      summary: `${topic} ${frozen.summary} from ${iso(frozen.t)}${resumed ? ` until ${iso(resumed.t)}` : ', still stuck at the end'}.`,
      evidence: {
        field,
        value: typeof frozen.detail?.value === 'number' ? frozen.detail.value : null,
        frozen_at: iso(frozen.t),
        resumed_at: resumed ? iso(resumed.t) : null,
      },
      suggestion: `Check the sensor behind ${topic}: a stuck reading often means a hung sensor or a cached value.`,
    });
  }
  const sets = of('retained_set');
  if (sets.length > 0 && isCommandTopic(topic)) {
    const cleared = of('retained_cleared');
    out.push({
      kind: 'retained_command',
      severity: 'warning',
      subject,
      summary: `A retained command was set on ${topic} ${sets.length} time(s) (at ${times(sets).join(', ')}): the broker hands it to every new subscriber, so ${device} runs it again on each reconnect.${cleared.length > 0 ? ` Cleared at ${iso((cleared.at(-1) as RecordedEvent).t)}.` : ''}`,
      evidence: {
        set_at: times(sets),
        cleared_at: times(cleared),
        last: String(sets.at(-1)?.detail?.payload ?? ''),
      },
      suggestion: `Clear it (an empty retained message on ${topic}) and publish commands with retain=false.`,
    });
  }
  const silent = events.filter((e) => e.category === 'topic').at(-1);
  // A status topic is quiet by design between transitions.
  if (silent?.kind === 'vanished' && lastState === undefined) {
    out.push({
      kind: 'went_silent',
      severity: 'warning',
      subject,
      summary: `${topic} went silent at ${iso(silent.t)} (${silent.summary}) and did not publish again in the range.`,
      evidence: {
        silent_since: iso(silent.t),
        interval: duration(Number(silent.detail?.interval_ms ?? 0)),
      },
      suggestion: `Check whether ${device} is still running and connected.`,
    });
  }
  return out;
}

/**
 * The diagnosis of a recorded range: the recorder's findings (one per kind and subject, episodes
 * counted) merged with what the events show over the whole range (drops spread over a night, a
 * freeze, retained commands, silence), worst first.
 */
export async function pastDiagnosis(
  scope: PastScope,
  narrow: Pick<RecordSelector, 'pattern' | 'device'>,
): Promise<PastDiagnosis> {
  const { record, source, fromMs, toMs } = scope;
  const selector: RecordSelector = {
    source,
    ...(narrow.pattern !== undefined && narrow.pattern !== '#' ? { pattern: narrow.pattern } : {}),
    ...(narrow.device !== undefined ? { device: narrow.device } : {}),
  };
  const q = { ...selector, fromMs, toMs, limit: MAX_EVENTS };
  const [found, changes, topicEvents, counts, known] = await Promise.all([
    record.store.events({ ...q, categories: ['finding'] }),
    record.store.events({ ...q, categories: ['availability', 'retained', 'value'] }),
    record.store.events({ ...q, categories: ['topic'] }),
    record.store.counts({ ...selector, fromMs, toMs, points: 1 }),
    record.store.topics({ ...selector, limit: 10_000 }),
  ]);
  const names = known.topics.map((t) => t.topic);
  const patterns = siblingPatterns(names, narrow.pattern);
  const device = (topic: string) => deviceOf(topic, patterns.get(topic) ?? topic);
  const byTopic = new Map<string, RecordedEvent[]>();
  for (const e of [...changes.events, ...topicEvents.events].sort((a, b) => a.t - b.t)) {
    if (!e.topic) continue;
    const list = byTopic.get(e.topic);
    if (list) list.push(e);
    else byTopic.set(e.topic, [e]);
  }
  const merged = recordedFindings(found.events);
  for (const [topic, events] of byTopic) {
    for (const f of eventFindings(topic, device(topic), events)) {
      const key = episodeKey(f);
      const kept = merged.get(key);
      // The range's own count wins over one window's; the recorder's times and episodes stay.
      const severity = kept ? worse(kept.severity, f.severity) : f.severity;
      merged.set(key, { ...f, severity, evidence: { ...kept?.evidence, ...f.evidence } });
    }
  }
  return {
    findings: [...merged.values()].sort(compareFindings),
    topics: known.total,
    devices: new Set(names.map(device)).size,
    messages: counts.totalMessages,
    truncated: [found, changes, topicEvents].some((r) => r.total > r.events.length),
  };
}

/** One line on where a look back came from, and what it could not see. */
export function pastNote(scope: PastScope, past: PastDiagnosis): string {
  const range = `${iso(scope.fromMs)} to ${iso(scope.toMs)}`;
  const more = past.truncated
    ? '; the range had more events than were read, narrow it for the oldest'
    : '';
  const none =
    past.messages === 0 && past.findings.length === 0
      ? '; nothing was recorded under this pattern in the range'
      : '';
  return `from the hub's record (${scope.source}), ${range}${more}${none}`;
}
