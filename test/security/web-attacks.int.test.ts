// Web attacks on the running hub by script: cross-site GETs, DNS rebinding Hosts, readiness leaks, headers, redaction, error codes.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_HEADER } from '../../server/http/console-header';
import { startSpy, type Spy } from '../fuzz/runner';
import { hubBuilt, useHubProcess, type HubProcess } from '../hub-process';
import { mcpCall, mcpError } from '../mcp-stdio';
import { startMosquitto, type MosquittoBroker } from '../mosquitto';
import { INITIALIZE, MCP_POST, raw } from './http-support';

const TOKEN = `web-${randomUUID()}`;
const PREFIX = `web/${randomUUID().slice(0, 8)}`;
const CONSOLE = { [CONSOLE_HEADER]: '1' };
const BEARER = { authorization: `Bearer ${TOKEN}` };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let broker: MosquittoBroker;
let spy: Spy;
/** The hub as installed: loopback trusted (the default), a token for remote callers. */
const hub = useHubProcess({ MQTT_MCP_TOKEN: TOKEN, LOG_LEVEL: 'debug' });
/** A hub behind an authenticating proxy: loopback untrusted, 127.0.0.1 is the proxy. */
const proxied = useHubProcess({
  MQTT_MCP_TOKEN: TOKEN,
  MQTT_MCP_TRUST_LOOPBACK: 'false',
  MQTT_MCP_TRUSTED_PROXY: '127.0.0.1',
});
const clients: Client[] = [];

async function mcpHttp(target: HubProcess, headers: Record<string, string> = BEARER) {
  const client = new Client({ name: 'web-attacks', version: '0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${target.url}/api/mcp`), {
      requestInit: { headers },
    }),
  );
  clients.push(client);
  return client;
}

/** An MCP client of `target` with a session open on the broker. */
async function mcpSession(target: HubProcess) {
  const client = await mcpHttp(target);
  const { session_id } = await mcpCall<{ session_id: string }>(
    client,
    'mqtt_establish_connection',
    { connection_string: broker.url },
  );
  return { client, session_id };
}

const input = (value: unknown) => `input=${encodeURIComponent(JSON.stringify(value))}`;

/** A console API GET (query or SSE subscription) with the given headers. */
function consoleGet(target: HubProcess, path: string, args: unknown, headers = {}) {
  return raw(target.port, `/api/trpc/${path}?${input(args)}`, { headers });
}

async function journalText(target: HubProcess): Promise<string> {
  const res = await consoleGet(target, 'journal.page', { limit: 500 }, BEARER);
  expect(res.status).toBe(200);
  return res.body;
}

beforeAll(async () => {
  broker = await startMosquitto({ debugLog: false });
  spy = await startSpy(broker.url);
});

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await spy?.close();
  await broker?.stop();
});

