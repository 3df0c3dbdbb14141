// Deterministic even selection of items across a list (pure).

/** Picks `k` items spread evenly from the first to the last item, in order; all when k >= length. */
export function evenSpread<T>(items: readonly T[], k: number): T[] {
  const m = items.length;
  if (k <= 0 || m === 0) return [];
  if (k >= m) return [...items];
  if (k === 1) return [items[(m - 1) >> 1] as T];
  const picked: T[] = [];
  // With k <= m the step (m - 1) / (k - 1) is at least 1, so the rounded indices are distinct.
  for (let i = 0; i < k; i++) picked.push(items[Math.round((i * (m - 1)) / (k - 1))] as T);
  return picked;
}
