// The human-readable one-sentence explanation of what pruning kept and dropped (pure).
import { plural } from './plural';

/** How many kept messages each selection rule contributed. */
export interface KeptByCategory {
  errors: number;
  warnings: number;
  first_last: number;
  new_shapes: number;
  even_spread: number;
}

function joinAnd(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function severityPart(kept: number, total: number, word: string): string | undefined {
  if (total === 0) return undefined;
  if (kept === total) return total === 1 ? `the one ${word}` : `all ${plural(total, word)}`;
  if (kept === 0) return `none of the ${plural(total, word)} (no room left)`;
  return `${kept} of ${plural(total, word)} (evenly spread; not all fit)`;
}

/** One sentence stating which messages were kept by which rule and how many were dropped. */
export function describePruning(
  original: number,
  kept: number,
  counts: KeptByCategory,
  totals: { errors: number; warnings: number },
  edges: { first: boolean; last: boolean },
): string {
  const edgeText = edges.first
    ? edges.last
      ? 'the first and last messages'
      : 'the first message'
    : edges.last
      ? 'the last message'
      : undefined;
  const parts = [
    severityPart(counts.errors, totals.errors, 'error message'),
    severityPart(counts.warnings, totals.warnings, 'warning message'),
    edgeText,
    counts.new_shapes > 0
      ? `one example of each of ${plural(counts.new_shapes, 'further message shape')} (topic pattern, format and JSON keys)`
      : undefined,
    counts.even_spread > 0
      ? `${counts.even_spread} more spread evenly across the capture`
      : undefined,
  ].filter((p): p is string => p !== undefined);
  return `Kept ${kept} of ${original} messages in arrival order: ${joinAnd(parts)}; dropped ${original - kept}.`;
}
