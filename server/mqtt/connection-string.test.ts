// Unit tests of connection-string parsing: schemes, defaults, credentials, redaction and errors.
import { describe, expect, it } from 'vitest';
import { parseConnectionString } from './connection-string';
import { itMatches } from '../../test/each-case';
import { caughtToolError } from '../../test/tool-error';

const parseError = (input: string) => caughtToolError(() => parseConnectionString(input));

describe('parseConnectionString: schemes and default ports', () => {
  it.each([
    ['mqtt://broker.local', 'mqtt', 1883],
    ['mqtts://broker.local', 'mqtts', 8883],
    ['ws://broker.local', 'ws', 80],
    ['wss://broker.local', 'wss', 443],
    ['tcp://broker.local', 'mqtt', 1883],
    ['ssl://broker.local', 'mqtts', 8883],
    ['tls://broker.local', 'mqtts', 8883],
  ] as const)('%s → scheme %s, port %i', (input, scheme, port) => {
    expect(parseConnectionString(input)).toMatchObject({
      scheme,
      host: 'broker.local',
      port,
      username: undefined,
      password: undefined,
      clientId: undefined,
    });
  });

  it('normalises aliases in the redacted URL', () => {
    expect(parseConnectionString('tcp://h').redacted).toBe('mqtt://h:1883');
    expect(parseConnectionString('ssl://h').redacted).toBe('mqtts://h:8883');
    expect(parseConnectionString('tls://h:8884').redacted).toBe('mqtts://h:8884');
  });

  itMatches(parseConnectionString, [
    ['accepts the scheme in any case', 'MQTTS://h:1234', { scheme: 'mqtts', port: 1234 }],
  ]);

  it('uses an explicit port over the default', () => {
    expect(parseConnectionString('mqtt://h:1884').port).toBe(1884);
    expect(parseConnectionString('wss://h:8443').port).toBe(8443);
    expect(parseConnectionString('mqtt://h:65535').port).toBe(65_535);
    expect(parseConnectionString('mqtt://h:1').port).toBe(1);
  });

  it('trims surrounding whitespace', () => {
    expect(parseConnectionString('  mqtt://h:1884  ').redacted).toBe('mqtt://h:1884');
  });
});

describe('parseConnectionString: without a scheme', () => {
  it('parses user:pass@host:port/client as mqtt', () => {
    const a = parseConnectionString('user:pass@host:1884/client');
    expect(a).toEqual({
      scheme: 'mqtt',
      host: 'host',
      port: 1884,
      path: undefined,
      username: 'user',
      password: 'pass',
      clientId: 'client',
      redacted: 'mqtt://user:***@host:1884/client',
    });
  });

  itMatches(parseConnectionString, [
    [
      'parses a bare host with the mqtt default port',
      'broker.local',
      { scheme: 'mqtt', host: 'broker.local', port: 1883, redacted: 'mqtt://broker.local:1883' },
    ],
  ]);
});

describe('parseConnectionString: IPv6', () => {
  itMatches(parseConnectionString, [
    [
      'parses a bracketed address with a port and strips the brackets from host',
      '[::1]:1883',
      { host: '::1', port: 1883, redacted: 'mqtt://[::1]:1883' },
    ],
    ['parses a bracketed address without a port', 'mqtt://[::1]', { port: 1883 }],
    [
      'parses a bracketed address with credentials and a client id',
      'mqtt://u:p@[::1]:1884/cid',
      { host: '::1', port: 1884, clientId: 'cid', redacted: 'mqtt://u:***@[::1]:1884/cid' },
    ],
  ]);
});

describe('parseConnectionString: client id and WebSocket path', () => {
  it('takes the client id from the path for mqtt and mqtts', () => {
    expect(parseConnectionString('mqtt://h/sensor-01').clientId).toBe('sensor-01');
    expect(parseConnectionString('mqtts://h:8883/abc').clientId).toBe('abc');
    expect(parseConnectionString('mqtt://h/sensor-01').redacted).toBe('mqtt://h:1883/sensor-01');
  });

  itMatches(parseConnectionString, [
    ['decodes a percent-encoded client id', 'mqtt://h/my%20client', { clientId: 'my client' }],
    [
      'has no client id for an empty path',
      'mqtt://h/',
      { clientId: undefined, redacted: 'mqtt://h:1883' },
    ],
    [
      'keeps a custom WebSocket path, including nested levels',
      'wss://h:8443/custom/path',
      { path: '/custom/path', clientId: undefined, redacted: 'wss://h:8443/custom/path' },
    ],
    ['has no path for mqtt', 'mqtt://h/c', { path: undefined }],
  ]);

  it('defaults the WebSocket path to /mqtt and never sets a client id for ws', () => {
    for (const input of ['ws://h', 'ws://h/', 'wss://h:9001']) {
      const a = parseConnectionString(input);
      expect(a.path).toBe('/mqtt');
      expect(a.clientId).toBeUndefined();
    }
    expect(parseConnectionString('ws://h').redacted).toBe('ws://h:80/mqtt');
  });
});

