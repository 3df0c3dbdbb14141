// Unit tests of the one redaction function: URL credentials, registered secrets and secret keys.
import { afterEach, describe, expect, it } from 'vitest';
import { forgetSecret, redact, redactText, registerSecret } from './redact';
import { itReturns } from '../test/each-case';

describe('redactText: credentials in URLs', () => {
  itReturns('redacts %s', redactText, [
    ['mqtt://user:pw@host', 'mqtt://user:***@host'],
    ['mqtts://u:p@h:8883/x', 'mqtts://u:***@h:8883/x'],
    ['wss://alice:s3cr%21t@broker:443/mqtt', 'wss://alice:***@broker:443/mqtt'],
    ['MQTT://User:Pw@Host', 'MQTT://User:***@Host'],
    ['mqtt://:pw@host', 'mqtt://***@host'],
    ['mqtt://u:@host', 'mqtt://u:***@host'],
  ]);

  itReturns(
    'leaves %j without a password unchanged',
    redactText,
    [
      'mqtt://host:1883',
      'mqtt://user@host:1883/client',
      'http://example.com/path?q=a@b',
      'mqtt://[::1]:1883',
      'connect ECONNREFUSED 127.0.0.1:1883',
      'contact me@example.com',
      'connection_string: it is empty',
      '',
    ].map((text): [string, string] => [text, text]),
  );

  // Security fix: the pattern stopped at `#`, `/`, `?` and spaces, so these reached the journal.
  itReturns('redacts the malformed URL %j', redactText, [
    ['mqtt://user:pa#ss@host:1883', 'mqtt://user:***@host:1883'],
    ['mqtt://user:pa/ss@host', 'mqtt://user:***@host'],
    ['mqtt://user:pa?ss@host/client', 'mqtt://user:***@host/client'],
    ['mqtt://user:my secret pw@host:1883', 'mqtt://user:***@host:1883'],
    ['mqtts://u:a/b?c#d e@f@h:8883', 'mqtts://u:***@h:8883'],
    ['mqtt://u:1234/5678@h', 'mqtt://u:***@h'],
    ['mqtt://:p#w@host', 'mqtt://***@host'],
    ['tcp://u:p#w@h, then mqtt://h2', 'tcp://u:***@h, then mqtt://h2'],
    // A port followed by a path holding an `@` reads the same as a password with a `/`: masked.
    ['http://example.com:8080/path?q=a@b', 'http://example.com:***@b'],
  ]);

  it('redacts a malformed password inside a message, up to the end of its line only', () => {
    const text = 'connect "mqtt://svc:p/w#1 x@broker:1883" failed\nmail ops@example.com';
    expect(redactText(text)).toBe(
      'connect "mqtt://svc:***@broker:1883" failed\nmail ops@example.com',
    );
  });

  it('redacts malformed bare user:pass@host strings', () => {
    expect(redactText('user:pa#ss@host')).toBe('user:***@host');
    expect(redactText('user:pa/s?s@host:1883')).toBe('user:***@host:1883');
  });

  it('redacts every URL in one text and keeps the rest', () => {
    const text =
      'primary mqtt://a:one1@h1:1883, fallback wss://b:two2@h2/mqtt and plain mqtt://h3 (see ws://c:three3@h4)';
    expect(redactText(text)).toBe(
      'primary mqtt://a:***@h1:1883, fallback wss://b:***@h2/mqtt and plain mqtt://h3 (see ws://c:***@h4)',
    );
  });

  it('redacts a password containing a raw @ entirely', () => {
    const out = redactText('mqtt://u:p@ss@host:1883');
    expect(out).toBe('mqtt://u:***@host:1883');
    expect(out).not.toContain('ss@');
  });

  it('redacts the password of a user name that is an e-mail address', () => {
    expect(redactText('mqtt://me@example.com:hunter22@host')).toBe(
      'mqtt://me@example.com:***@host',
    );
  });

  it('redacts a bare user:pass@host connection string', () => {
    expect(redactText('user:pass@host:1884/client')).toBe('user:***@host:1884/client');
    expect(redactText('me@example.com:hunter22@[::1]:1883')).toBe('me@example.com:***@[::1]:1883');
    expect(redactText('failed to reach "user:pa@ss@host"')).toBe('failed to reach "user:***@host"');
  });

  it('stays fast on a large payload-like text (linear, not quadratic)', () => {
    const letters = 'a'.repeat(200_000);
    const pairs = `${'t:1,h:2,'.repeat(25_000)}x`;
    const started = performance.now();
    expect(redactText(letters)).toBe(letters);
    expect(redactText(pairs)).toBe(pairs);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('registerSecret / forgetSecret', () => {
  const secrets = ['Tr0ub4dor&3', 'abcd', 'abc'];
  afterEach(() => secrets.forEach(forgetSecret));

  it('scrubs a registered secret from any text, every occurrence', () => {
    registerSecret('Tr0ub4dor&3');
    expect(redactText('auth failed with Tr0ub4dor&3 (Tr0ub4dor&3)')).toBe(
      'auth failed with *** (***)',
    );
    expect(redact({ note: 'pw=Tr0ub4dor&3' })).toEqual({ note: 'pw=***' });
  });

  it('stops scrubbing once the secret is forgotten', () => {
    registerSecret('Tr0ub4dor&3');
    forgetSecret('Tr0ub4dor&3');
    expect(redactText('Tr0ub4dor&3')).toBe('Tr0ub4dor&3');
  });

  it('ignores secrets shorter than 4 characters and empty values', () => {
    registerSecret('abc');
    registerSecret('');
    registerSecret(undefined);
    expect(redactText('abc abcd')).toBe('abc abcd');
    registerSecret('abcd');
    expect(redactText('abc abcd')).toBe('abc ***');
    expect(() => forgetSecret(undefined)).not.toThrow();
  });
});

describe('redact: secret keys', () => {
  it.each([
    'password',
    'Password',
    'PASSWORD',
    'passwd',
    'passphrase',
    'mqtt_password',
    'secret',
    'client_secret',
    'token',
    'accessToken',
    'access_token',
    'authorization',
    'Authorization',
    'private_key',
    'privateKey',
    'client_key',
    'clientKey',
    'api_key',
    'apiKey',
    'key',
    'pass',
  ])('masks the value of %j', (key) => {
    expect(redact({ [key]: 'hunter22', other: 'kept' })).toEqual({ [key]: '***', other: 'kept' });
  });

  it.each([
    'checks_passed',
    'passed',
    'keepalive_seconds',
    'topic_key',
    'secret_id',
    'password_hint',
    'tokens',
    'token_count',
    'keys',
    'passes',
  ])('does not mask the innocent key %j (the secret word must end the key)', (key) => {
    expect(redact({ [key]: 'visible' })).toEqual({ [key]: 'visible' });
  });

  it('masks non-string values under a secret key', () => {
    expect(redact({ token: 12345, password: { nested: 'x' }, secret: ['a'] })).toEqual({
      token: '***',
      password: '***',
      secret: '***',
    });
  });

  it('keeps booleans under a secret key (has_password: true says nothing secret)', () => {
    expect(redact({ has_password: true, password: false })).toEqual({
      has_password: true,
      password: false,
    });
  });

  it('keeps empty, null and undefined values under a secret key as they are', () => {
    expect(redact({ password: '', token: null, secret: undefined })).toEqual({
      password: '',
      token: null,
      secret: undefined,
    });
  });
});

describe('redact: shapes', () => {
  it('returns primitives unchanged and scrubs strings', () => {
    expect(redact(42)).toBe(42);
    expect(redact(null)).toBeNull();
    expect(redact(undefined)).toBeUndefined();
    expect(redact(true)).toBe(true);
    expect(redact('mqtt://u:p@h')).toBe('mqtt://u:***@h');
  });

  it('recurses into nested objects and arrays', () => {
    const input = {
      session: { broker: 'mqtt://u:pw@h:1883', auth: { password: 'x', user: 'u' } },
      list: [{ token: 't' }, 'mqtts://a:b@c', 7, [{ apiKey: 'k' }]],
    };
    expect(redact(input)).toEqual({
      session: { broker: 'mqtt://u:***@h:1883', auth: { password: '***', user: 'u' } },
      list: [{ token: '***' }, 'mqtts://a:***@c', 7, [{ apiKey: '***' }]],
    });
  });

  it('masks the whole password of a connection_string argument, spaces included', () => {
    expect(
      redact({
        connection_string: 'mqtt://svc:my pass #1@h:1883',
        profile: { url: 'u:a b@h' },
        broker: 'mqtt://h:1883',
      }),
    ).toEqual({
      connection_string: 'mqtt://svc:***@h:1883',
      profile: { url: 'u:***@h' },
      broker: 'mqtt://h:1883',
    });
  });

  it('does not modify its input', () => {
    const input = { password: 'x', nested: { url: 'mqtt://u:p@h' } };
    redact(input);
    expect(input).toEqual({ password: 'x', nested: { url: 'mqtt://u:p@h' } });
  });

  it('cuts cycles instead of recursing forever', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    const list: unknown[] = [1];
    list.push(list);
    expect(redact(a)).toEqual({ name: 'a', self: '[cut]' });
    expect(redact(list)).toEqual([1, '[cut]']);
  });

  it('cuts excessive depth', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 40; i++) deep = { next: deep };
    const out = JSON.stringify(redact(deep));
    expect(out).toContain('[cut]');
    expect(out).not.toContain('leaf');
  });

  it('turns an Error into name and scrubbed message, without the stack', () => {
    const err = new TypeError('connect to mqtt://u:hunter22@h failed');
    const out: { err: unknown } = redact({ err });
    expect(out.err).toEqual({ name: 'TypeError', message: 'connect to mqtt://u:***@h failed' });
    expect(JSON.stringify(out)).not.toContain('hunter22');
  });

  it('leaves Buffers and typed arrays untouched (same object)', () => {
    const buf = Buffer.from('password=hunter22');
    const arr = new Uint8Array([1, 2, 3]);
    const out = redact({ payload: buf, bytes: arr });
    expect(out.payload).toBe(buf);
    expect(out.bytes).toBe(arr);
    expect(redact(buf)).toBe(buf);
  });
});
