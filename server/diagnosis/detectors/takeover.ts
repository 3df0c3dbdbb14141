// Detector: two clients sharing one client id (Last Will and birth message in the same instant, repeatedly).
import { SAME_INSTANT_MS } from '../availability-track';
import type { Finding } from '../finding';
import type { DiagnosisWindow } from '../window';
import { isTakeover } from './availability-rules';

/** Availability topics where offline and online keep arriving together. */
export function detectTakeover(w: DiagnosisWindow): Finding[] {
  const out: Finding[] = [];
  for (const track of w.tracks.values()) {
    const a = track.availability;
    if (!a || !isTakeover(a)) continue;
    const subject = w.subject(track.topic);
    out.push({
      kind: 'client_id_takeover',
      severity: 'critical',
      subject,
      summary: `${track.topic} went offline and online within ${SAME_INSTANT_MS} ms ${a.sameInstant} times: two clients are connecting with the same client id and kicking each other off.`,
      evidence: {
        same_instant_flips: a.sameInstant,
        other_transitions: a.transitions,
        last_state: a.last?.state ?? null,
      },
      suggestion: `Give every client a unique client id: look for a second copy of ${subject.device} (cloned config, an old instance, a bridge) using its id; the broker log shows the old connection being closed on each connect.`,
    });
  }
  return out;
}
