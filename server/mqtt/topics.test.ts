// Unit tests of MQTT topic rules: topic name and filter validation, and filter matching.
import { describe, expect, it } from 'vitest';
import { ToolError } from '../errors';
import {
  hasWildcard,
  stripShare,
  topicMatches,
  validateTopicFilter,
  validateTopicName,
} from './topics';

function caught(fn: () => void): ToolError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ToolError) return err;
    throw new Error(`expected a ToolError, got ${String(err)}`);
  }
  throw new Error('expected the call to throw');
}

describe('validateTopicName', () => {
  it('accepts ordinary topics, including empty levels, spaces, $ and multi-byte characters', () => {
    for (const topic of [
      'a',
      'sensors/kitchen/temp',
      '/leading',
      'a//b',
      'a b/c',
      '$SYS/x',
      'température/€',
    ]) {
      expect(() => validateTopicName(topic)).not.toThrow();
    }
  });

  it('rejects an empty topic with INVALID_TOPIC naming the argument', () => {
    const err = caught(() => validateTopicName(''));
    expect(err.code).toBe('INVALID_TOPIC');
    expect(err.message).toBe('topic: the topic is empty');
    expect(err.details).toEqual({ argument: 'topic' });
  });

  it('rejects a NUL character', () => {
    const err = caught(() => validateTopicName('a\u0000b'));
    expect(err.code).toBe('INVALID_TOPIC');
    expect(err.message).toContain('NUL');
  });

  it.each(['a/+/b', '+', 'a/#', '#', 'a+b', 'a#'])('rejects the wildcard in %j', (topic) => {
    const err = caught(() => validateTopicName(topic));
    expect(err.code).toBe('INVALID_TOPIC');
    expect(err.message).toContain('wildcard');
    expect(err.message).toContain(`"${topic}"`);
  });

  it('accepts exactly 65,535 UTF-8 bytes and rejects 65,536', () => {
    expect(() => validateTopicName('a'.repeat(65_535))).not.toThrow();
    const err = caught(() => validateTopicName('a'.repeat(65_536)));
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
    expect(caught(() => validateTopicName(over)).message).toContain('65536 UTF-8 bytes');
    const emoji = '😀'.repeat(16_384);
    expect(caught(() => validateTopicName(emoji)).message).toContain('65536 UTF-8 bytes');
  });

  it('names a custom argument in its messages', () => {
    const err = caught(() => validateTopicName('', 'response_topic'));
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
    const err = caught(() => validateTopicFilter(filter));
    expect(err.code).toBe('INVALID_TOPIC');
    expect(err.message).toContain('"#" must be the last level');
    expect(err.message).toContain(`got "${filter}"`);
    expect(err.details).toEqual({ argument: 'topic_pattern' });
  });

  it.each(['a/b+', '+a', 'a/++/b', 'a+/b'])(
    'rejects the + not alone in its level in %j',
    (filter) => {
      const err = caught(() => validateTopicFilter(filter));
      expect(err.code).toBe('INVALID_TOPIC');
      expect(err.message).toContain('"+" must stand alone');
    },
  );

  it.each(['$share/', '$share//a', '$share/g', '$share/g/', '$share/g+/a', '$share/#/a'])(
    'rejects the malformed shared subscription %j',
    (filter) => {
      const err = caught(() => validateTopicFilter(filter));
      expect(err.code).toBe('INVALID_TOPIC');
      expect(err.message).toContain('$share/<group>/<filter>');
    },
  );

  it('validates the filter inside a shared subscription', () => {
    expect(caught(() => validateTopicFilter('$share/g/a/#/b')).message).toContain('"#" must be');
  });

  it('rejects empty, NUL and over-long filters', () => {
    expect(caught(() => validateTopicFilter('')).message).toBe(
      'topic_pattern: the topic filter is empty',
    );
    expect(caught(() => validateTopicFilter('a/\u0000')).message).toContain('NUL');
    expect(() => validateTopicFilter('a'.repeat(65_535))).not.toThrow();
    expect(caught(() => validateTopicFilter(`${'a'.repeat(65_534)}/#`)).message).toContain(
      '65536 UTF-8 bytes',
    );
  });

  it('names a custom argument', () => {
    const err = caught(() => validateTopicFilter('a#', 'pattern'));
    expect(err.message.startsWith('pattern: ')).toBe(true);
    expect(err.details).toEqual({ argument: 'pattern' });
  });
});

describe('hasWildcard and stripShare', () => {
  it('detects wildcards', () => {
    expect(hasWildcard('a/+/b')).toBe(true);
    expect(hasWildcard('a/#')).toBe(true);
    expect(hasWildcard('a/b')).toBe(false);
  });

  it('strips only a $share prefix', () => {
    expect(stripShare('$share/g/a/+')).toBe('a/+');
    expect(stripShare('$SYS/#')).toBe('$SYS/#');
    expect(stripShare('a/b')).toBe('a/b');
  });
});

describe('topicMatches', () => {
  it('matches exact topics only', () => {
    expect(topicMatches('a/b', 'a/b')).toBe(true);
    expect(topicMatches('a/b', 'a/c')).toBe(false);
    expect(topicMatches('a/b', 'a/b/c')).toBe(false);
    expect(topicMatches('a/b/c', 'a/b')).toBe(false);
    expect(topicMatches('a/b', 'A/b')).toBe(false);
  });

  it('matches + against exactly one level', () => {
    expect(topicMatches('a/+/c', 'a/b/c')).toBe(true);
    expect(topicMatches('a/+/c', 'a/b/x/c')).toBe(false);
    expect(topicMatches('a/+', 'a')).toBe(false);
    expect(topicMatches('+', 'a')).toBe(true);
    expect(topicMatches('+', 'a/b')).toBe(false);
    expect(topicMatches('+/+', '/finance')).toBe(true);
  });

  it('matches empty levels with +', () => {
    expect(topicMatches('a/+/b', 'a//b')).toBe(true);
    expect(topicMatches('a/b', 'a//b')).toBe(false);
  });

  it('matches # against any remaining levels, including the parent level', () => {
    expect(topicMatches('#', 'a/b/c')).toBe(true);
    expect(topicMatches('a/#', 'a/b/c')).toBe(true);
    expect(topicMatches('a/#', 'a')).toBe(true);
    expect(topicMatches('a/#', 'ab')).toBe(false);
    expect(topicMatches('a/#', 'b/a')).toBe(false);
    expect(topicMatches('a/+/#', 'a/b')).toBe(true);
    expect(topicMatches('a/+/#', 'a')).toBe(false);
  });

  it('does not match $ topics with a leading wildcard', () => {
    expect(topicMatches('#', '$SYS/x')).toBe(false);
    expect(topicMatches('+/x', '$SYS/x')).toBe(false);
    expect(topicMatches('+/#', '$SYS/broker/uptime')).toBe(false);
    expect(topicMatches('$SYS/#', '$SYS/x')).toBe(true);
    expect(topicMatches('$SYS/+', '$SYS/x')).toBe(true);
    expect(topicMatches('$SYS/x', '$SYS/x')).toBe(true);
  });

  it('matches through a $share prefix', () => {
    expect(topicMatches('$share/g/a/+', 'a/b')).toBe(true);
    expect(topicMatches('$share/g/a/+', 'a/b/c')).toBe(false);
    expect(topicMatches('$share/g/#', 'x/y')).toBe(true);
    expect(topicMatches('$share/g/#', '$SYS/x')).toBe(false);
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