describe('parseConnectionString: credentials and redaction', () => {
  itMatches(parseConnectionString, [
    [
      'decodes percent-encoded user and password',
      'mqtt://us%40er:p%3Aw%2Fd%40x@h',
      { username: 'us@er', password: 'p:w/d@x', redacted: 'mqtt://us%40er:***@h:1883' },
    ],
    [
      'accepts a raw @ in the user name (e-mail address)',
      'mqtt://me@example.com:s3cr3t@h',
      { username: 'me@example.com', password: 's3cr3t' },
    ],
    [
      'accepts a raw @ in the password',
      'mqtt://u:p@ss@h',
      { username: 'u', password: 'p@ss', host: 'h' },
    ],
    [
      'shows a user without a password as user@',
      'mqtt://alice@h',
      { username: 'alice', password: undefined, redacted: 'mqtt://alice@h:1883' },
    ],
    [
      'treats an empty password as none',
      'mqtt://alice:@h',
      { password: undefined, redacted: 'mqtt://alice@h:1883' },
    ],
  ]);

  it('shows user:***@ in redacted and never the password', () => {
    const inputs = [
      'mqtt://alice:Sup3rS3cret@broker:1883/c1',
      'Sup3rS3cret-user:Sup3rS3cret@broker',
      'wss://alice:Sup3rS3cret@broker/ws',
      'mqtt://alice:Sup3rS3cret%21@broker',
    ];
    for (const input of inputs) {
      const a = parseConnectionString(input);
      expect(a.redacted).toContain(':***@');
      expect(a.redacted.replace(a.username ?? '', '')).not.toContain('Sup3rS3cret');
    }
    expect(parseConnectionString(inputs[0] ?? '').redacted).toBe('mqtt://alice:***@broker:1883/c1');
  });

  it('keeps a password given without a user out of redacted', () => {
    const a = parseConnectionString('mqtt://:hunter22@h');
    expect(a.password).toBe('hunter22');
    expect(a.redacted).not.toContain('hunter22');
  });
});

describe('parseConnectionString: errors', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['\t\n', 'empty'],
    ['http://x', 'unsupported scheme "http"'],
    ['mqtt://host:notaport', 'the port "notaport" is not a number'],
    ['mqtt://host:', 'is not a number'],
    ['mqtt://host:-1', 'is not a number'],
    ['mqtt://host:0', 'the port 0 is out of range'],
    ['mqtt://host:70000', 'the port 70000 is out of range'],
    ['mqtt://host:65536', 'the port 65536 is out of range'],
    ['mqtt://:1883', 'the host is missing'],
    ['mqtt://u:p@:1883', 'the host is missing'],
    ['mqtt://', 'the host is missing'],
    ['mqtt:///client', 'the host is missing'],
    ['mqtt://host/a/b', 'the client id may not contain "/"'],
    ['mqtt://host/a%2Fb', 'the client id may not contain "/"'],
    ['mqtt://h ost', 'whitespace'],
    ['mqtt:/host', '"://" is malformed'],
    ['mqtt://[::1', 'not a valid URL'],
    ['mqtt://host/%ZZ', 'client id contains malformed percent-encoding'],
    ['mqtt://u%ZZ:p@host', 'user name contains malformed percent-encoding'],
    ['mqtt://u:p%ZZ@host', 'password contains malformed percent-encoding'],
  ])('rejects %j (%s) with INVALID_INPUT naming connection_string', (input, reason) => {
    const err = parseError(input);
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message.startsWith('connection_string: ')).toBe(true);
    expect(err.message).toContain(reason);
    expect(err.details).toEqual({ argument: 'connection_string' });
  });

  it('explains the expected form in every error', () => {
    expect(parseError('http://x').message).toContain('mqtt://[user:pass@]host[:port][/client_id]');
  });

  it('never echoes the password in an error', () => {
    const err = parseError('mqtt://u:hunter22@host:notaport');
    expect(err.message).not.toContain('hunter22');
    const err2 = parseError('mqtt://u:hunter22@host/a/b');
    expect(err2.message).not.toContain('hunter22');
  });
});
