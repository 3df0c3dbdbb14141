// Detector: a sibling whose JSON shape deviates from the others (a field of another type, missing, or null).
import { compareSiblings, type ShapeDeviation } from '../../analysis/sibling-shapes';
import type { Finding } from '../finding';
import type { DiagnosisWindow } from '../window';

function describe(d: ShapeDeviation): string {
  if (d.issue === 'missing') return `has no "${d.field}"`;
  if (d.issue === 'null') return `sends "${d.field}" as null`;
  return `sends "${d.field}" as a ${d.found}${d.example ? ` (${d.example})` : ''}`;
}

/** Members of sibling groups whose payload shape differs from the others'. */
export function detectSchemaDrift(w: DiagnosisWindow): Finding[] {
  const out: Finding[] = [];
  for (const [pattern, group] of w.siblingGroups()) {
    const deviations = compareSiblings(
      group.map((t) => ({ name: t.topic, objects: t.objects, fields: t.shape })),
    );
    const byMember = new Map<string, ShapeDeviation[]>();
    for (const d of deviations) byMember.set(d.member, [...(byMember.get(d.member) ?? []), d]);
    for (const [topic, list] of byMember) {
      const first = list[0] as ShapeDeviation;
      const expected =
        first.issue === 'missing'
          ? `all ${first.siblings} siblings under ${pattern} have it`
          : `its ${first.siblings} siblings under ${pattern} send a ${first.expected}`;
      out.push({
        kind: 'schema_drift',
        severity: 'warning',
        subject: w.subject(topic),
        summary: `${topic} ${list.map(describe).join(', ')} while ${expected}: consumers that parse the siblings alike will break on it.`,
        evidence: {
          pattern,
          fields: list.map((d) => d.field),
          issues: list.map((d) => `${d.field}: ${d.issue} (${d.found} vs ${d.expected})`),
          siblings: first.siblings,
        },
        suggestion: `Compare its firmware and configuration with its siblings'; fix the publisher, or make consumers accept both forms.`,
      });
    }
  }
  return out;
}
