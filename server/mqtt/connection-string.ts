// Connection strings: `scheme://[user:pass@]host[:port][/client_id]` or the same without a scheme.
import { ToolError } from '../errors';

/** Transports a connection string may name. */
export type BrokerScheme = 'mqtt' | 'mqtts' | 'ws' | 'wss';

/** A parsed connection string. The password is kept apart and never part of `redacted`. */
export interface BrokerAddress {
  scheme: BrokerScheme;
  host: string;
  port: number;
  /** WebSocket path (ws/wss only); default `/mqtt`. */
  path?: string;
  username?: string;
  password?: string;
  clientId?: string;
  /** The broker URL without any secret, e.g. `mqtt://user:***@host:1883`. */
  redacted: string;
}

/** True for the schemes that run over TLS (mqtts, wss). */
export function usesTls(address: Pick<BrokerAddress, 'scheme'>): boolean {
  return address.scheme === 'mqtts' || address.scheme === 'wss';
}

const DEFAULT_PORTS: Record<BrokerScheme, number> = { mqtt: 1883, mqtts: 8883, ws: 80, wss: 443 };
const SCHEMES = new Set(['mqtt', 'mqtts', 'ws', 'wss', 'tcp', 'ssl', 'tls']);
const ALIASES: Record<string, BrokerScheme> = { tcp: 'mqtt', ssl: 'mqtts', tls: 'mqtts' };

function invalid(reason: string): ToolError {
  return new ToolError(
    'INVALID_INPUT',
    `connection_string: ${reason}; expected mqtt://[user:pass@]host[:port][/client_id] (schemes mqtt, mqtts, ws, wss)`,
    { argument: 'connection_string' },
  );
}

/** Decodes percent-encoding, or throws INVALID_INPUT naming the part that is malformed. */
function decodePart(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid(`the ${what} contains malformed percent-encoding`);
  }
}

/** Parses a connection string into a broker address; throws INVALID_INPUT naming what is wrong. */
export function parseConnectionString(input: string): BrokerAddress {
  const raw = input.trim();
  if (raw.length === 0) throw invalid('it is empty');
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f]/.test(raw)) throw invalid('it contains whitespace or control characters');
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  if (!schemeMatch && /^[a-z][a-z0-9+.-]*:\/(?!\/)/i.test(raw)) throw invalid('"://" is malformed');
  const schemeText = schemeMatch?.[1]?.toLowerCase() ?? 'mqtt';
  if (!SCHEMES.has(schemeText)) throw invalid(`unsupported scheme "${schemeText}"`);
  const scheme = ALIASES[schemeText] ?? (schemeText as BrokerScheme);
  const rest = schemeMatch ? raw.slice(schemeMatch[0].length) : raw;
  const authority = rest.split('/')[0] ?? '';
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const portText =
    /^\[.*\](?::(.*))?$/.exec(hostPort)?.[1] ?? /^[^:[\]]*:(.*)$/.exec(hostPort)?.[1];
  if (portText !== undefined && !/^\d+$/.test(portText)) {
    // With an `@` further on, this "port" is likely the start of a password holding a raw `/`:
    // it is not echoed (security fix, test/security/web-attacks.int.test.ts).
    throw invalid(
      rest.includes('@')
        ? 'the port is not a number (a password holding "/", "?", "#" or "@" must be percent-encoded)'
        : `the port "${portText}" is not a number`,
    );
  }
  const port = portText ? Number(portText) : DEFAULT_PORTS[scheme];
  if (port < 1 || port > 65_535) throw invalid(`the port ${port} is out of range 1-65535`);
  if (hostPort === '' || hostPort.startsWith(':') || hostPort.startsWith('[]')) {
    throw invalid('the host is missing');
  }
  let url: URL;
  try {
    url = new URL(`${scheme}://${rest}`);
  } catch {
    throw invalid('it is not a valid URL');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) throw invalid('the host is missing');
  const username = url.username ? decodePart(url.username, 'user name') : undefined;
  const password = url.password ? decodePart(url.password, 'password') : undefined;
  const isWs = scheme === 'ws' || scheme === 'wss';
  const pathText = isWs ? '' : decodePart(url.pathname.replace(/^\//, ''), 'client id');
  const clientId = pathText || undefined;
  if (clientId && clientId.includes('/')) throw invalid('the client id may not contain "/"');
  const path = isWs ? (url.pathname && url.pathname !== '/' ? url.pathname : '/mqtt') : undefined;
  const hostText = host.includes(':') ? `[${host}]` : host;
  const auth =
    username !== undefined
      ? `${encodeURIComponent(username)}${password !== undefined ? ':***' : ''}@`
      : '';
  const redacted = `${scheme}://${auth}${hostText}:${port}${isWs ? path : clientId ? `/${clientId}` : ''}`;
  return { scheme, host, port, path, username, password, clientId, redacted };
}
