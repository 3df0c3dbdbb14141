// Unit tests of the payload diff: JSON key paths, line diffs, folding, and the choice between them.
import { describe, expect, it } from 'vitest';
import { compactLines, diffJson, diffLines, diffPayloads, MAX_JSON_CHANGES } from './diff';

const json = (payload: unknown) => ({ payload_format: 'json' as const, payload });
const text = (payload: string) => ({ payload_format: 'text' as const, payload });
/** Expected diff lines, each written as its op then its text: `' kept'`, `'-old'`, `'+new'`. */
const opLines = (...lines: string[]) => lines.map((l) => ({ op: l.slice(0, 1), text: l.slice(1) }));

describe('diffJson', () => {
  it('reports changed, added and removed keys by path', () => {
    expect(diffJson({ t: 1, a: { b: 2 }, gone: true }, { t: 2, a: { b: 2, c: 3 } })).toEqual([
      { path: 't', kind: 'changed', before: 1, after: 2 },
      { path: 'a.c', kind: 'added', after: 3 },
      { path: 'gone', kind: 'removed', before: true },
    ]);
  });

  it('walks arrays by index and quotes keys that are not identifiers', () => {
    expect(diffJson({ 'a b': [1, 2] }, { 'a b': [1, 3, 4] })).toEqual([
      { path: '["a b"][1]', kind: 'changed', before: 2, after: 3 },
      { path: '["a b"][2]', kind: 'added', after: 4 },
    ]);
  });

  it('reports a change of type or of a whole primitive at its path', () => {
    expect(diffJson({ v: [1] }, { v: { x: 1 } })).toEqual([
      { path: 'v', kind: 'changed', before: [1], after: { x: 1 } },
    ]);
    expect(diffJson(21.5, 22)).toEqual([{ path: '', kind: 'changed', before: 21.5, after: 22 }]);
  });

  it('finds nothing between equal documents and stops at the limit', () => {
    expect(diffJson({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([]);
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    expect(diffJson({}, many, 10)).toHaveLength(10);
  });
});

describe('diffLines', () => {
  it('keeps common lines and marks removed and added ones', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc')).toEqual(opLines(' a', '-b', '+x', ' c'));
  });

  it('finds insertions in the middle with the LCS', () => {
    expect(diffLines('1\n2\n3\n4', '1\n2\nnew\n3\n4').filter((l) => l.op !== ' ')).toEqual([
      { op: '+', text: 'new' },
    ]);
  });

  it('falls back to remove-all/add-all beyond the LCS budget', () => {
    const lines = diffLines('a\nb\nc', 'x\ny\nz', 4);
    expect(lines.map((l) => l.op).join('')).toBe('---+++');
  });
});

describe('compactLines', () => {
  it('folds long unchanged runs, keeping context around changes', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n');
    const after = before.replace('l10', 'L10');
    const compact = compactLines(diffLines(before, after), 2);
    expect(compact).toEqual([
      { op: '…', count: 8 },
      ...opLines(' l8', ' l9', '-l10', '+L10', ' l11', ' l12'),
      { op: '…', count: 7 },
    ]);
  });
});

describe('diffPayloads', () => {
  it('says first for the oldest record and same for an unchanged payload', () => {
    expect(diffPayloads(undefined, text('a'))).toEqual({ kind: 'first' });
    expect(diffPayloads(text('a'), text('a'))).toEqual({ kind: 'same' });
    expect(diffPayloads(json({ a: 1 }), json({ a: 1 }))).toEqual({ kind: 'same' });
  });

  it('diffs parsed JSON by key path', () => {
    expect(diffPayloads(json({ t: 1 }), json({ t: 2 }))).toEqual({
      kind: 'json',
      changes: [{ path: 't', kind: 'changed', before: 1, after: 2 }],
      truncated: false,
    });
  });

  it('diffs text, or JSON against text, by line', () => {
    expect(diffPayloads(text('on'), text('off'))).toEqual({
      kind: 'text',
      lines: opLines('-on', '+off'),
    });
    const mixed = diffPayloads(json({ a: 1 }), text('oops'));
    expect(mixed.kind).toBe('text');
  });

  it('marks a JSON diff cut at MAX_JSON_CHANGES as truncated', () => {
    const big = Object.fromEntries(
      Array.from({ length: MAX_JSON_CHANGES + 5 }, (_, i) => [`k${i}`, i]),
    );
    const d = diffPayloads(json({}), json(big));
    expect(d.kind === 'json' && d.truncated).toBe(true);
    expect(d.kind === 'json' && d.changes.length).toBe(MAX_JSON_CHANGES);
  });
});
