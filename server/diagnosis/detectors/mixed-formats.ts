// Detector: one topic whose payloads switch between JSON, text, binary and broken JSON.
import type { Finding } from '../finding';
import type { FormatCategory } from '../topic-track';
import type { DiagnosisWindow } from '../window';

/** Messages a topic needs before its mix of formats is judged. */
const MIN_MESSAGES = 4;

const NAMES: Record<FormatCategory, string> = {
  json: 'JSON',
  text: 'text',
  binary: 'binary',
  broken_json: 'broken JSON',
};

/** Topics whose payloads come in more than one format. */
export function detectMixedFormats(w: DiagnosisWindow): Finding[] {
  const out: Finding[] = [];
  for (const track of w.tracks.values()) {
    const counts = Object.entries(track.formats) as Array<[FormatCategory, number]>;
    const total = counts.reduce((sum, [, n]) => sum + n, 0);
    if (counts.length < 2 || total < MIN_MESSAGES) continue;
    counts.sort((a, b) => b[1] - a[1]);
    const [main] = counts[0] as [FormatCategory, number];
    const odd = counts.slice(1);
    const list = counts.map(([c, n]) => `${n} ${NAMES[c]}`).join(', ');
    out.push({
      kind: 'mixed_formats',
      severity: 'warning',
      subject: w.subject(track.topic),
      summary: `${track.topic} mixes payload formats (${list} of ${total}): consumers that expect ${NAMES[main]} will fail on the rest.`,
      evidence: {
        ...Object.fromEntries(counts),
        examples: odd.map(([c]) => track.formatExamples[c] ?? '').slice(0, 2),
      },
      suggestion: `Find the client that publishes the odd payloads (a second publisher, a firmware bug, a truncating gateway) and make it publish ${NAMES[main]} only.`,
    });
  }
  return out;
}
