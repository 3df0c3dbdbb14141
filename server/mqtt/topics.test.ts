// Unit tests of MQTT topic rules: topic name and filter validation, and filter matching.
import { describe, expect, it } from 'vitest';
import {
  hasWildcard,
  stripShare,
  topicMatches,
  validateTopicFilter,
  validateTopicName,
} from './topics';
import { itReturns } from '../../test/each-case';
import { caughtToolError } from '../../test/tool-error';

describe('validateTopicName', () => {
  // Ordinary topics, including empty levels, spaces, $ and multi-byte characters.
  it.each(['a', 'sensors/kitchen/temp', '/leading', 'a//b', 'a b/c', '$SYS/x', 'température/€'])(
    'accepts %j',
    (topic) => {
      expect(() => validateTopicName(topic)).not.toThrow();
    },
  );

  it('rejects an empty topic with INVALID_TOPIC naming the argument', () => {
    const err = caughtToolError(() => validateTopicName(''));
    expect(err.code).toBe('INVALID_TOPIC');
    expect(err.message).toBe('topic: the topic is empty');
    expect(err.details).toEqual({ argument: 'topic' });
  });

  it('rejects a NUL character', () => {
    const err = caughtToolError(() => validateTopicName('a\u0000b'));
    expect(err.code).toBe('INVALID_TOPIC');
    expect(err.message).toContain('NUL');
  });

  it.each(['a/+/b', '+', 'a/#', '#', 'a+b', 'a#'])('rejects the wildcard in %j', (topic) => {
    const err = caughtToolError(() => validateTopicName(topic));
    expect(err.code).toBe('INVALID_TOPIC');
    expect(err.message).toContain('wildcard');
    expect(err.message).toContain(`"${topic}"`);
  });

  it('accepts exactly 65,535 UTF-8 bytes and rejects 65,536', () => {
    expect(() => validateTopicName('a'.repeat(65_535))).not.toThrow();
    const err = caughtToolError(() => validateTopicName('a'.repeat(65_536)));
    expect(err.code).toBe('INVALID_TOPIC');
    expect(err.message).toContain('65536 UTF-8 bytes');
    expect(err.message).toContain('at most 65535');
  });

  it('counts UTF-8 bytes, not characters, for multi-byte text', () => {
    const euros = '€'.repeat(21_845);
    expect(Buffer.byteLength(euros, 'utf8')).toBe(65_535);
    expect(() => validateTopicName(euros)).not.toThrow();
    const over = `${euros}a`;
    expect(over.length).toBe(21_846);
    expect(caughtToolError(() => validateTopicName(over)).message).toContain('65536 UTF-8 bytes');
    const emoji = '😀'.repeat(16_384);
    expect(caughtToolError(() => validateTopicName(emoji)).message).toContain('65536 UTF-8 bytes');
  });

  it('names a custom argument in its messages', () => {
    const err = caughtToolError(() => validateTopicName('', 'response_topic'));
    expect(err.message.startsWith('response_topic: ')).toBe(true);
    expect(err.details).toEqual({ argument: 'response_topic' });
  });
});

describe('validateTopicFilter', () => {
  it.each([
    '#',
    'a/#',
    'a/+/b',
    '+',
    '+/+',
    'a/b/c',
    '/#',
    'a//b',
    '$SYS/#',
    '$share/g/a/#',
    '$share/group/+/temp',
  ])('accepts %j', (filter) => {
    expect(() => validateTopicFilter(filter)).not.toThrow();
  });

  it.each(['a/#/b', 'a#', '#/a', 'a/##', 'a/b#'])('rejects the misplaced # in %j', (filter) => {
    const err = caughtToolError(() => validateTopicFilter(filter));
    expect(err.code).toBe('INVALID_TOPIC');
    expect(err.message).toContain('"#" must be the last level');
    expect(err.message).toContain(`got "${filter}"`);
    expect(err.details).toEqual({ argument: 'topic_pattern' });
  });

  it.each(['a/b+', '+a', 'a/++/b', 'a+/b'])(
    'rejects the + not alone in its level in %j',
    (filter) => {
      const err = caughtToolError(() => validateTopicFilter(filter));
      expect(err.code).toBe('INVALID_TOPIC');
      expect(err.message).toContain('"+" must stand alone');
    },
  );

  it.each(['$share/', '$share//a', '$share/g', '$share/g/', '$share/g+/a', '$share/#/a'])(
    'rejects the malformed shared subscription %j',
    (filter) => {
      const err = caughtToolError(() => validateTopicFilter(filter));
      expect(err.code).toBe('INVALID_TOPIC');
      expect(err.message).toContain('$share/<group>/<filter>');
    },
  );

  it('validates the filter inside a shared subscription', () => {
    expect(caughtToolError(() => validateTopicFilter('$share/g/a/#/b')).message).toContain(
      '"#" must be',
    );
  });

  it('rejects empty, NUL and over-long filters', () => {
    expect(caughtToolError(() => validateTopicFilter('')).message).toBe(
      'topic_pattern: the topic filter is empty',
    );
    expect(caughtToolError(() => validateTopicFilter('a/\u0000')).message).toContain('NUL');
    expect(() => validateTopicFilter('a'.repeat(65_535))).not.toThrow();
    expect(caughtToolError(() => validateTopicFilter(`${'a'.repeat(65_534)}/#`)).message).toContain(
      '65536 UTF-8 bytes',
    );
  });

  it('names a custom argument', () => {
    const err = caughtToolError(() => validateTopicFilter('a#', 'pattern'));
    expect(err.message.startsWith('pattern: ')).toBe(true);
    expect(err.details).toEqual({ argument: 'pattern' });
  });
});

