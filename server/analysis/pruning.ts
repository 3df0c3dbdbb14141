// Deterministic pruning of a capture to exactly `limit` messages, keeping what matters (pure).
import type { MessageRecord } from './message';
import { describePruning, type KeptByCategory } from './pruning-report';
import { severityOf } from './severity';
import { shapeKeyer } from './shape';
import { evenSpread } from './spread';

/** What pruning kept and dropped, for the `pruning` block of a tool result. */
export interface PruningReport {
  strategy: string;
  original_count: number;
  kept_count: number;
  limit: number;
  kept_by_category: KeptByCategory;
  dropped_count: number;
  dropped_by_topic: Array<{ topic: string; dropped: number }>;
  dropped_topics_not_listed: number;
}

/** Most topics listed in `dropped_by_topic`. */
export const MAX_DROPPED_TOPICS_LISTED = 20;

/**
 * Reduces messages to exactly `limit` in input (arrival) order, deterministically: every error
 * and warning (errors first, evenly spread when they alone exceed the limit), the first and last
 * message, one message of each shape not yet represented (in order of first appearance), then an
 * even spread of the rest; messages are returned unchanged with `pruning: null` when they fit.
 * `dropped_by_topic` names at most `maxDroppedListed` topics (most dropped first).
 */
export function pruneMessages(
  messages: MessageRecord[],
  limit: number,
  maxDroppedListed = MAX_DROPPED_TOPICS_LISTED,
): { kept: MessageRecord[]; pruning: PruningReport | null } {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }
  const n = messages.length;
  if (n <= limit) return { kept: messages, pruning: null };

  const keep = new Uint8Array(n);
  const counts: KeptByCategory = {
    errors: 0,
    warnings: 0,
    first_last: 0,
    new_shapes: 0,
    even_spread: 0,
  };
  let slots = limit;
  const take = (indices: number[], category: keyof KeptByCategory): void => {
    for (const i of indices) {
      if (keep[i] || slots === 0) continue;
      keep[i] = 1;
      counts[category]++;
      slots--;
    }
  };

  const errors: number[] = [];
  const warnings: number[] = [];
  messages.forEach((m, i) => {
    const severity = severityOf(m.topic, m.payload, m.payload_format);
    if (severity === 'error') errors.push(i);
    else if (severity === 'warning') warnings.push(i);
  });
  take(evenSpread(errors, slots), 'errors');
  take(evenSpread(warnings, slots), 'warnings');
  const before = counts.first_last;
  take([0], 'first_last');
  const edges = { first: counts.first_last > before, last: false };
  take([n - 1], 'first_last');
  edges.last = counts.first_last > before + (edges.first ? 1 : 0);

  if (slots > 0) {
    const keys = messages.map(shapeKeyer());
    const represented = new Set(keys.filter((_, i) => keep[i]));
    for (let i = 0; i < n && slots > 0; i++) {
      const key = keys[i] as string;
      if (represented.has(key)) continue;
      represented.add(key);
      take([i], 'new_shapes');
    }
  }
  if (slots > 0) {
    const rest: number[] = [];
    for (let i = 0; i < n; i++) if (!keep[i]) rest.push(i);
    take(evenSpread(rest, slots), 'even_spread');
  }

  const kept: MessageRecord[] = [];
  const droppedPerTopic = new Map<string, number>();
  messages.forEach((m, i) => {
    if (keep[i]) kept.push(m);
    else droppedPerTopic.set(m.topic, (droppedPerTopic.get(m.topic) ?? 0) + 1);
  });
  const droppedByTopic = [...droppedPerTopic]
    .map(([topic, dropped]) => ({ topic, dropped }))
    .sort((a, b) => b.dropped - a.dropped || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
  const listed = droppedByTopic.slice(0, maxDroppedListed);
  const totals = { errors: errors.length, warnings: warnings.length };
  return {
    kept,
    pruning: {
      strategy: describePruning(n, kept.length, counts, totals, edges),
      original_count: n,
      kept_count: kept.length,
      limit,
      kept_by_category: counts,
      dropped_count: n - kept.length,
      dropped_by_topic: listed,
      dropped_topics_not_listed: droppedByTopic.length - listed.length,
    },
  };
}
