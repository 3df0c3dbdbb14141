// Diff of a payload to the previous one (pure): JSON by key path, anything else by line.

/** A payload as the explorer keeps it (a message record's format and value). */
export interface DiffablePayload {
  payload_format: 'json' | 'text' | 'binary';
  payload?: unknown;
}

/** One difference between two JSON values at a key path (`a.b[0]`; empty for the whole value). */
export interface JsonChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/** One line of a line diff: kept, removed or added. */
export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

/** A line diff with long unchanged runs folded into a count. */
export type CompactLine = DiffLine | { op: '…'; count: number };

/** The difference between two payloads. */
export type PayloadDiff =
  | { kind: 'first' }
  | { kind: 'same' }
  | { kind: 'json'; changes: JsonChange[]; truncated: boolean }
  | { kind: 'text'; lines: CompactLine[] };

/** Most JSON changes reported. */
export const MAX_JSON_CHANGES = 200;
/** Largest LCS table (old lines × new lines) computed; beyond, the middle is shown replaced. */
export const MAX_LCS_CELLS = 250_000;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === 'object' && v !== null;
}

function keyPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (IDENTIFIER.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}

/** Differences between two JSON values, by key path, at most `limit` of them. */
export function diffJson(before: unknown, after: unknown, limit = MAX_JSON_CHANGES): JsonChange[] {
  const out: JsonChange[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (out.length >= limit) return;
    if (Object.is(a, b)) return;
    const arrays = Array.isArray(a) && Array.isArray(b);
    const objects = isContainer(a) && isContainer(b) && !Array.isArray(a) && !Array.isArray(b);
    if (arrays) {
      const n = Math.max(a.length, b.length);
      for (let i = 0; i < n && out.length < limit; i++) {
        if (i >= a.length) out.push({ path: keyPath(path, i), kind: 'added', after: b[i] });
        else if (i >= b.length) out.push({ path: keyPath(path, i), kind: 'removed', before: a[i] });
        else walk(a[i], b[i], keyPath(path, i));
      }
      return;
    }
    if (objects) {
      const ao = a as Record<string, unknown>;
      const bo = b as Record<string, unknown>;
      for (const key of Object.keys(bo)) {
        if (out.length >= limit) return;
        if (!Object.hasOwn(ao, key))
          out.push({ path: keyPath(path, key), kind: 'added', after: bo[key] });
        else walk(ao[key], bo[key], keyPath(path, key));
      }
      for (const key of Object.keys(ao)) {
        if (out.length >= limit) return;
        if (!Object.hasOwn(bo, key)) {
          out.push({ path: keyPath(path, key), kind: 'removed', before: ao[key] });
        }
      }
      return;
    }
    out.push({ path, kind: 'changed', before: a, after: b });
  };
  walk(before, after, '');
  return out;
}

/** A line diff (longest common subsequence on the lines between common prefix and suffix). */
export function diffLines(before: string, after: string, maxCells = MAX_LCS_CELLS): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head: DiffLine[] = a.slice(0, start).map((text) => ({ op: ' ', text }));
  const tail: DiffLine[] = a.slice(endA).map((text) => ({ op: ' ', text }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  let middle: DiffLine[];
  if (midA.length * midB.length > maxCells) {
    middle = [
      ...midA.map((text): DiffLine => ({ op: '-', text })),
      ...midB.map((text): DiffLine => ({ op: '+', text })),
    ];
  } else {
    middle = lcsDiff(midA, midB);
  }
  return [...head, ...middle, ...tail];
}

function lcsDiff(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  // lengths[i][j]: LCS length of a[i..] and b[j..], in one flat array.
  const lengths = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[at(i, j)] =
        a[i] === b[j]
          ? (lengths[at(i + 1, j + 1)] ?? 0) + 1
          : Math.max(lengths[at(i + 1, j)] ?? 0, lengths[at(i, j + 1)] ?? 0);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i] as string });
      i++;
      j++;
    } else if ((lengths[at(i + 1, j)] ?? 0) >= (lengths[at(i, j + 1)] ?? 0)) {
      out.push({ op: '-', text: a[i++] as string });
    } else {
      out.push({ op: '+', text: b[j++] as string });
    }
  }
  while (i < n) out.push({ op: '-', text: a[i++] as string });
  while (j < m) out.push({ op: '+', text: b[j++] as string });
  return out;
}

/** Folds runs of unchanged lines longer than 2 × context into a count. */
export function compactLines(lines: DiffLine[], context = 2): CompactLine[] {
  const out: CompactLine[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i]?.op !== ' ') {
      out.push(lines[i] as DiffLine);
      i++;
      continue;
    }
    let end = i;
    while (end < lines.length && lines[end]?.op === ' ') end++;
    const run = lines.slice(i, end);
    const keepBefore = i === 0 ? 0 : context;
    const keepAfter = end === lines.length ? 0 : context;
    if (run.length > keepBefore + keepAfter + 1) {
      out.push(...run.slice(0, keepBefore));
      out.push({ op: '…', count: run.length - keepBefore - keepAfter });
      out.push(...run.slice(run.length - keepAfter));
    } else {
      out.push(...run);
    }
    i = end;
  }
  return out;
}

/** The text of a payload for a line diff: pretty JSON, text, or base64. */
export function payloadLines(p: DiffablePayload): string {
  if (p.payload_format === 'json' && typeof p.payload !== 'string') {
    return JSON.stringify(p.payload, null, 2) ?? '';
  }
  return typeof p.payload === 'string' ? p.payload : (JSON.stringify(p.payload) ?? '');
}

/** The difference of `next` to `prev` (JSON by key path when both are parsed JSON). */
export function diffPayloads(
  prev: DiffablePayload | undefined,
  next: DiffablePayload,
): PayloadDiff {
  if (!prev) return { kind: 'first' };
  const bothJson =
    prev.payload_format === 'json' &&
    next.payload_format === 'json' &&
    typeof prev.payload !== 'string' &&
    typeof next.payload !== 'string';
  if (bothJson) {
    const changes = diffJson(prev.payload, next.payload, MAX_JSON_CHANGES + 1);
    if (changes.length === 0) return { kind: 'same' };
    return {
      kind: 'json',
      changes: changes.slice(0, MAX_JSON_CHANGES),
      truncated: changes.length > MAX_JSON_CHANGES,
    };
  }
  const a = payloadLines(prev);
  const b = payloadLines(next);
  if (a === b && prev.payload_format === next.payload_format) return { kind: 'same' };
  return { kind: 'text', lines: compactLines(diffLines(a, b)) };
}
