// Unit tests of withCredentials: user info added, replaced, encoded, or left alone.
import { describe, expect, it } from 'vitest';
import { withCredentials } from './credentials';

describe('withCredentials', () => {
  it('leaves the string alone (trimmed) without credentials', () => {
    expect(withCredentials(' mqtt://host:1883 ')).toBe('mqtt://host:1883');
  });

  it('adds a user name and password after the scheme', () => {
    expect(withCredentials('mqtt://host:1883/client', 'op', 'pw')).toBe(
      'mqtt://op:pw@host:1883/client',
    );
  });

  it('works without a scheme and with a user name only', () => {
    expect(withCredentials('host', 'op')).toBe('op@host');
  });

  it('replaces user info already in the string', () => {
    expect(withCredentials('mqtts://a:b@host:8883', 'op', 'new')).toBe('mqtts://op:new@host:8883');
  });

  it('percent-encodes reserved characters', () => {
    expect(withCredentials('mqtt://host', 'me@home', 'p:w/@#')).toBe(
      'mqtt://me%40home:p%3Aw%2F%40%23@host',
    );
  });
});
