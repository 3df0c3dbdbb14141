// mqtt_debug_device with `since`: one device's past from the record (topics, availability, heartbeat, findings).
import type { DeviceAnalysis } from '../../analysis/device-health';
import { analyzeDevice } from '../../analysis/device-health';
import type { MessageRecord } from '../../analysis/message';
import type { Finding } from '../../diagnosis/finding';
import { verdictFromFindings } from '../../diagnosis/verdict';
import type { RecordedEvent, RecordedMessage, RecordedTopic } from '../../store/record/types';
import type { PastScope } from '../kit/past';
import { pastDiagnosis, pastNote } from '../kit/past-diagnosis';

/** Raw messages read back at most (the record keeps the last few per topic). */
const MAX_MESSAGES = 200;
/** Silences listed at most. */
const MAX_GAPS = 10;

/** A device's past: the analysis fields of a live watch, its findings, and a note on the source. */
export interface PastDevice {
  analysis: DeviceAnalysis;
  findings: Finding[];
  note: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

function messageRecord(m: RecordedMessage): MessageRecord {
  return {
    topic: m.topic,
    received_at: iso(m.t),
    qos: m.qos,
    retain: m.retain,
    size_bytes: m.size,
    payload_format: m.payload_format,
    payload: m.payload,
    ...(m.payload_truncated ? { payload_truncated: true as const } : {}),
  };
}

/** Silences of the device's topics: a topic going silent, and when it published again (or the end). */
function silences(events: RecordedEvent[], toMs: number): DeviceAnalysis['heartbeat']['gaps'] {
  const gaps: DeviceAnalysis['heartbeat']['gaps'] = [];
  for (const [i, e] of events.entries()) {
    if (e.kind !== 'vanished') continue;
    const back = events.slice(i + 1).find((r) => r.kind === 'returned' && r.topic === e.topic);
    const end = back?.t ?? toMs;
    gaps.push({ from: iso(e.t), to: iso(end), seconds: Math.round((end - e.t) / 1000) });
  }
  return gaps;
}

/** The heartbeat of the busiest recorded topic: its usual interval and its silences. */
function heartbeat(
  busiest: RecordedTopic | undefined,
  topicEvents: RecordedEvent[],
  toMs: number,
): DeviceAnalysis['heartbeat'] {
  const gaps = silences(topicEvents, toMs);
  return {
    topic: busiest?.topic ?? null,
    interval_seconds: busiest?.intervalMs ? Math.round(busiest.intervalMs / 100) / 10 : null,
    jitter_seconds: null,
    gaps: gaps.slice(-MAX_GAPS),
    gap_count: gaps.length,
    overdue: busiest?.vanished ?? false,
    seconds_since_last: busiest ? Math.round((toMs - busiest.lastMs) / 100) / 10 : null,
  };
}

/**
 * What the record holds about a device (its id as a topic level) over the scope's range: last
 * values and errors from the raw messages kept, availability transitions, message counts, the
 * silences of its topics, and its findings with the verdict that follows from them.
 */
export async function pastDevice(scope: PastScope, deviceId: string): Promise<PastDevice> {
  const { record, source, fromMs, toMs } = scope;
  const selector = { source, device: deviceId };
  const range = { ...selector, fromMs, toMs };
  const [diagnosis, topics, messages, counts, availability, topicEvents] = await Promise.all([
    pastDiagnosis(scope, { device: deviceId }),
    record.store.topics({ ...selector, limit: 100 }),
    record.store.recentMessages({ ...selector, beforeMs: toMs, limit: MAX_MESSAGES }),
    record.store.counts({ ...range, points: 1 }),
    record.store.events({ ...range, categories: ['availability'], limit: 50 }),
    record.store.events({ ...range, categories: ['topic'], limit: 200 }),
  ]);
  const raw = messages.filter((m) => m.t >= fromMs).map(messageRecord);
  const base = analyzeDevice(raw.reverse(), { startMs: fromMs, endMs: toMs });
  const perTopic = new Map(counts.top.map((t) => [t.topic, t.messages]));
  const states = availability.events.filter((e) => e.kind === 'online' || e.kind === 'offline');
  const busiest = [...topics.topics]
    .filter((t) => t.availability === null)
    .sort((a, b) => (perTopic.get(b.topic) ?? 0) - (perTopic.get(a.topic) ?? 0))[0];
  const minutes = Math.max(1, (toMs - fromMs) / 60_000);
  const silent = counts.totalMessages === 0 && states.length === 0;
  const analysis: DeviceAnalysis = {
    ...base,
    message_count: counts.totalMessages,
    live_message_count: counts.totalMessages,
    retained_message_count: 0,
    topics: base.topics.map((t) => ({ ...t, message_count: perTopic.get(t.topic) ?? 0 })),
    availability: states.map((e) => ({
      at: iso(e.t),
      topic: e.topic ?? '',
      state: e.kind === 'online' ? 'online' : 'offline',
      retained: e.detail?.retained === true,
    })),
    last_known_state:
      states.at(-1)?.kind === 'online'
        ? 'online'
        : states.at(-1)?.kind === 'offline'
          ? 'offline'
          : 'unknown',
    heartbeat: heartbeat(busiest, topicEvents.events, toMs),
    message_rate_per_minute: Math.round((counts.totalMessages / minutes) * 100) / 100,
    health: silent
      ? { verdict: 'silent', reasons: [`nothing of ${deviceId} was recorded in the range`] }
      : { verdict: 'healthy', reasons: [] },
  };
  analysis.health = verdictFromFindings(analysis.health, diagnosis.findings);
  return { analysis, findings: diagnosis.findings, note: pastNote(scope, diagnosis) };
}
