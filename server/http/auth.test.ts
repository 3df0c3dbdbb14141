// Unit tests of access control: Host/Origin rules, the checkAccess matrix and the constant-time comparison.
import * as crypto from 'node:crypto';
import { hostname } from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import {
  checkAccess,
  evaluateAccess,
  hostAllowed,
  safeEqual,
  TOKEN_COOKIE,
  type AccessPolicy,
} from './auth';
import { CONSOLE_HEADER } from './console-header';
import { hostNameOf } from './hosts';
import { PEER_HEADER } from './peer-address';
import { itReturnsFor } from '../../test/each-case';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof crypto>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const TOKEN = 'correct-horse-battery-staple-0123';

function policy(over: Partial<AccessPolicy> = {}): AccessPolicy {
  return {
    token: TOKEN,
    trustLoopback: true,
    trustedProxy: () => false,
    allowedHosts: [],
    ...over,
  };
}

function headers(h: Record<string, string>): Headers {
  return new Headers({ host: '127.0.0.1:8091', ...h });
}

const REMOTE = { [PEER_HEADER]: '192.168.1.20' };
const LOOPBACK = { [PEER_HEADER]: '127.0.0.1' };
/** What the console's own client adds to every call. */
const CONSOLE = { [CONSOLE_HEADER]: '1' };

describe('hostAllowed', () => {
  const allowed = (host: string) => hostAllowed(host, policy());

  itReturnsFor('accepts the loopback name or address %j', allowed, true, [
    'localhost',
    'localhost:8091',
    '127.0.0.1:8091',
    '127.5.6.7',
    '[::1]:8091',
    '0.0.0.0:8091',
    'LOCALHOST:1',
  ]);

  // Without a list: IP literals, .local and this machine.
  itReturnsFor('accepts the LAN form %j', allowed, true, [
    '192.168.1.5:8091',
    '[fe80::1]:8091',
    'umbrel.local',
    'umbrel.local.:8091',
    `${hostname()}:8091`,
  ]);

  itReturnsFor('refuses the public or malformed name %j', allowed, false, [
    'evil.com',
    'evil.com:8091',
    'localhost.evil.com',
    '127.0.0.1.nip.io',
    '',
    ' ',
    'a b',
  ]);

  it('refuses single-label names other than this machine, unless listed', () => {
    // Security fix: any single-label name was accepted, and a DNS search domain can resolve one.
    expect(hostAllowed('some-other-box:8091', policy())).toBe(false);
    expect(hostAllowed('.local', policy())).toBe(false);
    expect(hostAllowed('some-other-box:8091', policy({ allowedHosts: ['some-other-box'] }))).toBe(
      true,
    );
  });

  it('refuses Host values that only a URL parser would read as loopback', () => {
    // Security fix: new URL('http://evil.com@127.0.0.1') has the host 127.0.0.1.
    for (const h of [
      'evil.com@127.0.0.1',
      'evil.com@127.0.0.1:8091',
      'user:pw@localhost',
      '127.0.0.1/evil',
      '127.0.0.1?x',
      '127.0.0.1#x',
      '127.0.0.1 evil.com',
      '127.0.0.1:99999',
      'localhost:80:80',
      '[::1',
      '[evil.com]',
      'a..b',
      '127.0.0.1\\evil.com',
    ]) {
      expect(hostAllowed(h, policy()), h).toBe(false);
      expect(hostNameOf(h), h).toBe('');
    }
    expect(hostNameOf('LocalHost.:8091')).toBe('localhost');
    expect(hostNameOf('[::1]:1')).toBe('::1');
  });

  it('refuses public names that merely start like a loopback address (DNS rebinding)', () => {
    // Security fix: /^127\./ accepted an attacker's 127.evil.com, which can rebind to this host.
    for (const h of ['127.evil.com', '127.evil.com:8091', '127.0.0.1.evil.com', '127.1.2.3.4']) {
      expect(hostAllowed(h, policy()), h).toBe(false);
      expect(hostAllowed(h, policy({ allowedHosts: ['mqtt.example.test'] })), h).toBe(false);
    }
  });

  it('with MQTT_MCP_ALLOWED_HOSTS accepts only the list besides loopback', () => {
    const p = policy({ allowedHosts: ['mqtt.example.test', 'Console.Example.Test'] });
    expect(hostAllowed('mqtt.example.test:8091', p)).toBe(true);
    expect(hostAllowed('console.example.test', p)).toBe(true);
    expect(hostAllowed('localhost:8091', p)).toBe(true);
    expect(hostAllowed('umbrel:8091', p)).toBe(false);
    expect(hostAllowed('192.168.1.5', p)).toBe(false);
    expect(hostAllowed('evil.example.test', p)).toBe(false);
  });
});

