// Unit tests of the duplicate filter for overlapping subscriptions.
import { describe, expect, it } from 'vitest';
import { DuplicateFilter } from './duplicate-filter';

const p = (s: string) => Buffer.from(s);

describe('DuplicateFilter', () => {
  it('keeps everything while at most one filter is held', () => {
    const f = new DuplicateFilter();
    f.idFor('a/#');
    expect(f.accept('a/b', p('x'), false, undefined)).toBe(true);
    expect(f.accept('a/b', p('x'), false, undefined)).toBe(true);
  });

  it('MQTT 5: keeps only the copy tagged with the lowest matching identifier', () => {
    const f = new DuplicateFilter();
    const all = f.idFor('#');
    const a = f.idFor('a/#');
    expect(f.accept('a/b', p('x'), false, a)).toBe(false);
    expect(f.accept('a/b', p('x'), false, all)).toBe(true);
    expect(f.accept('a/b', p('x'), false, [all, a])).toBe(true);
    expect(f.accept('z', p('x'), false, all)).toBe(true);
  });

  it('MQTT 5: keeps retained replays of a second subscription', () => {
    const f = new DuplicateFilter();
    f.idFor('#');
    const a = f.idFor('a/#');
    expect(f.accept('a/b', p('x'), true, a)).toBe(true);
  });

  it('MQTT 3.1.1: drops the identical copies that follow, one per extra matching filter', () => {
    const f = new DuplicateFilter();
    f.idFor('#');
    f.idFor('a/#');
    f.idFor('a/+');
    expect(f.accept('a/b', p('1'), false, undefined)).toBe(true);
    expect(f.accept('a/b', p('1'), false, undefined)).toBe(false);
    expect(f.accept('a/b', p('1'), false, undefined)).toBe(false);
    expect(f.accept('a/b', p('1'), false, undefined)).toBe(true);
    expect(f.accept('c', p('1'), false, undefined)).toBe(true);
    expect(f.accept('c', p('1'), false, undefined)).toBe(true);
  });

  it('forgets filters that are released', () => {
    const f = new DuplicateFilter();
    f.idFor('#');
    f.idFor('a/#');
    f.forget('a/#');
    expect(f.accept('a/b', p('1'), false, undefined)).toBe(true);
    expect(f.accept('a/b', p('1'), false, undefined)).toBe(true);
  });
});

describe('DuplicateFilter with a tap', () => {
  it('leaves tap identifiers out when choosing the copy the other listeners keep', () => {
    const f = new DuplicateFilter();
    const tap = f.idFor('+/#');
    f.setTapped('+/#', true);
    const a = f.idFor('a/#');
    const b = f.idFor('a/b');
    expect(f.isTapped(tap)).toBe(true);
    expect(f.accept('a/b', p('x'), false, a)).toBe(true);
    expect(f.accept('a/b', p('x'), false, b)).toBe(false);
    expect(f.accept('a/b', p('x'), false, [tap, b])).toBe(false);
    f.setTapped('+/#', false);
    expect(f.accept('a/b', p('x'), false, a)).toBe(false);
    expect(f.accept('a/b', p('x'), false, tap)).toBe(true);
  });

  it('counts only the other filters for the one-filter shortcut', () => {
    const f = new DuplicateFilter();
    f.idFor('+/#');
    f.setTapped('+/#', true);
    const a = f.idFor('a/#');
    expect(f.accept('a/b', p('x'), false, a)).toBe(true);
    expect(f.accept('a/b', p('x'), false, a)).toBe(true);
    f.forget('+/#');
    expect(f.isTapped(1)).toBe(false);
  });
});
