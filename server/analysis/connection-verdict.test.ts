// Unit tests of connection health: failure classification, authentication result, verdict rules.
import { describe, expect, it } from 'vitest';
import {
  authMethodFor,
  authResultFor,
  classifyConnectFailure,
  connectionVerdict,
  type ConnectionFindings,
} from './connection-verdict';

const base = (over: Partial<ConnectionFindings> = {}): ConnectionFindings => ({
  target: 'connection_string',
  broker: 'mqtt://127.0.0.1:1883',
  outcome: 'connected',
  auth: 'ok',
  authMethod: 'anonymous',
  connackMs: 0.3,
  tlsVerified: null,
  ...over,
});

describe('classifyConnectFailure', () => {
  it('tells credentials, refusals and network failures apart', () => {
    expect(classifyConnectFailure('AUTH_FAILED', 134, 'x')).toBe('auth_failed');
    expect(classifyConnectFailure('BROKER_REJECTED', 2, 'x')).toBe('rejected');
    expect(classifyConnectFailure('TIMEOUT', undefined, 'x')).toBe('timeout');
    expect(classifyConnectFailure('CONNECTION_FAILED', 'ECONNREFUSED', 'x')).toBe('refused');
    expect(classifyConnectFailure('CONNECTION_FAILED', 'ENOTFOUND', 'x')).toBe('dns_failed');
    expect(classifyConnectFailure('CONNECTION_FAILED', 'EHOSTUNREACH', 'x')).toBe('unreachable');
    expect(classifyConnectFailure('CONNECTION_FAILED', 'ECONNRESET', 'x')).toBe('reset');
    expect(
      classifyConnectFailure('CONNECTION_FAILED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'x'),
    ).toBe('tls_failed');
    expect(classifyConnectFailure('CONNECTION_FAILED', undefined, 'TLS not authorized')).toBe(
      'tls_failed',
    );
    expect(classifyConnectFailure('CONNECTION_FAILED', undefined, 'connack timeout')).toBe(
      'timeout',
    );
    expect(classifyConnectFailure('CONNECTION_FAILED', 'EWHAT', 'odd')).toBe('error');
  });
});

describe('authResultFor', () => {
  it('keeps authentication apart from network failure', () => {
    expect(authResultFor('connected')).toBe('ok');
    expect(authResultFor('auth_failed')).toBe('failed');
    expect(authResultFor('refused')).toBe('not_attempted');
    expect(authResultFor('tls_failed')).toBe('not_attempted');
    expect(authResultFor('rejected')).toBe('unknown');
    expect(authResultFor('not_connected')).toBe('unknown');
  });
});

describe('authMethodFor', () => {
  it('names the credentials given', () => {
    expect(authMethodFor(undefined, undefined)).toBe('anonymous');
    expect(authMethodFor('u', undefined)).toBe('username_only');
    expect(authMethodFor('u', 'p')).toBe('username_password');
  });
});

describe('connectionVerdict', () => {
  it('passes a healthy connection and says why', () => {
    const v = connectionVerdict(base());
    expect(v.verdict).toBe('pass');
    expect(v.reasons).toEqual([
      'connected to mqtt://127.0.0.1:1883 (CONNACK 0.3 ms after the connection was up)',
      'authentication ok (anonymous)',
    ]);
  });

  it('fails on refused credentials and says the network path works', () => {
    const v = connectionVerdict(
      base({ outcome: 'auth_failed', auth: 'failed', error: 'bad user name or password' }),
    );
    expect(v.verdict).toBe('fail');
    expect(v.reasons[0]).toBe('authentication failed: bad user name or password');
    expect(v.reasons[1]).toMatch(/network path works/);
  });

  it('fails on a refused connection', () => {
    const v = connectionVerdict(base({ outcome: 'refused', auth: 'not_attempted' }));
    expect(v).toEqual({ verdict: 'fail', reasons: ['connection refused'] });
  });

  it('fails a session that is not connected, naming its state and last error', () => {
    const v = connectionVerdict(
      base({
        target: 'session',
        outcome: 'not_connected',
        auth: 'unknown',
        error: 'refused',
        session: { state: 'reconnecting', reconnects: 0 },
      }),
    );
    expect(v.verdict).toBe('fail');
    expect(v.reasons[0]).toMatch(
      /session is reconnecting to mqtt:\/\/127.0.0.1:1883 \(last error: refused\)/,
    );
  });

  it('warns on a slow CONNACK and unverified TLS', () => {
    const v = connectionVerdict(
      base({
        connackMs: 1500,
        tlsVerified: false,
      }),
    );
    expect(v.verdict).toBe('warn');
    expect(v.reasons).toEqual(
      expect.arrayContaining([
        'the broker took 1500 ms to answer CONNECT (over 1000 ms)',
        expect.stringMatching(/certificate was not verified/),
      ]),
    );
  });

  it('warns about session reconnects', () => {
    const v = connectionVerdict(
      base({
        target: 'session',
        connackMs: null,
        session: { state: 'connected', reconnects: 2, lastError: 'reset' },
      }),
    );
    expect(v.verdict).toBe('warn');
    expect(v.reasons[0]).toBe('the session is connected to mqtt://127.0.0.1:1883');
    expect(v.reasons).toContain(
      'the session reconnected 2 time(s) since it was opened (last error: reset)',
    );
  });
});