describe('checkAccess', () => {
  it('lets loopback in without a token only while loopback is trusted', () => {
    expect(checkAccess(headers(LOOPBACK), policy(), 'mcp')).toBeNull();
    expect(
      checkAccess(headers({ [PEER_HEADER]: '::ffff:127.0.0.1', ...CONSOLE }), policy(), 'console'),
    ).toBeNull();
    expect(checkAccess(headers({ [PEER_HEADER]: '::1' }), policy(), 'mcp')).toBeNull();
    expect(checkAccess(headers(LOOPBACK), policy({ trustLoopback: false }), 'mcp')?.status).toBe(
      401,
    );
    expect(checkAccess(headers(REMOTE), policy(), 'mcp')?.status).toBe(401);
    expect(checkAccess(headers({}), policy(), 'mcp')?.status).toBe(401);
  });

  it('trusts an authenticating proxy for the console only, never for /api/mcp', () => {
    const p = policy({ trustedProxy: (peer) => peer === '192.168.1.20', trustLoopback: false });
    expect(evaluateAccess(headers({ ...REMOTE, ...CONSOLE }), p, 'console')).toEqual({
      ok: true,
      via: 'proxy',
    });
    const other = { [PEER_HEADER]: '192.168.1.21', ...CONSOLE };
    expect(checkAccess(headers(other), p, 'console')?.status).toBe(401);
    const mcp = checkAccess(headers(REMOTE), p, 'mcp');
    expect(mcp?.status).toBe(401);
    expect(mcp?.message).toMatch(/bearer token is required/);
  });

  it('accepts the token as a bearer header or as the console cookie', () => {
    const p = policy({ trustLoopback: false });
    expect(
      checkAccess(headers({ ...REMOTE, authorization: `Bearer ${TOKEN}` }), p, 'mcp'),
    ).toBeNull();
    expect(
      checkAccess(headers({ ...REMOTE, authorization: `bearer   ${TOKEN}  ` }), p, 'mcp'),
    ).toBeNull();
    expect(
      checkAccess(
        headers({
          ...REMOTE,
          ...CONSOLE,
          cookie: `a=1; ${TOKEN_COOKIE}=${encodeURIComponent(TOKEN)}; b=2`,
        }),
        p,
        'console',
      ),
    ).toBeNull();
    // The Authorization header wins: a wrong bearer is not rescued by a right cookie.
    expect(
      checkAccess(
        headers({ ...REMOTE, authorization: 'Bearer nope', cookie: `${TOKEN_COOKIE}=${TOKEN}` }),
        p,
        'console',
      )?.status,
    ).toBe(401);
    // A cookie with another name that ends like ours is not ours.
    expect(
      checkAccess(headers({ ...REMOTE, cookie: `x${TOKEN_COOKIE}=${TOKEN}` }), p, 'console')
        ?.status,
    ).toBe(401);
  });

  it('refuses a wrong token even from loopback, whatever its length', () => {
    const same = TOKEN.replace(/.$/, 'X');
    expect(same.length).toBe(TOKEN.length);
    for (const wrong of [
      same,
      'short',
      `${TOKEN}x`,
      TOKEN.toUpperCase(),
      ` ${TOKEN}x`,
      'Basic abc',
      '%00',
    ]) {
      const denial = checkAccess(
        headers({ ...LOOPBACK, authorization: `Bearer ${wrong}` }),
        policy(),
        'mcp',
      );
      expect(denial, wrong).toEqual({ status: 401, message: 'invalid token' });
      expect(denial?.message).not.toContain(wrong.trim());
    }
  });

  it('answers a malformed token cookie with 401 instead of throwing', () => {
    // Security fix: decodeURIComponent threw URIError on `%E0%A4%A`, failing the request with a 500.
    const denial = checkAccess(
      headers({ ...REMOTE, cookie: `${TOKEN_COOKIE}=%E0%A4%A` }),
      policy(),
      'console',
    );
    expect(denial?.status).toBe(401);
  });

  it('refuses a bad Host, a foreign or null Origin, and cross-origin console calls', () => {
    const ok = { ...LOOPBACK, authorization: `Bearer ${TOKEN}` };
    expect(checkAccess(headers({ ...ok, host: 'evil.com:8091' }), policy(), 'mcp')?.status).toBe(
      403,
    );
    expect(
      checkAccess(headers({ ...ok, host: '127.evil.com:8091' }), policy(), 'mcp')?.status,
    ).toBe(403);
    expect(checkAccess(new Headers({ ...ok }), policy(), 'mcp')?.status).toBe(403);
    expect(
      checkAccess(headers({ ...ok, origin: 'https://evil.com' }), policy(), 'mcp')?.status,
    ).toBe(403);
    expect(
      checkAccess(headers({ ...ok, origin: 'http://127.evil.com:8091' }), policy(), 'mcp')?.status,
    ).toBe(403);
    expect(checkAccess(headers({ ...ok, origin: 'null' }), policy(), 'console')?.status).toBe(403);
    expect(checkAccess(headers({ ...ok, origin: 'not a url' }), policy(), 'mcp')?.status).toBe(403);
    // Same origin passes; another local origin may use MCP but not the console (no CSRF).
    expect(
      checkAccess(headers({ ...ok, origin: 'http://127.0.0.1:8091' }), policy(), 'console'),
    ).toBeNull();
    // A bare IP, a .local or a single-label Origin does not pass the /api/mcp rule: any page has one.
    for (const origin of ['http://192.168.1.9:8091', 'http://umbrel.local', 'http://evilbox:80']) {
      expect(checkAccess(headers({ ...ok, origin }), policy(), 'mcp')?.status, origin).toBe(403);
    }
    expect(
      checkAccess(
        headers({ ...ok, origin: 'http://mcp.example.test' }),
        policy({ allowedHosts: ['mcp.example.test'] }),
        'mcp',
      ),
    ).toBeNull();
    expect(
      checkAccess(headers({ ...ok, origin: 'http://localhost:3000' }), policy(), 'mcp'),
    ).toBeNull();
    expect(
      checkAccess(headers({ ...ok, origin: 'http://localhost:3000' }), policy(), 'console')?.status,
    ).toBe(403);
    // Host and Origin are checked before the token: a right token does not open a rebinding hole.
    expect(
      checkAccess(headers({ ...ok, host: 'evil.com' }), policy({ trustLoopback: false }), 'mcp')
        ?.status,
    ).toBe(403);
  });
});

