// Unit tests of the resource URIs: formatting and parsing round-trip, foreign URIs refused.
import { describe, expect, it } from 'vitest';
import {
  captureUri,
  parseResourceUri,
  retainedUri,
  SESSIONS_URI,
  topicsUri,
} from './resource-uris';
import { itReturnsFor } from '../test/each-case';

describe('resource URIs', () => {
  // Topics with spaces, unicode, % and $ included.
  it.each(['a/b', 'home/living room/temp', '$SYS/broker/uptime', 'x/100%/ü€', '/lead'])(
    'round-trips the retained topic %j',
    (topic) => {
      const uri = retainedUri('s1', topic);
      expect(parseResourceUri(uri)).toEqual({ kind: 'retained', session: 's1', topic });
    },
  );

  it('round-trips every other kind and encodes a retained topic', () => {
    expect(parseResourceUri(SESSIONS_URI)).toEqual({ kind: 'sessions' });
    expect(parseResourceUri(topicsUri('s1'))).toEqual({ kind: 'topics', session: 's1' });
    expect(retainedUri('s1', 'home/living room')).toBe('mqtt://s1/retained/home/living%20room');
    expect(parseResourceUri(captureUri('s1', 'abc'))).toEqual({
      kind: 'capture',
      session: 's1',
      capture: 'abc',
    });
  });

  itReturnsFor('refuses %j, not ours or incomplete', parseResourceUri, undefined, [
    'file:///etc/passwd',
    'mqtt://s1',
    'mqtt://s1/retained',
    'mqtt://s1/retained/',
    'mqtt://s1/topics/extra',
    'mqtt://s1/captures/a/b',
    'mqtt://s1/other/x',
  ]);
});
