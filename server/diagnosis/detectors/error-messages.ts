// Detector: topics carrying error or warning messages (by topic name or payload: level, error fields, words).
import type { Finding } from '../finding';
import type { DiagnosisWindow } from '../window';

/** Topics whose messages report errors (a warning finding) or only warnings (info). */
export function detectErrorMessages(w: DiagnosisWindow): Finding[] {
  const out: Finding[] = [];
  for (const track of w.tracks.values()) {
    if (track.errors === 0 && track.warnings === 0) continue;
    const subject = w.subject(track.topic);
    const errors = track.errors > 0;
    out.push({
      kind: 'error_messages',
      severity: errors ? 'warning' : 'info',
      subject,
      summary: `${track.topic} carried ${errors ? `${track.errors} error message(s)` : `${track.warnings} warning message(s)`}, the latest ${errors ? track.lastError : track.lastWarning}: ${subject.device} reports a problem itself.`,
      evidence: {
        errors: track.errors,
        warnings: track.warnings,
        latest: errors ? track.lastError : track.lastWarning,
      },
      suggestion: `Read ${subject.device}'s error codes in its documentation or logs; mqtt_debug_device lists its recent error messages.`,
    });
  }
  return out;
}
