// Unit tests of the resource URIs: formatting and parsing round-trip, foreign URIs refused.
import { describe, expect, it } from 'vitest';
import {
  captureUri,
  parseResourceUri,
  retainedUri,
  SESSIONS_URI,
  topicsUri,
} from './resource-uris';

describe('resource URIs', () => {
  it('round-trips every kind, topics with spaces, unicode, % and $ included', () => {
    expect(parseResourceUri(SESSIONS_URI)).toEqual({ kind: 'sessions' });
    expect(parseResourceUri(topicsUri('s1'))).toEqual({ kind: 'topics', session: 's1' });
    for (const topic of [
      'a/b',
      'home/living room/temp',
      '$SYS/broker/uptime',
      'x/100%/ü€',
      '/lead',
    ]) {
      const uri = retainedUri('s1', topic);
      expect(parseResourceUri(uri)).toEqual({ kind: 'retained', session: 's1', topic });
    }
    expect(retainedUri('s1', 'home/living room')).toBe('mqtt://s1/retained/home/living%20room');
    expect(parseResourceUri(captureUri('s1', 'abc'))).toEqual({
      kind: 'capture',
      session: 's1',
      capture: 'abc',
    });
  });

  it('refuses URIs that are not ours or are incomplete', () => {
    for (const uri of [
      'file:///etc/passwd',
      'mqtt://s1',
      'mqtt://s1/retained',
      'mqtt://s1/retained/',
      'mqtt://s1/topics/extra',
      'mqtt://s1/captures/a/b',
      'mqtt://s1/other/x',
    ]) {
      expect(parseResourceUri(uri), uri).toBeUndefined();
    }
  });
});
