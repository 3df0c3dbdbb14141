// Detector: a device that keeps dropping offline and coming back (an intermittent connection).
import type { Finding } from '../finding';
import { secondsBetween, type DiagnosisWindow } from '../window';
import { isFlapping } from './availability-rules';

/** Availability topics that went offline and came back several times in the window. */
export function detectFlapping(w: DiagnosisWindow): Finding[] {
  const out: Finding[] = [];
  for (const track of w.tracks.values()) {
    const a = track.availability;
    if (!a || !isFlapping(a)) continue;
    const subject = w.subject(track.topic);
    const meanOffline = a.recoveries > 0 ? a.offlineMs / a.recoveries / 1000 : null;
    const now = a.last?.state === 'offline' ? ' It is offline now.' : '';
    out.push({
      kind: 'flapping',
      severity: 'warning',
      subject,
      summary: `${subject.device} dropped offline ${a.drops} time(s) and came back ${a.recoveries} time(s) in ${secondsBetween(w.startMs, w.endMs)} s: an intermittent connection, not a healthy or dead device.${now}`,
      evidence: {
        drops: a.drops,
        recoveries: a.recoveries,
        mean_offline_seconds: meanOffline === null ? null : Math.round(meanOffline * 10) / 10,
        longest_offline_seconds: Math.round(a.longestOfflineMs / 100) / 10,
        last_state: a.last?.state ?? null,
      },
      suggestion: `Look at ${subject.device}'s signal (RSSI), power supply and keepalive; a watchdog reboot shows as an uptime reset. The broker log names the disconnect reason.`,
    });
  }
  return out;
}
