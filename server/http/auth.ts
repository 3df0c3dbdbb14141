// Access control for /api/mcp and the console API: bearer token, loopback, trusted proxy, Host/Origin.
import { timingSafeEqual, createHash } from 'node:crypto';
import { isLoopback, PEER_HEADER } from './peer-address';

/** Name of the cookie the console's login sets. */
export const TOKEN_COOKIE = 'mqtt_mcp_token';

/** Compares two secrets in constant time (hashing first so lengths do not leak). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** What decides access for one request. */
export interface AccessPolicy {
  token: string;
  /** Requests whose socket peer is loopback need no token. */
  trustLoopback: boolean;
  /** True for the peer address of an authenticating proxy (Umbrel's app proxy): console only. */
  trustedProxy: (peer: string | null) => boolean;
  /** Extra Host names allowed besides localhost, loopback IPs and the machine's own names. */
  allowedHosts: string[];
}

/** Why a request was refused, or null when allowed. */
export type AccessDenial = { status: 401 | 403; message: string } | null;

function bearer(headers: Headers): string | undefined {
  const auth = headers.get('authorization');
  const m = auth ? /^Bearer\s+(.+)$/i.exec(auth) : null;
  if (m?.[1]) return m[1].trim();
  const cookie = headers.get('cookie');
  const c = cookie ? new RegExp(`(?:^|;\\s*)${TOKEN_COOKIE}=([^;]+)`).exec(cookie) : null;
  if (!c?.[1]) return undefined;
  try {
    return decodeURIComponent(c[1]);
  } catch {
    // Security fix (test/security/access-control.int.test.ts): malformed percent-encoding threw
    // URIError out of checkAccess (a 500); the raw value is compared instead and refused.
    return c[1];
  }
}

function hostName(value: string): string {
  try {
    return new URL(`http://${value}`).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return '';
  }
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0']);

/** True when a Host/Origin host name is acceptable (against DNS rebinding). */
export function hostAllowed(host: string, policy: AccessPolicy): boolean {
  const name = hostName(host);
  if (!name) return false;
  // Security fix (server/http/auth.test.ts): /^127\./ also matched a public name such as
  // 127.evil.com, which an attacker can rebind to this host; only a 127.x.y.z address is loopback.
  if (LOCAL_HOSTS.has(name) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
  if (policy.allowedHosts.length === 0) {
    // Without a list, any IP literal or single-label/.local name is accepted (LAN use, Umbrel).
    return (
      /^[\d.]+$/.test(name) || name.includes(':') || !name.includes('.') || name.endsWith('.local')
    );
  }
  return policy.allowedHosts.some((h) => h.toLowerCase() === name);
}

/** Checks a request against the policy; `area` says whether it targets MCP or the console API. */
export function checkAccess(
  headers: Headers,
  policy: AccessPolicy,
  area: 'mcp' | 'console',
): AccessDenial {
  const host = headers.get('host') ?? '';
  if (!hostAllowed(host, policy)) {
    return { status: 403, message: `Host "${host}" is not allowed (MQTT_MCP_ALLOWED_HOSTS)` };
  }
  const origin = headers.get('origin');
  if (origin && origin !== 'null') {
    let originHost = '';
    try {
      originHost = new URL(origin).host;
    } catch {
      return { status: 403, message: 'malformed Origin' };
    }
    if (originHost.toLowerCase() !== host.toLowerCase() && !hostAllowed(originHost, policy)) {
      return { status: 403, message: `Origin "${origin}" is not allowed` };
    }
    if (originHost.toLowerCase() !== host.toLowerCase() && area === 'console') {
      return { status: 403, message: `cross-origin request from "${origin}" refused` };
    }
  } else if (origin === 'null') {
    return { status: 403, message: 'Origin "null" is not allowed' };
  }
  const presented = bearer(headers);
  if (presented !== undefined) {
    return safeEqual(presented, policy.token) ? null : { status: 401, message: 'invalid token' };
  }
  const peer = headers.get(PEER_HEADER);
  if (policy.trustLoopback && isLoopback(peer)) return null;
  if (area === 'console' && policy.trustedProxy(peer)) return null;
  return {
    status: 401,
    message:
      'a bearer token is required (Authorization: Bearer <token>; see the console MCP setup page)',
  };
}
