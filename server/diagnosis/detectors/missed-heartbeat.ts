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

/** Regular topics that missed beats; per device only the topic that missed the most. */
export function detectMissedHeartbeat(w: DiagnosisWindow): Finding[] {
  const best = new Map<string, { track: TopicTrack; beats: Beats }>();
  for (const track of w.tracks.values()) {
    if (track.isAvailability || isCommandTopic(track.topic)) continue;
    const beats = missedBeats(track, w.endMs);
    if (!beats || beats.missed < MIN_MISSED) continue;
    const device = w.deviceOf(track.topic);
    const known = best.get(device);
    if (!known || beats.missed > known.beats.missed) best.set(device, { track, beats });
  }
  return [...best.values()].map(({ track, beats }) => {
    const silent = beats.overdue
      ? `; nothing since ${iso(track.arrivals.lastMs)} (${duration(beats.silentMs)})`
      : '';
    const gaps =
      beats.gaps > 0 ? ` in ${beats.gaps} gap(s), the longest ${duration(beats.longestMs)}` : '';
    return {
      kind: 'missed_heartbeat' as const,
      severity: 'warning' as const,
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
}
