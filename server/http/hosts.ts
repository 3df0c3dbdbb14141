// Host and Origin rules against DNS rebinding: a strict Host grammar, loopback, LAN forms and the allow-list.
import { isIP } from 'node:net';
import { hostname } from 'node:os';

/** The part of the access policy these rules read. */
export interface HostPolicy {
  /** Extra Host names allowed besides loopback, IP literals, `.local` names and the machine's own name. */
  allowedHosts: string[];
}

// `name[:port]` or `[ipv6][:port]`: letters, digits, `-`, `_` and dots only, so `evil.com@127.0.0.1`,
// a path, a space or an empty label never parse (new URL() read the part after `@` as the host).
const HOST_VALUE =
  /^(?:\[([0-9a-f:.]+)\]|((?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)\.?)(?::(\d{1,5}))?$/i;

/** The host name of a Host header value (lower case, no brackets, no trailing dot); '' when malformed. */
export function hostNameOf(value: string): string {
  const m = HOST_VALUE.exec(value);
  if (!m || (m[3] !== undefined && Number(m[3]) > 65_535)) return '';
  if (m[1] !== undefined) return isIP(m[1]) === 6 ? m[1].toLowerCase() : '';
  return (m[2] ?? '').toLowerCase();
}

const LOOPBACK_NAMES = new Set(['localhost', '::1', '0.0.0.0']);

/** True for names that always mean this machine: localhost, 127.0.0.0/8, ::1, 0.0.0.0. */
export function isLoopbackName(name: string): boolean {
  return LOOPBACK_NAMES.has(name) || (isIP(name) === 4 && name.startsWith('127.'));
}

function ownNames(): Set<string> {
  const own = hostname().toLowerCase();
  return new Set([own, `${own}.local`]);
}

function listed(name: string, policy: HostPolicy): boolean {
  return policy.allowedHosts.some((h) => h.toLowerCase() === name);
}

/**
 * True when a Host (or Origin host) is acceptable. A rebinding page has a DNS name of its own, so
 * names are refused unless they are loopback, listed, or (without a list) an IP literal, a `.local`
 * name or this machine's own name; other single-label names and public names are refused.
 */
export function hostAllowed(host: string, policy: HostPolicy): boolean {
  const name = hostNameOf(host);
  if (!name) return false;
  if (isLoopbackName(name) || listed(name, policy)) return true;
  if (policy.allowedHosts.length > 0) return false;
  return isIP(name) !== 0 || (name.endsWith('.local') && name.length > 6) || ownNames().has(name);
}

/**
 * True when another origin may call /api/mcp: a loopback name (a local MCP tool such as the
 * Inspector) or a listed one. A bare IP, a `.local` or a single-label name is not enough, since
 * any page on the LAN or the internet has one.
 */
export function foreignOriginAllowed(originHost: string, policy: HostPolicy): boolean {
  const name = hostNameOf(originHost);
  return Boolean(name) && (isLoopbackName(name) || listed(name, policy));
}
