// Groups sibling topics into one pattern: id-like levels, the caller's `+` levels, and name levels that vary (pure).
import { isIdLevel } from './topic-patterns';

/** Distinct names at one level that make it a variable level (`home/<room>/temperature`). */
export const MIN_VARYING_NAMES = 3;

/*
 * Rules, in order:
 * 1. A level becomes `+` where the caller's filter has `+` at that position (a `#` ends the
 *    filter's say), or where the level looks like an id (isIdLevel).
 * 2. Then, position by position from the left, never the last level: topics of the same depth that
 *    are equal except at that position, with at least MIN_VARYING_NAMES distinct names there
 *    (rooms, machine names), are siblings and share one pattern with `+` at that position. The
 *    last level is left alone: it usually names the measurement (`temperature` vs `humidity`).
 * `$`-topics keep their own name.
 */

function forcedLevels(filter: string | undefined): boolean[] {
  if (!filter) return [];
  const forced: boolean[] = [];
  for (const level of filter.split('/')) {
    if (level === '#') break;
    forced.push(level === '+');
  }
  return forced;
}

function basePattern(topic: string, forced: boolean[]): string[] {
  return topic.split('/').map((level, i) => (forced[i] || isIdLevel(level) ? '+' : level));
}

/** Collapses position `i` where enough distinct names share the rest of the pattern. */
function collapseAt(patterns: Map<string, string[]>, i: number): Map<string, string> {
  const byRest = new Map<string, Set<string>>();
  for (const levels of patterns.values()) {
    if (i >= levels.length - 1 || levels[i] === '+') continue;
    const rest = [...levels.slice(0, i), '+', ...levels.slice(i + 1)].join('/');
    const names = byRest.get(rest) ?? new Set<string>();
    names.add(levels[i] as string);
    byRest.set(rest, names);
  }
  const renamed = new Map<string, string>();
  for (const [key, levels] of patterns) {
    if (i >= levels.length - 1 || levels[i] === '+') continue;
    const rest = [...levels.slice(0, i), '+', ...levels.slice(i + 1)].join('/');
    if ((byRest.get(rest)?.size ?? 0) >= MIN_VARYING_NAMES) renamed.set(key, rest);
  }
  return renamed;
}

/**
 * The sibling pattern of each distinct topic (see the rules above), e.g. `home/kitchen/temp`,
 * `home/garage/temp` and `home/attic/temp` all map to `home/+/temp`.
 */
export function siblingPatterns(topics: Iterable<string>, filter?: string): Map<string, string> {
  const forced = forcedLevels(filter);
  const patternOf = new Map<string, string>();
  const patterns = new Map<string, string[]>();
  for (const topic of topics) {
    if (patternOf.has(topic)) continue;
    const pattern = topic.startsWith('$') ? topic : basePattern(topic, forced).join('/');
    patternOf.set(topic, pattern);
    if (!patterns.has(pattern)) patterns.set(pattern, pattern.split('/'));
  }
  const depth = Math.max(0, ...[...patterns.values()].map((l) => l.length));
  const final = new Map<string, string>([...patterns.keys()].map((p) => [p, p]));
  for (let i = 0; i < depth - 1; i++) {
    const current = new Map<string, string[]>();
    for (const p of new Set(final.values())) {
      if (!p.startsWith('$')) current.set(p, p.split('/'));
    }
    const renamed = collapseAt(current, i);
    if (renamed.size === 0) continue;
    for (const [base, p] of final) {
      const next = renamed.get(p);
      if (next !== undefined) final.set(base, next);
    }
  }
  for (const [topic, base] of patternOf) patternOf.set(topic, final.get(base) ?? base);
  return patternOf;
}

/** Groups distinct topics by sibling pattern, both in order of first appearance. */
export function groupSiblings(topics: Iterable<string>, filter?: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [topic, pattern] of siblingPatterns(topics, filter)) {
    const group = groups.get(pattern);
    if (group) group.push(topic);
    else groups.set(pattern, [topic]);
  }
  return groups;
}
