// Unit tests of connection health: failure classification, authentication result, verdict rules.
import { describe, expect, it } from 'vitest';
import {
  authMethodFor,
  authResultFor,
  classifyConnectFailure,
  connectionVerdict,
  type ConnectionFindings,
  type ConnectOutcome,
} from './connection-verdict';
import type { ToolErrorCode } from '../errors';
import { itReturns } from '../../test/each-case';

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

/** The verdict on the healthy findings changed by `over`. */
const verdictOf = (over?: Partial<ConnectionFindings>) => connectionVerdict(base(over));

/** The verdict on an open session in this state, the findings changed by `over`. */
const sessionVerdictOf = (
  session: ConnectionFindings['session'],
  over?: Partial<ConnectionFindings>,
) => verdictOf({ target: 'session', session, ...over });

describe('classifyConnectFailure', () => {
  // Credentials, refusals and network failures apart.
  it.each<[ToolErrorCode, unknown, string, ConnectOutcome]>([
    ['AUTH_FAILED', 134, 'x', 'auth_failed'],
    ['BROKER_REJECTED', 2, 'x', 'rejected'],
    ['TIMEOUT', undefined, 'x', 'timeout'],
    ['CONNECTION_FAILED', 'ECONNREFUSED', 'x', 'refused'],
    ['CONNECTION_FAILED', 'ENOTFOUND', 'x', 'dns_failed'],
    ['CONNECTION_FAILED', 'EHOSTUNREACH', 'x', 'unreachable'],
    ['CONNECTION_FAILED', 'ECONNRESET', 'x', 'reset'],
    ['CONNECTION_FAILED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'x', 'tls_failed'],
    ['CONNECTION_FAILED', undefined, 'TLS not authorized', 'tls_failed'],
    ['CONNECTION_FAILED', undefined, 'connack timeout', 'timeout'],
    ['CONNECTION_FAILED', 'EWHAT', 'odd', 'error'],
  ])('%s with cause %j and message %j is %s', (code, cause, message, expected) => {
    expect(classifyConnectFailure(code, cause, message)).toBe(expected);
  });
});

describe('authResultFor', () => {
  // Authentication apart from network failure.
  itReturns('%s: authentication %s', authResultFor, [
    ['connected', 'ok'],
    ['auth_failed', 'failed'],
    ['refused', 'not_attempted'],
    ['tls_failed', 'not_attempted'],
    ['rejected', 'unknown'],
    ['not_connected', 'unknown'],
  ]);
});

describe('authMethodFor', () => {
  it.each([
    [undefined, undefined, 'anonymous'],
    ['u', undefined, 'username_only'],
    ['u', 'p', 'username_password'],
  ])('names user %j with password %j: %s', (username, password, expected) => {
    expect(authMethodFor(username, password)).toBe(expected);
  });
});

describe('connectionVerdict', () => {
  it('passes a healthy connection and says why', () => {
    const v = verdictOf();
    expect(v.verdict).toBe('pass');
    expect(v.reasons).toEqual([
      'connected to mqtt://127.0.0.1:1883 (CONNACK 0.3 ms after the connection was up)',
      'authentication ok (anonymous)',
    ]);
  });

  it('fails on refused credentials and says the network path works', () => {
    const v = verdictOf({
      outcome: 'auth_failed',
      auth: 'failed',
      error: 'bad user name or password',
    });
    expect(v.verdict).toBe('fail');
    expect(v.reasons[0]).toBe('authentication failed: bad user name or password');
    expect(v.reasons[1]).toMatch(/network path works/);
  });

  it('fails on a refused connection', () => {
    const v = verdictOf({ outcome: 'refused', auth: 'not_attempted' });
    expect(v).toEqual({ verdict: 'fail', reasons: ['connection refused'] });
  });

  it('fails a session that is not connected, naming its state and last error', () => {
    const session = { state: 'reconnecting', reconnects: 0 };
    const v = sessionVerdictOf(session, {
      outcome: 'not_connected',
      auth: 'unknown',
      error: 'refused',
    });
    expect(v.verdict).toBe('fail');
    expect(v.reasons[0]).toMatch(
      /session is reconnecting to mqtt:\/\/127.0.0.1:1883 \(last error: refused\)/,
    );
  });

  it('warns on a slow CONNACK and unverified TLS', () => {
    const v = verdictOf({ connackMs: 1500, tlsVerified: false });
    expect(v.verdict).toBe('warn');
    expect(v.reasons).toEqual(
      expect.arrayContaining([
        'the broker took 1500 ms to answer CONNECT (over 1000 ms)',
        expect.stringMatching(/certificate was not verified/),
      ]),
    );
  });

  it('warns about session reconnects', () => {
    const session = { state: 'connected', reconnects: 2, lastError: 'reset' };
    const v = sessionVerdictOf(session, { connackMs: null });
    expect(v.verdict).toBe('warn');
    expect(v.reasons[0]).toBe('the session is connected to mqtt://127.0.0.1:1883');
    expect(v.reasons).toContain(
      'the session reconnected 2 time(s) since it was opened (last error: reset)',
    );
  });
});
