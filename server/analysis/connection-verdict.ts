// Connection health: classifying connect failures and turning test findings into a verdict (pure).
import type { ToolErrorCode } from '../errors';
import { round } from './stats';

/** How a connection attempt ended. */
export type ConnectOutcome =
  | 'connected'
  | 'not_connected'
  | 'auth_failed'
  | 'rejected'
  | 'refused'
  | 'dns_failed'
  | 'unreachable'
  | 'reset'
  | 'tls_failed'
  | 'timeout'
  | 'closed'
  | 'error';

/** Result of authentication, kept apart from network failures. */
export type AuthResult = 'ok' | 'failed' | 'not_attempted' | 'unknown';

/** Overall verdict of a connection test. */
export type Verdict = 'pass' | 'warn' | 'fail';

/** Connack slower than this (ms) is worth a warning. */
export const SLOW_CONNACK_MS = 1000;

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EHOSTDOWN']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);
const TLS_TEXT = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME|ALTNAME|certificate/i;

/**
 * Classifies a failed connect from the ToolError code connectError() chose and the raw cause
 * (its code and message): credentials refused, other CONNACK refusals, and network failures.
 */
export function classifyConnectFailure(
  errorCode: ToolErrorCode,
  causeCode: unknown,
  message: string,
): ConnectOutcome {
  if (errorCode === 'AUTH_FAILED') return 'auth_failed';
  if (errorCode === 'BROKER_REJECTED') return 'rejected';
  if (errorCode === 'TIMEOUT') return 'timeout';
  const code = typeof causeCode === 'string' ? causeCode : '';
  if (code === 'ECONNREFUSED') return 'refused';
  if (DNS_CODES.has(code)) return 'dns_failed';
  if (UNREACHABLE_CODES.has(code)) return 'unreachable';
  if (RESET_CODES.has(code)) return 'reset';
  if (TLS_TEXT.test(code) || TLS_TEXT.test(message)) return 'tls_failed';
  if (/connack timeout/i.test(message)) return 'timeout';
  return 'error';
}

/** The authentication result implied by how the connect ended. */
export function authResultFor(outcome: ConnectOutcome): AuthResult {
  if (outcome === 'connected') return 'ok';
  if (outcome === 'auth_failed') return 'failed';
  if (outcome === 'rejected' || outcome === 'not_connected') return 'unknown';
  return 'not_attempted';
}

/** What a connection test found, as input to the verdict. */
export interface ConnectionFindings {
  target: 'connection_string' | 'session';
  broker: string;
  outcome: ConnectOutcome;
  /** Why the connect failed (already redacted), or the session's last error. */
  error?: string;
  auth: AuthResult;
  authMethod: 'username_password' | 'username_only' | 'anonymous';
  connackMs?: number | null;
  /** False when the broker certificate was deliberately not verified. */
  tlsVerified?: boolean | null;
  session?: { state: string; reconnects: number; lastError?: string };
}

/** How a client authenticates, from the credentials its address carries. */
export function authMethodFor(
  username: string | undefined,
  password: string | undefined,
): ConnectionFindings['authMethod'] {
  if (username === undefined) return 'anonymous';
  return password === undefined ? 'username_only' : 'username_password';
}

const FAILURE_LABEL: Record<Exclude<ConnectOutcome, 'connected'>, string> = {
  not_connected: 'the session is not connected',
  auth_failed: 'authentication failed',
  rejected: 'the broker refused the connection',
  refused: 'connection refused',
  dns_failed: 'the host name does not resolve',
  unreachable: 'the broker is unreachable',
  reset: 'the connection was reset during the handshake',
  tls_failed: 'the TLS handshake failed',
  timeout: 'no answer (CONNACK) in time',
  closed: 'the connection was closed before CONNACK',
  error: 'the connection failed',
};

const AUTH_TEXT: Record<ConnectionFindings['authMethod'], string> = {
  username_password: 'user name and password',
  username_only: 'user name without password',
  anonymous: 'anonymous',
};

/**
 * The overall verdict with its reasons in plain English: `fail` when no usable connection exists
 * (network failure, credentials or connection refused, session down), `warn` when it connects
 * with a problem (losses or nothing back on the test topic, which an ACL may cause; slow answers,
 * unverified TLS, reconnects, downgraded QoS), `pass` otherwise.
 */
export function connectionVerdict(f: ConnectionFindings): { verdict: Verdict; reasons: string[] } {
  const reasons: string[] = [];
  let verdict: Verdict = 'pass';
  const warn = (reason: string) => {
    if (verdict === 'pass') verdict = 'warn';
    reasons.push(reason);
  };
  if (f.outcome !== 'connected') {
    const label = FAILURE_LABEL[f.outcome];
    if (f.session) {
      reasons.push(
        `${label}: session is ${f.session.state} to ${f.broker}${f.error ? ` (last error: ${f.error})` : ''}; it retries on its own, or close it and call mqtt_establish_connection`,
      );
    } else {
      reasons.push(`${label}${f.error ? `: ${f.error}` : ''}`);
    }
    if (f.outcome === 'auth_failed') {
      reasons.push('the network path works: the broker answered and refused the credentials');
    }
    return { verdict: 'fail', reasons };
  }
  if (f.session) {
    reasons.push(`the session is connected to ${f.broker}`);
  } else {
    reasons.push(
      `connected to ${f.broker}${typeof f.connackMs === 'number' ? ` (CONNACK ${round(f.connackMs, 1)} ms after the connection was up)` : ''}`,
    );
  }
  reasons.push(`authentication ok (${AUTH_TEXT[f.authMethod]})`);
  if (typeof f.connackMs === 'number' && f.connackMs > SLOW_CONNACK_MS) {
    warn(
      `the broker took ${Math.round(f.connackMs)} ms to answer CONNECT (over ${SLOW_CONNACK_MS} ms)`,
    );
  }
  if (f.tlsVerified === false) {
    warn('the broker certificate was not verified (reject_unauthorized false): use tls_ca instead');
  }
  if (f.session && f.session.reconnects > 0) {
    warn(
      `the session reconnected ${f.session.reconnects} time(s) since it was opened${f.session.lastError ? ` (last error: ${f.session.lastError})` : ''}`,
    );
  }
  return { verdict, reasons };
}
