// Suggests device ids that look like a given one among known topics (case, separators, typos) (pure).

/** A topic level that may be the device the caller meant. */
export interface DeviceCandidate {
  device_id: string;
  /** Known topics with this level. */
  topic_count: number;
  example_topic: string;
}

/** Most candidates returned. */
export const MAX_CANDIDATES = 5;
/** Most topics looked at. */
const MAX_TOPICS = 50_000;

function normal(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
      row.push(v);
      best = Math.min(best, v);
    }
    if (best > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length] as number;
}

/** How much a level looks like the id: 3 same but for case/separators, 2 contains, 1 a typo away. */
function score(level: string, id: string): number {
  if (level === id) return 0;
  const l = normal(level);
  const n = normal(id);
  if (l.length < 2 || n.length < 2) return 0;
  if (l === n) return 3;
  if (n.length >= 3 && l.length >= 3 && (l.includes(n) || n.includes(l))) return 2;
  return distance(l, n, Math.max(1, Math.floor(n.length / 4))) <=
    Math.max(1, Math.floor(n.length / 4))
    ? 1
    : 0;
}

/**
 * Topic levels (other than `id` itself) that look like `id`: the same but for case or separators,
 * containing it or contained in it, or a typo away; best first, then by topic count.
 */
export function deviceCandidates(id: string, topics: Iterable<string>): DeviceCandidate[] {
  const found = new Map<string, { score: number; count: number; example: string }>();
  const scores = new Map<string, number>();
  let seen = 0;
  for (const topic of topics) {
    if (++seen > MAX_TOPICS) break;
    if (topic.startsWith('$')) continue;
    for (const level of new Set(topic.split('/'))) {
      let s = scores.get(level);
      if (s === undefined) {
        s = score(level, id);
        scores.set(level, s);
      }
      if (s === 0) continue;
      const entry = found.get(level);
      if (entry) entry.count++;
      else found.set(level, { score: s, count: 1, example: topic });
    }
  }
  return [...found]
    .sort(([a, x], [b, y]) => y.score - x.score || y.count - x.count || a.localeCompare(b))
    .slice(0, MAX_CANDIDATES)
    .map(([device_id, e]) => ({ device_id, topic_count: e.count, example_topic: e.example }));
}
