// Access control for /api/mcp and the console API: bearer token, loopback, trusted proxy, Host/Origin, cross-site proof.
import { timingSafeEqual, createHash } from 'node:crypto';
import { CONSOLE_HEADER } from './console-header';
import { foreignOriginAllowed, hostAllowed, type HostPolicy } from './hosts';
import { isLoopback, PEER_HEADER } from './peer-address';

export { hostAllowed } from './hosts';

/** Name of the cookie the console's login sets. */
export const TOKEN_COOKIE = 'mqtt_mcp_token';

/** Compares two secrets in constant time (hashing first so lengths do not leak). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** What decides access for one request. */
export interface AccessPolicy extends HostPolicy {
  token: string;
  /** Requests whose socket peer is loopback need no token. */
  trustLoopback: boolean;
  /** True for the peer address of an authenticating proxy (Umbrel's app proxy): console only. */
  trustedProxy: (peer: string | null) => boolean;
}

/** Why a request was refused, or null when allowed. */
export type AccessDenial = { status: 401 | 403; message: string } | null;

/** How an allowed request proved itself: a bearer header, the token cookie, loopback, or the proxy. */
export type AccessVia = 'token' | 'cookie' | 'loopback' | 'proxy';

/** The outcome of access control: allowed (and how), or refused with a status and a reason. */
export type AccessResult =
  { ok: true; via: AccessVia } | { ok: false; status: 401 | 403; message: string };

function presentedToken(headers: Headers): { token: string; via: 'token' | 'cookie' } | undefined {
  const auth = headers.get('authorization');
  const m = auth ? /^Bearer\s+(.+)$/i.exec(auth) : null;
  if (m?.[1]) return { token: m[1].trim(), via: 'token' };
  const cookie = headers.get('cookie');
  const c = cookie ? new RegExp(`(?:^|;\\s*)${TOKEN_COOKIE}=([^;]+)`).exec(cookie) : null;
  if (!c?.[1]) return undefined;
  try {
    return { token: decodeURIComponent(c[1]), via: 'cookie' };
  } catch {
    // Security fix (test/security/access-control.int.test.ts): malformed percent-encoding threw
    // URIError out of checkAccess (a 500); the raw value is compared instead and refused.
    return { token: c[1], via: 'cookie' };
  }
}

const refuse = (status: 401 | 403, message: string): AccessResult => ({
  ok: false,
  status,
  message,
});

/** Host, Origin and Fetch Metadata: what a foreign or rebinding page would get wrong. */
function siteDenial(headers: Headers, policy: AccessPolicy, area: 'mcp' | 'console') {
  const host = headers.get('host') ?? '';
  if (!hostAllowed(host, policy)) {
    return refuse(403, `Host "${host}" is not allowed (MQTT_MCP_ALLOWED_HOSTS)`);
  }
  const origin = headers.get('origin');
  if (origin === 'null') return refuse(403, 'Origin "null" is not allowed');
  if (origin) {
    let originHost = '';
    try {
      originHost = new URL(origin).host;
    } catch {
      return refuse(403, 'malformed Origin');
    }
    if (originHost.toLowerCase() !== host.toLowerCase()) {
      if (area === 'console') return refuse(403, `cross-origin request from "${origin}" refused`);
      if (!foreignOriginAllowed(originHost, policy)) {
        return refuse(403, `Origin "${origin}" is not allowed`);
      }
    }
  }
  // Browsers mark every request with where it came from (Sec-Fetch-Site, not settable by pages).
  // A cross-site or same-site (another port) request is refused unless its Origin was accepted above.
  const site = headers.get('sec-fetch-site');
  if ((site === 'cross-site' || site === 'same-site') && (area === 'console' || !origin)) {
    return refuse(403, `cross-site request refused (Sec-Fetch-Site: ${site})`);
  }
  return undefined;
}

/** Decides one request; `area` says whether it targets MCP or the console API. */
export function evaluateAccess(
  headers: Headers,
  policy: AccessPolicy,
  area: 'mcp' | 'console',
): AccessResult {
  const site = siteDenial(headers, policy, area);
  if (site) return site;
  const presented = presentedToken(headers);
  let via: AccessVia | undefined;
  if (presented !== undefined) {
    if (!safeEqual(presented.token, policy.token)) return refuse(401, 'invalid token');
    via = presented.via;
  } else {
    const peer = headers.get(PEER_HEADER);
    if (policy.trustLoopback && isLoopback(peer)) via = 'loopback';
    else if (area === 'console' && policy.trustedProxy(peer)) via = 'proxy';
  }
  if (!via) {
    return refuse(
      401,
      'a bearer token is required (Authorization: Bearer <token>; see the console MCP setup page)',
    );
  }
  // A cookie, loopback or the proxy come with any request the browser sends, a forged one too:
  // the console API then also wants the header only the console's own client sends.
  if (area === 'console' && via !== 'token' && headers.get(CONSOLE_HEADER) !== '1') {
    return refuse(
      403,
      `the console API needs the header "${CONSOLE_HEADER}: 1" (the console sends it) or a bearer token; a cross-site page can send neither`,
    );
  }
  return { ok: true, via };
}

/** Checks a request against the policy; null when allowed, else why it was refused. */
export function checkAccess(
  headers: Headers,
  policy: AccessPolicy,
  area: 'mcp' | 'console',
): AccessDenial {
  const result = evaluateAccess(headers, policy, area);
  return result.ok ? null : { status: result.status, message: result.message };
}
