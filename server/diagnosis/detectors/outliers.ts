// Detector: readings far outside a field's usual range (robust median/MAD), over time and against siblings.
import type { FieldTrack } from '../field-track';
import type { Finding } from '../finding';
import { isOutlier, robustCentre } from '../robust';
import type { TopicTrack } from '../topic-track';
import { iso, type DiagnosisWindow } from '../window';

/** Samples a field needs before its outliers are judged. */
export const MIN_SAMPLES = 8;
/** More outliers than this share of the samples means two regimes, not outliers. */
const MAX_OUTLIER_SHARE = 0.1;
/** Siblings needed to compare their typical values. */
const MIN_GROUP = 4;

function roundish(v: number): number {
  return Math.round(v * 100) / 100;
}

/**
 * The outliers of one field: values that stood out when they arrived (or arrived before there was
 * a baseline) and still stand out against the field's latest values, so that a slow drift judged
 * by an early, narrow baseline is not called a spike.
 */
function fieldOutliers(field: FieldTrack): Array<{ value: number; atMs: number }> {
  if (field.numbers < MIN_SAMPLES || field.counterLike() || field.enumLike()) return [];
  const centre = field.centre();
  if (!centre) return [];
  const found = [...field.early, ...field.outliers].filter((e) => isOutlier(e.value, centre));
  const share = Math.max(found.length, field.outlierCount) / field.numbers;
  return share <= MAX_OUTLIER_SHARE ? found : [];
}

function spikeFinding(w: DiagnosisWindow, track: TopicTrack): Finding | undefined {
  for (const [path, field] of track.fields) {
    const found = fieldOutliers(field);
    const first = found[0];
    if (!first) continue;
    const centre = field.centre();
    const median = roundish(centre?.median ?? 0);
    const name = path === '' ? 'a value' : `"${path}" =`;
    return {
      kind: 'outlier',
      severity: 'warning',
      subject: w.subject(track.topic),
      summary: `${track.topic} reported ${name} ${first.value} at ${iso(first.atMs)} while it usually reads about ${median}: a spike far outside its range.`,
      evidence: {
        field: path || '(value)',
        values: found.slice(0, 3).map((o) => o.value),
        count: found.length,
        median,
        samples: field.numbers,
      },
      suggestion: `Treat such readings as faulty (filter them before alerts and statistics) and check the sensor for electrical noise or a loose connection.`,
    };
  }
  return undefined;
}

/** Sibling topics whose typical value of a field is far from what the others read. */
function siblingFindings(w: DiagnosisWindow): Finding[] {
  const out: Finding[] = [];
  for (const [pattern, group] of w.siblingGroups()) {
    if (group.length < MIN_GROUP) continue;
    const paths = new Set(group.flatMap((t) => [...t.fields.keys()]));
    for (const path of paths) {
      const members = group
        .map((t) => ({ t, f: t.fields.get(path) }))
        .filter((m): m is { t: TopicTrack; f: FieldTrack } => (m.f?.numbers ?? 0) >= 3)
        .filter((m) => !m.f.counterLike() && !m.f.enumLike())
        .map((m) => ({ ...m, median: m.f.centre()?.median ?? 0 }));
      if (members.length < MIN_GROUP) continue;
      const centre = robustCentre(members.map((m) => m.median));
      const limit = Math.max(8 * centre.madn, 0.5 * Math.abs(centre.median));
      const odd = members.filter((m) => limit > 0 && Math.abs(m.median - centre.median) > limit);
      if (odd.length === 0 || odd.length * 4 > members.length) continue;
      for (const m of odd) {
        out.push({
          kind: 'outlier',
          severity: 'warning',
          subject: w.subject(m.t.topic),
          summary: `${m.t.topic} reads ${path || 'values'} around ${roundish(m.median)} while its ${members.length - 1} siblings under ${pattern} read around ${roundish(centre.median)}: a faulty or mis-scaled sensor.`,
          evidence: {
            field: path || '(value)',
            median: roundish(m.median),
            siblings_median: roundish(centre.median),
            siblings: members.length - 1,
          },
          suggestion: `Compare the sensor with a reference; check its unit and scaling in the device configuration.`,
        });
      }
    }
  }
  return out;
}

/** Spikes within a topic's own values, then whole topics out of line with their siblings. */
export function detectOutliers(w: DiagnosisWindow): Finding[] {
  const out: Finding[] = [];
  for (const track of w.tracks.values()) {
    const finding = spikeFinding(w, track);
    if (finding) out.push(finding);
  }
  const spiked = new Set(out.map((f) => f.subject.topic));
  return [...out, ...siblingFindings(w).filter((f) => !spiked.has(f.subject.topic))];
}
