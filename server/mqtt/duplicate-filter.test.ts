// Unit tests of the duplicate filter for overlapping subscriptions.
import { describe, expect, it } from 'vitest';
import { DuplicateFilter } from './duplicate-filter';

const p = (s: string) => Buffer.from(s);

/** A filter holding these subscriptions, in this order. */
function holding(...filters: string[]): DuplicateFilter {
  const f = new DuplicateFilter();
  for (const filter of filters) f.idFor(filter);
  return f;
}

/** Whether each of these MQTT 3.1.1 deliveries (payload "1", no identifiers) is kept, in order. */
const kept = (f: DuplicateFilter, topics: string[]) =>
  topics.map((topic) => f.accept(topic, p('1'), false, undefined));

describe('DuplicateFilter', () => {
  it('keeps everything while at most one filter is held', () => {
    const f = holding('a/#');
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
    const f = holding('#', 'a/#', 'a/+');
    const deliveries = ['a/b', 'a/b', 'a/b', 'a/b', 'c', 'c'];
    expect(kept(f, deliveries)).toEqual([true, false, false, true, true, true]);
  });

  it('forgets filters that are released', () => {
    const f = holding('#', 'a/#');
    f.forget('a/#');
    expect(kept(f, ['a/b', 'a/b'])).toEqual([true, true]);
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