describe('proof against cross-site requests', () => {
  it('wants the console header on a console call authorised by loopback, proxy or cookie', () => {
    // Security fix: an <img> on any page ran tools through GET, authorised by loopback alone.
    const denial = checkAccess(headers(LOOPBACK), policy(), 'console');
    expect(denial?.status).toBe(403);
    expect(denial?.message).toContain(CONSOLE_HEADER);
    expect(
      checkAccess(headers({ ...LOOPBACK, [CONSOLE_HEADER]: 'yes' }), policy(), 'console')?.status,
    ).toBe(403);
    const cookie = { ...REMOTE, cookie: `${TOKEN_COOKIE}=${TOKEN}` };
    expect(checkAccess(headers(cookie), policy(), 'console')?.status).toBe(403);
    expect(checkAccess(headers({ ...cookie, ...CONSOLE }), policy(), 'console')).toBeNull();
    const proxy = policy({ trustedProxy: () => true, trustLoopback: false });
    expect(checkAccess(headers(REMOTE), proxy, 'console')?.status).toBe(403);
  });

  it('needs no console header with a bearer token (a page cannot send Authorization either)', () => {
    const bearer = { ...REMOTE, authorization: `Bearer ${TOKEN}` };
    expect(evaluateAccess(headers(bearer), policy(), 'console')).toEqual({
      ok: true,
      via: 'token',
    });
    // MCP has its own proof (Mcp-Session-Id, JSON content type): no console header there.
    expect(evaluateAccess(headers(LOOPBACK), policy(), 'mcp')).toEqual({
      ok: true,
      via: 'loopback',
    });
  });

  it('refuses cross-site and same-site browser requests (Sec-Fetch-Site) to the console', () => {
    for (const site of ['cross-site', 'same-site']) {
      const h = { ...LOOPBACK, ...CONSOLE, authorization: `Bearer ${TOKEN}` };
      const denial = checkAccess(headers({ ...h, 'sec-fetch-site': site }), policy(), 'console');
      expect(denial, site).toEqual({
        status: 403,
        message: `cross-site request refused (Sec-Fetch-Site: ${site})`,
      });
    }
    for (const site of ['same-origin', 'none']) {
      const h = { ...LOOPBACK, ...CONSOLE, 'sec-fetch-site': site };
      expect(checkAccess(headers(h), policy(), 'console'), site).toBeNull();
    }
  });

  it('refuses a cross-site request to /api/mcp without an Origin, and allows an accepted one', () => {
    const cross = { ...LOOPBACK, 'sec-fetch-site': 'cross-site' };
    expect(checkAccess(headers(cross), policy(), 'mcp')?.status).toBe(403);
    expect(
      checkAccess(
        headers({ ...LOOPBACK, 'sec-fetch-site': 'same-site', origin: 'http://localhost:6274' }),
        policy(),
        'mcp',
      ),
    ).toBeNull();
  });
});

describe('safeEqual (constant-time comparison)', () => {
  it('is true only for identical strings', () => {
    expect(safeEqual(TOKEN, TOKEN)).toBe(true);
    expect(safeEqual(TOKEN, `${TOKEN} `)).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('a', '')).toBe(false);
    expect(safeEqual('ä', 'a\u0308')).toBe(false);
  });

  it('hashes both sides, so timingSafeEqual compares equal-length digests whatever the input lengths', () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    checkAccess(headers({ ...REMOTE, authorization: 'Bearer x' }), policy(), 'mcp');
    checkAccess(
      headers({ ...REMOTE, authorization: `Bearer ${'y'.repeat(5000)}` }),
      policy(),
      'mcp',
    );
    checkAccess(headers({ ...REMOTE, authorization: `Bearer ${TOKEN}` }), policy(), 'mcp');
    // checkAccess goes through safeEqual -> timingSafeEqual for every presented token.
    expect(spy).toHaveBeenCalledTimes(3);
    for (const [a, b] of spy.mock.calls) {
      expect((a as Buffer).length).toBe(32);
      expect((b as Buffer).length).toBe(32);
    }
    expect(spy.mock.results.map((r) => r.value)).toEqual([false, false, true]);
  });
});
