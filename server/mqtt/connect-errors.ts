// Maps MQTT.js and socket failures during connect to distinct, actionable ToolErrors.
import { ToolError } from '../errors';

const V3_CONNACK: Record<number, string> = {
  1: 'unacceptable protocol version',
  2: 'client identifier rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorized',
};

const V5_AUTH_CODES = new Set([0x86, 0x87, 0x8c]);
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME|ALTNAME/i;

/**
 * Turns an error seen while connecting into a ToolError naming the broker (already redacted).
 * `timeoutMs`, when given, is the connect timeout that a CONNACK timeout is reported against.
 */
export function connectError(
  err: unknown,
  broker: string,
  protocolVersion: 4 | 5,
  timeoutMs?: number,
): ToolError {
  const e = err as NodeJS.ErrnoException & { code?: string | number };
  const code = e?.code;
  const message = e?.message ?? String(err);
  // Hardening: MQTT.js's own connect timer (same length as ours, started first) fires as the error
  // "connack timeout"; it is a timeout, not a generic connection failure.
  if (code === undefined && /^connack timeout$/i.test(message)) {
    const within = timeoutMs !== undefined ? ` within ${timeoutMs / 1000} s` : '';
    return new ToolError(
      'TIMEOUT',
      `${broker} accepted the TCP connection but did not answer CONNECT${within}; the port may not be an MQTT broker, or the network drops packets`,
    );
  }
  if (typeof code === 'number') {
    const isAuth = protocolVersion === 5 ? V5_AUTH_CODES.has(code) : code === 4 || code === 5;
    const reason =
      protocolVersion === 5
        ? message.replace(/^Connection refused: /, '')
        : (V3_CONNACK[code] ?? message);
    if (isAuth) {
      return new ToolError(
        'AUTH_FAILED',
        `${broker} refused the credentials (CONNACK reason code ${code}: ${reason}); check the user name and password, or the broker's ACL`,
        { reason_code: code },
      );
    }
    return new ToolError(
      'BROKER_REJECTED',
      `${broker} refused the connection (CONNACK reason code ${code}: ${reason})`,
      { reason_code: code },
    );
  }
  if (code === 'ECONNREFUSED') {
    return new ToolError(
      'CONNECTION_FAILED',
      `${broker} refused the TCP connection (nothing listens on that port); check host and port, and that the broker runs`,
      { cause_code: code },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return new ToolError(
      'CONNECTION_FAILED',
      `the host name of ${broker} does not resolve (DNS ${code}); check the spelling or use an IP address`,
      { cause_code: code },
    );
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT') {
    return new ToolError('CONNECTION_FAILED', `${broker} is unreachable (${code})`, {
      cause_code: code,
    });
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return new ToolError(
      'CONNECTION_FAILED',
      `${broker} closed the connection during the handshake (${code}); is this an MQTT port, and does it expect TLS?`,
      { cause_code: code },
    );
  }
  if ((typeof code === 'string' && TLS_CODE.test(code)) || /certificate|tls|ssl/i.test(message)) {
    return new ToolError(
      'CONNECTION_FAILED',
      `TLS handshake with ${broker} failed: ${message}; provide the broker's CA (tls_ca), or set reject_unauthorized false only for testing`,
      { cause_code: code },
    );
  }
  return new ToolError('CONNECTION_FAILED', `could not connect to ${broker}: ${message}`, {
    cause_code: code,
  });
}
