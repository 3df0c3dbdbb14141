// Detector: a regular topic (a heartbeat) that missed beats against its inferred period, or fell silent.
import { isCommandTopic } from '../../analysis/command-topics';
import type { Finding } from '../finding';
import { robustCentre } from '../robust';
import type { TopicTrack } from '../topic-track';
import { duration, iso, type DiagnosisWindow } from '../window';

/** Beats needed to infer a period. */
const MIN_BEATS = 6;
/** A topic is regular when its intervals spread less than this share of the period. */
const MAX_JITTER = 0.25;
/** An interval this many periods long holds missed beats. */
const GAP_FACTOR = 1.9;
/** A silence this many periods long at the end is overdue. */
const OVERDUE_FACTOR = 2.5;
/** Missed beats that make a finding. */
const MIN_MISSED = 2;

interface Beats {
  periodMs: number;
  missed: number;
  gaps: number;
  longestMs: number;
  silentMs: number;
  overdue: boolean;
}

/** Missed beats of a topic, or undefined when it has no regular period. */
export function missedBeats(track: TopicTrack, endMs: number): Beats | undefined {
  const a = track.arrivals;
  if (a.beats < MIN_BEATS) return undefined;
  const intervals = a.intervals();
  const { median: periodMs, madn } = robustCentre(intervals.map((i) => i.ms));
  if (!(periodMs > 0) || madn > MAX_JITTER * periodMs) return undefined;
  const gaps = intervals.filter((i) => i.ms > GAP_FACTOR * periodMs);
  const silentMs = Math.max(0, endMs - a.lastMs);
  const overdue = silentMs > OVERDUE_FACTOR * periodMs;
  return {
    periodMs,
    missed:
      gaps.reduce((sum, g) => sum + Math.round(g.ms / periodMs) - 1, 0) +
      (overdue ? Math.floor(silentMs / periodMs) : 0),
    gaps: gaps.length,
    longestMs: Math.max(0, ...gaps.map((g) => g.ms)),
    silentMs,
    overdue,
  };
}

/** Topics that fell silent together, at least this many, are one finding. */
const MIN_SILENT_TOGETHER = 5;

interface Candidate {
  track: TopicTrack;
  beats: Beats;
}

/** The largest set of overdue topics (no earlier gaps) whose last beats lie close together. */
function silentTogether(candidates: Candidate[]): Candidate[] {
  const silent = candidates
    .filter((c) => c.beats.overdue && c.beats.gaps === 0)
    .sort((a, b) => a.track.arrivals.lastMs - b.track.arrivals.lastMs);
  if (silent.length < MIN_SILENT_TOGETHER) return [];
  const spreadMs = Math.max(5000, 3 * Math.max(...silent.map((c) => c.beats.periodMs)));
  let best: Candidate[] = [];
  for (let i = 0, j = 0; j < silent.length; j++) {
    const last = (silent[j] as Candidate).track.arrivals.lastMs;
    while (last - (silent[i] as Candidate).track.arrivals.lastMs > spreadMs) i++;
    if (j + 1 - i > best.length) best = silent.slice(i, j + 1);
  }
  return best.length >= MIN_SILENT_TOGETHER ? best : [];
}

function commonPrefix(topics: string[]): string {
  const first = (topics[0] ?? '').split('/');
  let n = first.length - 1;
  for (const t of topics) {
    const levels = t.split('/');
    let k = 0;
    while (k < n && levels[k] === first[k]) k++;
    n = k;
  }
  return n === 0 ? '#' : `${first.slice(0, n).join('/')}/#`;
}

function togetherFinding(w: DiagnosisWindow, group: Candidate[]): Finding {
  const topics = group.map((c) => c.track.topic).sort();
  const lasts = group.map((c) => c.track.arrivals.lastMs);
  const since = Math.min(...lasts);
  const filter = commonPrefix(topics);
  return {
    kind: 'went_silent',
    severity: 'critical',
    subject: { topic: filter },
    summary: `${group.length} regular topics under ${filter} went silent together at about ${iso(since)} (nothing for ${duration(w.endMs - Math.max(...lasts))}): something they share (a gateway, a bridge, the network) stopped, not one device.`,
    evidence: {
      topics: group.length,
      silent_since: iso(since),
      examples: topics.slice(0, 3),
    },
    suggestion: `Check what these devices have in common (gateway, bridge, access point, the publishing service) and the broker log at ${iso(since)}.`,
  };
}

/** Regular topics that missed beats; per device only the topic that missed the most. */
export function detectMissedHeartbeat(w: DiagnosisWindow): Finding[] {
  const candidates: Candidate[] = [];
  for (const track of w.tracks.values()) {
    if (track.isAvailability || isCommandTopic(track.topic)) continue;
    const beats = missedBeats(track, w.endMs);
    if (beats && beats.missed >= MIN_MISSED) candidates.push({ track, beats });
  }
  const together = silentTogether(candidates);
  const grouped = new Set(together);
  const best = new Map<string, Candidate>();
  for (const c of candidates) {
    if (grouped.has(c)) continue;
    const device = w.deviceOf(c.track.topic);
    const known = best.get(device);
    if (!known || c.beats.missed > known.beats.missed) best.set(device, c);
  }
  const single = [...best.values()].map(({ track, beats }): Finding => {
    const silent = beats.overdue
      ? `; nothing since ${iso(track.arrivals.lastMs)} (${duration(beats.silentMs)})`
      : '';
    const gaps =
      beats.gaps > 0 ? ` in ${beats.gaps} gap(s), the longest ${duration(beats.longestMs)}` : '';
    return {
      kind: 'missed_heartbeat',
      severity: 'warning',
      subject: w.subject(track.topic),
      summary: `${track.topic} usually arrives every ${duration(beats.periodMs)} but missed about ${beats.missed} beat(s)${gaps}${silent}.`,
      evidence: {
        period_seconds: Math.round(beats.periodMs / 100) / 10,
        missed_beats: beats.missed,
        gaps: beats.gaps,
        longest_gap_seconds: Math.round(beats.longestMs / 100) / 10,
        silent_for_seconds: Math.round(beats.silentMs / 100) / 10,
        overdue: beats.overdue,
      },
      suggestion: `Check ${w.deviceOf(track.topic)}'s connection and load (a blocked loop, Wi-Fi drops); compare with the broker log around the gaps.`,
    };
  });
  return together.length > 0 ? [togetherFinding(w, together), ...single] : single;
}
