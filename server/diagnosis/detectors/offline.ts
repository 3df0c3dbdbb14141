// Detector: a device whose availability topic says offline (with when it really went away), or contradicts itself.
import type { Finding } from '../finding';
import { duration, iso, type DiagnosisWindow } from '../window';
import { isFlapping, isTakeover } from './availability-rules';

/** Live messages this soon after an offline message may have been in flight already. */
const GRACE_MS = 1000;

function liveAfter(w: DiagnosisWindow, topic: string, atMs: number): number {
  const tracks = w.deviceGroups().get(w.deviceOf(topic)) ?? [];
  return tracks.filter((t) => !t.isAvailability && t.lastLiveMs > atMs + GRACE_MS).length;
}

/** Offline devices, and availability topics that say offline while the device publishes. */
export function detectOffline(w: DiagnosisWindow): Finding[] {
  const out: Finding[] = [];
  for (const track of w.tracks.values()) {
    const a = track.availability;
    const last = a?.last;
    if (!a || !last || last.state !== 'offline' || isFlapping(a) || isTakeover(a)) continue;
    const subject = w.subject(track.topic);
    const after = liveAfter(w, track.topic, last.atMs);
    if (after > 0) {
      out.push({
        kind: 'availability_contradicted',
        severity: 'warning',
        subject,
        summary: `${track.topic} says offline${last.retained ? ' (retained)' : ''}, but ${after} other topic(s) of ${subject.device} published live after it: the status is stale or written by another client.`,
        evidence: { status: track.lastPreview, retained: last.retained, live_topics_after: after },
        suggestion: `Check which client writes ${track.topic}; make the device publish "online" (retained) when it connects, so its Last Will is overwritten.`,
      });
      continue;
    }
    const since =
      last.payloadMs !== undefined
        ? { ms: last.payloadMs, source: 'payload_time' }
        : last.retained
          ? undefined
          : { ms: last.atMs, source: 'received' };
    const sinceText = since
      ? `since ${iso(since.ms)} (${duration(w.endMs - since.ms)} ago)`
      : 'since before the window began (a retained status; its payload gives no time)';
    out.push({
      kind: 'offline',
      severity: 'critical',
      subject,
      summary: `${subject.device} is offline ${sinceText}: ${track.topic} says "${track.lastPreview}" and nothing live came from it after.`,
      evidence: {
        status: track.lastPreview,
        retained: last.retained,
        offline_since: since ? iso(since.ms) : null,
        since_source: since?.source ?? 'unknown',
        ...(since ? { offline_seconds: Math.round((w.endMs - since.ms) / 1000) } : {}),
      },
      suggestion: `Check ${subject.device}'s power and network. If it was retired, clear the retained status (publish an empty retained message to ${track.topic}).`,
    });
  }
  return out;
}
