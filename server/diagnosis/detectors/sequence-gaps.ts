// Detector: a sequence/counter field that skips numbers (lost messages), with an estimated loss rate.
import type { FieldTrack } from '../field-track';
import type { Finding } from '../finding';
import type { DiagnosisWindow } from '../window';

/** Steps a field needs before it can be called a sequence. */
const MIN_STEPS = 5;
/** Share of forward steps that must be exactly +1 for a sequence. */
const SEQUENCE_SHARE = 0.6;
/** Lost messages and loss rate that make a finding. */
const MIN_MISSING = 2;
const MIN_LOSS = 0.01;

/** Fields that count time, not messages: a hole in them is silence, not loss. */
const TIME_COUNTER = /uptime|runtime|elapsed|duration|seconds|(_s|_sec|_ms|_min)$/i;

/** Whether a field counts messages: mostly +1 steps (resets to 0 after a reboot allowed). */
export function isSequence(field: FieldTrack): boolean {
  const s = field.sequence;
  const forward = s.ones + s.gaps + s.jumps;
  return s.steps >= MIN_STEPS && s.ones >= 3 && s.ones >= SEQUENCE_SHARE * forward;
}

/** Topics with a message counter that has holes. */
export function detectSequenceGaps(w: DiagnosisWindow): Finding[] {
  const out: Finding[] = [];
  for (const track of w.tracks.values()) {
    for (const [path, field] of track.fields) {
      const s = field.sequence;
      if (TIME_COUNTER.test(path) || !isSequence(field)) continue;
      if (s.reorders > 0 || s.missing < MIN_MISSING) continue;
      const received = s.steps + 1;
      const loss = s.missing / (s.missing + received);
      if (loss < MIN_LOSS) continue;
      const pct = Math.round(loss * 1000) / 10;
      out.push({
        kind: 'sequence_gap',
        severity: 'warning',
        subject: w.subject(track.topic),
        summary: `${track.topic}: the counter "${path || 'value'}" skipped ${s.missing} number(s) in ${s.gaps} gap(s) over ${received} messages: about ${pct}% of messages are lost between the device and here.`,
        evidence: {
          field: path || '(value)',
          received,
          missing: s.missing,
          loss_percent: pct,
          gaps: s.gaps,
          largest_gap: s.largestGap,
          resets: s.resets,
        },
        suggestion: `Check the device's link quality, publish with QoS 1, and the broker's queue limits (max_queued_messages, max_inflight); a reset to 0 is a reboot, not loss.`,
      });
      break;
    }
  }
  return out;
}