describe('hasWildcard and stripShare', () => {
  itReturns('detects the wildcards of %j: %s', hasWildcard, [
    ['a/+/b', true],
    ['a/#', true],
    ['a/b', false],
  ]);

  itReturns('strips only a $share prefix: %j becomes %j', stripShare, [
    ['$share/g/a/+', 'a/+'],
    ['$SYS/#', '$SYS/#'],
    ['a/b', 'a/b'],
  ]);
});

/** Each filter with the topics it matches and topics it does not. */
const MATCHING: Array<[filter: string, matches: string[], misses: string[]]> = [
  // Exact topics only, case-sensitive.
  ['a/b', ['a/b'], ['a/c', 'a/b/c', 'A/b']],
  ['a/b/c', [], ['a/b']],
  // + stands for exactly one level, an empty one included.
  ['a/+/c', ['a/b/c'], ['a/b/x/c']],
  ['a/+', [], ['a']],
  ['+', ['a'], ['a/b']],
  ['+/+', ['/finance'], []],
  ['a/+/b', ['a//b'], []],
  ['a/b', [], ['a//b']],
  // # stands for any remaining levels, including the parent level.
  ['#', ['a/b/c'], []],
  ['a/#', ['a/b/c', 'a'], ['ab', 'b/a']],
  ['a/+/#', ['a/b'], ['a']],
  // $ topics do not match a leading wildcard.
  ['#', [], ['$SYS/x']],
  ['+/x', [], ['$SYS/x']],
  ['+/#', [], ['$SYS/broker/uptime']],
  ['$SYS/#', ['$SYS/x'], []],
  ['$SYS/+', ['$SYS/x'], []],
  ['$SYS/x', ['$SYS/x'], []],
  // A $share prefix is matched through.
  ['$share/g/a/+', ['a/b'], ['a/b/c']],
  ['$share/g/#', ['x/y'], ['$SYS/x']],
];

describe('topicMatches', () => {
  it.each(
    MATCHING.flatMap(([filter, matches, misses]) => [
      ...matches.map((topic): [string, string, boolean] => [filter, topic, true]),
      ...misses.map((topic): [string, string, boolean] => [filter, topic, false]),
    ]),
  )('%j against %j: %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it('agrees with matching split levels on every small filter and topic', () => {
    const reference = (filter: string, topic: string) => {
      const f = filter.split('/');
      const t = topic.split('/');
      if (topic.startsWith('$') && (f[0] === '#' || f[0] === '+')) return false;
      for (let i = 0; i < f.length; i++) {
        if (f[i] === '#') return true;
        if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
      }
      return f.length === t.length;
    };
    const levels = ['', 'a', 'b', 'ab', '$S'];
    const topics: string[] = [];
    const grow = (prefix: string[], depth: number) => {
      if (prefix.length > 0) topics.push(prefix.join('/'));
      if (depth > 0) for (const l of levels) grow([...prefix, l], depth - 1);
    };
    grow([], 3);
    const filters = new Set<string>();
    for (const topic of topics) {
      const parts = topic.split('/');
      filters.add(topic);
      parts.forEach((_, i) => {
        filters.add([...parts.slice(0, i), '+', ...parts.slice(i + 1)].join('/'));
        filters.add([...parts.slice(0, i), '#'].join('/'));
      });
    }
    let checked = 0;
    for (const filter of filters) {
      for (const topic of topics) {
        expect(topicMatches(filter, topic), `${filter} vs ${topic}`).toBe(reference(filter, topic));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });
});
