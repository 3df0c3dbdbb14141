// Detector: a retained message on a command topic, re-delivered to every subscriber and re-run on reconnect.
import { isCommandTopic } from '../../analysis/command-topics';
import type { Finding } from '../finding';
import { duration, iso, type DiagnosisWindow } from '../window';

/** Command topics (…/set, cmnd/…, …/command) that hold a retained value. */
export function detectRetainedCommand(w: DiagnosisWindow): Finding[] {
  const out: Finding[] = [];
  for (const track of w.tracks.values()) {
    const value = track.retainedValue;
    if (!value || value.preview === '' || !isCommandTopic(track.topic)) continue;
    const subject = w.subject(track.topic);
    const age: Record<string, string> =
      value.payloadMs !== undefined
        ? { retained_since: iso(value.payloadMs), age: duration(value.atMs - value.payloadMs) }
        : {};
    out.push({
      kind: 'retained_command',
      severity: 'warning',
      subject,
      summary: `A retained command ${value.preview} sits on ${track.topic}: the broker hands it to every new subscriber, so ${subject.device} runs it again each time it reconnects.`,
      evidence: { command: value.preview, retained: true, ...age },
      suggestion: `Clear it (publish an empty retained message to ${track.topic}) and make the sender publish commands with retain=false.`,
    });
  }
  return out;
}