describe.runIf(hubBuilt())('web attacks on the hub', () => {
  it('a cross-site GET (img, no-cors fetch, EventSource) runs no tool and lists no session', async () => {
    const { client, session_id } = await mcpSession(hub());
    const topic = `${PREFIX}/lock/set`;
    const publish = {
      name: 'mqtt_publish_message',
      args: { session_id, topic, payload: 'UNLOCK', retain: true },
    };
    // What a foreign page's <img>, <script> or fetch(no-cors) sends: loopback peer, no Origin.
    const forged: Array<[string, unknown, Record<string, string>]> = [
      ['tools.run', publish, {}],
      [
        'tools.run',
        publish,
        {
          'sec-fetch-site': 'cross-site',
          'sec-fetch-mode': 'no-cors',
          referer: 'http://evil.test/',
        },
      ],
      ['tools.run', publish, { accept: 'text/event-stream', 'sec-fetch-site': 'cross-site' }],
      ['tools.invoke.mqtt_test_connection', { connection_string: broker.url }, {}],
      ['sessions.list', {}, {}],
      ['system.ready', {}, {}],
      ['system.mcpSetup', {}, {}],
    ];
    for (const [path, args, headers] of forged) {
      const res = await consoleGet(hub(), path, args, headers);
      expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
      expect(res.body).toMatch(/x-mqtt-mcp-console|cross-site request refused/);
      expect(res.body).not.toContain(session_id);
      expect(res.body).not.toContain(TOKEN);
    }
    // A form POST (text/plain, no preflight) from another origin was already refused: still is.
    const form = await raw(hub().port, '/api/trpc/tools.invoke.mqtt_publish_message', {
      headers: { 'content-type': 'text/plain', origin: 'http://evil.test' },
      body: JSON.stringify(publish.args),
    });
    expect(form.status).toBe(403);
    await sleep(500);
    expect(spy.topics.has(topic)).toBe(false);
    expect(await journalText(hub())).not.toContain(topic);

    // The same run with the console's header does publish: the check above can see a publish.
    const allowed = `${PREFIX}/console-run`;
    const run = await consoleGet(
      hub(),
      'tools.run',
      { name: 'mqtt_publish_message', args: { session_id, topic: allowed, payload: '1' } },
      CONSOLE,
    );
    expect(run.status).toBe(200);
    expect(run.body).toContain('"ok":true');
    await sleep(300);
    expect(spy.topics.has(allowed)).toBe(true);
    await mcpCall(client, 'mqtt_close_connection', { session_id });
  });

  it('checks the Host on every route: pages, assets, readiness, health, both APIs', async () => {
    const page = await raw(hub().port, '/');
    expect(page.status).toBe(200);
    const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(page.body)?.[1] as string;
    expect(asset).toBeDefined();
    const routes: Array<[string, Record<string, string>, string?]> = [
      ['/', {}],
      ['/setup', {}],
      [asset, {}],
      ['/favicon.ico', {}],
      ['/api/ready', BEARER],
      ['/api/health', {}],
      [`/api/trpc/sessions.list`, { ...BEARER, ...CONSOLE }],
      ['/api/mcp', { ...BEARER, ...MCP_POST }, INITIALIZE],
    ];
    const port = hub().port;
    const foreign = [
      `evil.com:${port}`,
      `rebind.test:${port}`,
      `evil.com@127.0.0.1:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `some-single-label:${port}`,
    ];
    for (const [path, headers, body] of routes) {
      for (const host of foreign) {
        const res = await raw(port, path, { headers: { ...headers, host }, body });
        expect(res.status, `${path} Host "${host}"`).toBe(403);
        expect(res.body).not.toContain(TOKEN);
      }
      const ok = await raw(port, path, {
        headers: { ...headers, host: `localhost:${port}` },
        body,
      });
      expect(ok.status, `${path} Host localhost`).not.toBe(403);
    }
  });

  it('/api/ready says only ready or not, unless the caller may use the console', async () => {
    const { client, session_id } = await mcpSession(proxied());
    // Loopback untrusted and no token (the case): status only, no session id.
    const anonymous = await raw(proxied().port, '/api/ready', {
      headers: { [CONSOLE_HEADER]: '0' },
    });
    expect(anonymous.status).toBe(200);
    expect(JSON.parse(anonymous.body)).toEqual({ status: 'ready' });
    const withToken = await raw(proxied().port, '/api/ready', { headers: BEARER });
    expect(withToken.body).toContain(session_id);
    // Loopback trusted: a request without the console header (any page's) gets the status only.
    const bare = await raw(hub().port, '/api/ready');
    expect(JSON.parse(bare.body)).toEqual({ status: 'ready' });
    const consoleCall = await raw(hub().port, '/api/ready', { headers: CONSOLE });
    expect(JSON.parse(consoleCall.body)).toMatchObject({ status: 'ready', store: { open: true } });
    await mcpCall(client, 'mqtt_close_connection', { session_id });
  });

  it('sends a strict CSP with a fresh nonce, no framing, nosniff and no referrer on every response', async () => {
    const first = await raw(hub().port, '/setup');
    const second = await raw(hub().port, '/setup');
    const csp = String(first.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] as string;
    expect(nonce.length).toBeGreaterThanOrEqual(16);
    expect(String(second.headers['content-security-policy'])).not.toContain(nonce);
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    // Every script of the page, the inline ones included, carries this response's nonce.
    const scripts = first.body.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    const responses = [
      first,
      await raw(hub().port, '/api/health'),
      await raw(hub().port, '/api/ready'),
      await raw(hub().port, '/no-such-page'),
      await raw(hub().port, '/api/trpc/sessions.list', { headers: CONSOLE }),
      await raw(hub().port, '/api/trpc/sessions.list'),
      await raw(hub().port, '/api/mcp', { headers: { ...BEARER, ...MCP_POST }, body: INITIALIZE }),
      await raw(hub().port, '/api/mcp', { headers: MCP_POST, body: 'x'.repeat(10) }),
      await raw(hub().port, '/', { headers: { host: 'evil.com' } }),
    ];
    for (const res of responses) {
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
    // A CORS preflight from a foreign page is never granted.
    const preflight = await raw(hub().port, '/api/trpc/sessions.list', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://evil.test',
        'access-control-request-method': 'GET',
        'access-control-request-headers': CONSOLE_HEADER,
      },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
  });

  it('never stores or echoes a password holding a raw #, /, ? or space', async () => {
    const client = await mcpHttp(hub());
    const secret = `Qx${randomUUID().slice(0, 8)}`;
    const strings = [
      `mqtt://svc:${secret}#1@127.0.0.1:${broker.port}`,
      `mqtt://svc:${secret}/2@127.0.0.1:${broker.port}`,
      `mqtt://svc:${secret}?3@127.0.0.1:${broker.port}`,
      `mqtt://svc:my ${secret}@127.0.0.1:${broker.port}`,
      `svc:${secret}#5@127.0.0.1:${broker.port}`,
    ];
    for (const connection_string of strings) {
      const text = await mcpError(client, 'mqtt_establish_connection', { connection_string });
      expect(text, connection_string).toMatch(/^INVALID_INPUT: connection_string/);
      expect(text).not.toContain(secret);
      const probe = await client.callTool({
        name: 'mqtt_test_connection',
        arguments: { connection_string },
      });
      expect(JSON.stringify(probe)).not.toContain(secret);
    }
    await sleep(300);
    const journal = await journalText(hub());
    expect(journal).toContain('svc:***@');
    expect(journal).not.toContain(secret);
    expect(hub().output()).not.toContain(secret);
  });

  it('labels a caller by its transport: x-mqtt-mcp-caller does not make an HTTP client the bridge', async () => {
    const client = await mcpHttp(hub(), { ...BEARER, 'x-mqtt-mcp-caller': 'mcp-stdio-bridge' });
    const before = Date.now();
    await mcpCall(client, 'mqtt_list_active_connections');
    await sleep(200);
    const page = JSON.parse(
      (
        await consoleGet(
          hub(),
          'journal.page',
          { tool: 'mqtt_list_active_connections', limit: 20 },
          BEARER,
        )
      ).body,
    ) as { result: { data: { entries: Array<{ caller: string; ts: string }> } } };
    const mine = page.result.data.entries.filter((e) => Date.parse(e.ts) >= before - 50);
    expect(mine.map((e) => e.caller)).toEqual(['mcp-http']);
  });

  it('shows the MCP token to loopback and token holders, not through the trusted proxy', async () => {
    const viaProxy = await consoleGet(proxied(), 'system.mcpSetup', {}, CONSOLE);
    expect(viaProxy.status).toBe(200);
    expect(viaProxy.body).not.toContain(TOKEN);
    const data = (JSON.parse(viaProxy.body) as { result: { data: Record<string, unknown> } }).result
      .data;
    expect(data.token).toBeNull();
    expect(String(data.token_hint)).toMatch(/not shown through the proxy/);
    const withToken = await consoleGet(proxied(), 'system.mcpSetup', {}, BEARER);
    expect(withToken.body).toContain(TOKEN);
    const loopback = await consoleGet(hub(), 'system.mcpSetup', {}, CONSOLE);
    expect(loopback.body).toContain(TOKEN);
  });

  it('refuses a bare-IP, .local or single-label Origin on /api/mcp, and keeps a loopback one', async () => {
    for (const origin of ['http://192.168.1.50:8080', 'http://1.2.3.4', 'http://box.local']) {
      const res = await raw(hub().port, '/api/mcp', {
        headers: { ...BEARER, ...MCP_POST, origin },
        body: INITIALIZE,
      });
      expect(res.status, origin).toBe(403);
    }
    const local = await raw(hub().port, '/api/mcp', {
      headers: { ...BEARER, ...MCP_POST, origin: 'http://localhost:6274' },
      body: INITIALIZE,
    });
    expect(local.status).toBe(200);
  });

  it('answers validation errors with 400/404 and their message, not 500 INTERNAL', async () => {
    const get = (path: string, args: unknown) => consoleGet(hub(), path, args, BEARER);
    const post = (path: string, args: unknown) =>
      raw(hub().port, `/api/trpc/${path}`, {
        headers: { ...BEARER, 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
    const cases: Array<[Promise<Awaited<ReturnType<typeof raw>>>, number, RegExp]> = [
      [get('journal.page', { cursor: 'not-a-cursor' }), 400, /cursor: not a cursor/],
      [get('journal.page', { from: 'yesterday-ish' }), 400, /from: /],
      [get('explorer.history', { session_id: 'no-such', topic: 'a' }), 404, /NOT_FOUND/],
      [post('profiles.update', { id: 'no-such', patch: {} }), 404, /no saved broker profile/],
    ];
    const name = `dup-${randomUUID().slice(0, 6)}`;
    expect((await post('profiles.create', { name, connection_string: broker.url })).status).toBe(
      200,
    );
    cases.push([
      post('profiles.create', { name, connection_string: broker.url }),
      400,
      /already exists/,
    ]);
    for (const [pending, status, message] of cases) {
      const res = await pending;
      expect(res.status, res.body).toBe(status);
      expect(res.body).toMatch(message);
    }
    expect(hub().output()).not.toMatch(/console API error/);
  });
});
