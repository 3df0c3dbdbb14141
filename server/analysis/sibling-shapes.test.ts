// Unit tests of sibling shape comparison: type, null and missing deviations, and when none are named.
import { describe, expect, it } from 'vitest';
import { compareSiblings, memberShape } from './sibling-shapes';

function member(name: string, payloads: unknown[]) {
  return memberShape(name, payloads);
}

describe('compareSiblings', () => {
  it('names a member whose field has another type', () => {
    const members = ['m1', 'm2', 'm3', 'm4'].map((m) =>
      member(m, [{ speed: m === 'm2' ? '1450' : 1450 }, { speed: m === 'm2' ? '1460' : 1460 }]),
    );
    expect(compareSiblings(members)).toEqual([
      {
        member: 'm2',
        field: 'speed',
        issue: 'type',
        expected: 'number',
        found: 'string',
        example: '"1450"',
        siblings: 3,
      },
    ]);
  });

  it('names a member that is mostly null and one that lacks a regular field', () => {
    const members = ['a', 'b', 'c', 'd', 'e', 'f'].map((m) =>
      member(
        m,
        [1, 2].map(() => (m === 'f' ? { t: 1 } : { t: 1, h: m === 'e' ? null : 40 })),
      ),
    );
    expect(compareSiblings(members).map((d) => [d.member, d.field, d.issue])).toEqual([
      ['e', 'h', 'null'],
      ['f', 'h', 'missing'],
    ]);
  });

  it('names nobody with fewer than three members, an even split, or optional fields', () => {
    expect(compareSiblings([member('a', [{ x: 1 }]), member('b', [{ x: 'y' }])])).toEqual([]);
    const split = ['a', 'b', 'c', 'd'].map((m, i) => member(m, [{ x: i % 2 ? 'y' : 1 }]));
    expect(compareSiblings(split)).toEqual([]);
    const optional = ['a', 'b', 'c', 'd'].map((m, i) =>
      member(m, [{ x: 1, ...(i === 0 ? { rssi: -50 } : {}) }, { x: 2 }]),
    );
    expect(compareSiblings(optional)).toEqual([]);
  });

  it('skips payloads that are not JSON objects', () => {
    expect(member('a', [1, 'text', null, { x: 1 }]).objects).toBe(1);
  });
});
