// Detector: a retained value that is old (by its own time field) or of unknown age among live siblings.
import { isCommandTopic } from '../../analysis/command-topics';
import type { Finding } from '../finding';
import { duration, iso, type DiagnosisWindow } from '../window';

/** Retained values nobody refreshed during the window that are old, or outlived their siblings. */
export function detectStaleRetained(w: DiagnosisWindow): Finding[] {
  const out: Finding[] = [];
  for (const track of w.tracks.values()) {
    const value = track.retainedValue;
    if (!value || track.live > 0 || track.isAvailability || isCommandTopic(track.topic)) continue;
    if (value.preview === '') continue;
    const subject = w.subject(track.topic);
    if (value.payloadMs !== undefined) {
      const ageMs = value.atMs - value.payloadMs;
      if (ageMs < w.staleAfterMs) continue;
      out.push({
        kind: 'stale_retained',
        severity: 'warning',
        subject,
        summary: `${track.topic} holds a retained value from ${iso(value.payloadMs)} (${duration(ageMs)} old, by its own time field) and nothing refreshed it: subscribers take an old reading for the current state.`,
        evidence: {
          value: value.preview,
          payload_time: iso(value.payloadMs),
          age_seconds: Math.round(ageMs / 1000),
          live_messages: 0,
        },
        suggestion: `Check whether ${subject.device} still publishes; if it was removed, clear the retained value (empty retained message to ${track.topic}).`,
      });
      continue;
    }
    const siblings = w.siblingsOf(track);
    const liveSiblings = siblings.filter((s) => s.live > 0).length;
    if (liveSiblings < 2 || liveSiblings * 2 < siblings.length) continue;
    out.push({
      kind: 'stale_retained',
      severity: 'info',
      subject,
      summary: `${track.topic} only has a retained value of unknown age (${value.preview}) while ${liveSiblings} of its ${siblings.length} siblings publish live: it may be left over from a device that stopped.`,
      evidence: { value: value.preview, age: 'unknown', live_siblings: liveSiblings },
      suggestion: `Watch longer, or add a timestamp to the payload; if ${subject.device} is gone, clear the retained value.`,
    });
  }
  return out;
}
