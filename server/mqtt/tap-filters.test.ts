// Unit tests of the tap's filters: together they match exactly what the pattern matches.
import { describe, expect, it } from 'vitest';
import { tapFilters } from './tap-filters';
import { topicMatches } from './topics';

const TOPICS = ['a', 'a/b', 'a/b/c', 'a/', '/a', 'b', 'b/a', '$SYS/x', 'x/a/b', 'a/b/c/d'];

describe('tapFilters', () => {
  it.each(['#', 'a/#', 'a/+/#', '+/b/#', 'a/b', 'a/+'])(
    '%s: matches exactly the same topics, spelled differently when it ends in #',
    (pattern) => {
      const filters = tapFilters(pattern);
      for (const topic of TOPICS) {
        expect(
          filters.some((f) => topicMatches(f, topic)),
          topic,
        ).toBe(topicMatches(pattern, topic));
      }
      if (pattern.endsWith('#')) expect(filters).not.toContain(pattern);
    },
  );

  it('spells # as +/# and a/# as a and a/+/#', () => {
    expect(tapFilters('#')).toEqual(['+/#']);
    expect(tapFilters('a/#')).toEqual(['a', 'a/+/#']);
    expect(tapFilters('a/b')).toEqual(['a/b']);
  });
});
