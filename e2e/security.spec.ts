// Browser attacks in Chromium: a foreign page's cross-site GETs and POSTs, a DNS-rebinding page, framing, and the CSP.
import type { APIRequestContext } from '@playwright/test';
import { connectAsync, type MqttClient } from 'mqtt';
import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { chromiumLaunchOptions } from './chromium.mjs';
import { brokers, CONSOLE_HEADERS, expect, test } from './fixtures';

/** Names Chromium resolves to this machine: the attacker's site and a name that rebinds to it. */
const ATTACKER = 'attacker.test';
const REBIND = 'rebind.test';
/**
 * Where rebind.test resolves: the attacker's server, which serves its page and forwards every
 * other request unchanged to the hub, as the browser's connection lands on the hub once the name
 * re-resolves to it (Host: rebind.test:<port>, peer loopback). Chromium's own Private Network
 * Access checks would stop a public page here; other browsers have none, the hub must refuse.
 */
const REBIND_ADDRESS = '127.0.0.2';

test.use({
  launchOptions: {
    ...chromiumLaunchOptions,
    args: [
      ...chromiumLaunchOptions.args,
      `--host-resolver-rules=MAP ${ATTACKER} 127.0.0.1, MAP ${REBIND} ${REBIND_ADDRESS}`,
    ],
  },
});

let attacker: Server;
let attackerPort = 0;
/** Pages the attacker's server serves, by path. */
const pages = new Map<string, string>();
let spy: MqttClient;
const seen = new Set<string>();

test.beforeAll(async () => {
  attacker = createServer((req, res) => {
    const html = pages.get(req.url ?? '');
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html' });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', () => r()));
  attackerPort = (attacker.address() as { port: number }).port;
  spy = await connectAsync(brokers().plain);
  spy.on('message', (topic) => seen.add(topic));
  await spy.subscribeAsync('e2e-sec/#');
});

test.afterAll(async () => {
  await spy?.endAsync();
  await new Promise<void>((r) => attacker.close(() => r()));
});

/** The attacker's server for rebind.test: `/__attack` is its page, the rest goes to the hub as is. */
async function startRebinder(hubPort: number, attackPage: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/__attack') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(attackPage);
      return;
    }
    const upstream = httpRequest(
      { host: '127.0.0.1', port: hubPort, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(hubPort, REBIND_ADDRESS, () => r()));
  return server;
}

/** Opens a session on the plain broker the way the console does, and returns its id. */
async function openSession(request: APIRequestContext) {
  const res = await request.post('/api/trpc/tools.invoke.mqtt_establish_connection', {
    data: { connection_string: brokers().plain },
    headers: CONSOLE_HEADERS,
  });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { result: { data: { session_id: string } } }).result.data
    .session_id;
}

async function journalMentions(request: APIRequestContext, text: string): Promise<boolean> {
  const input = encodeURIComponent(JSON.stringify({ limit: 500 }));
  const res = await request.get(`/api/trpc/journal.page?input=${input}`, {
    headers: CONSOLE_HEADERS,
  });
  return (await res.text()).includes(text);
}

test('a foreign page cannot run a tool, read a session id or frame the console', async ({
  page,
  request,
  baseURL,
}) => {
  const hub = baseURL as string;
  const sessionId = await openSession(request);
  const topic = `e2e-sec/${randomUUID().slice(0, 8)}/lock/set`;
  const run = (extra: object = {}) =>
    `${hub}/api/trpc/tools.run?input=${encodeURIComponent(
      JSON.stringify({
        name: 'mqtt_publish_message',
        args: { session_id: sessionId, topic, payload: 'UNLOCK', retain: true, ...extra },
      }),
    )}`;
  const invoke = `${hub}/api/trpc/tools.invoke.mqtt_publish_message`;
  pages.set(
    '/attack',
    `<!doctype html><title>cute cats</title>
<img src="${run()}">
<script src="${hub}/api/trpc/sessions.list"></script>
<script src="${hub}/api/ready"></script>
<form id="f" method="POST" action="${invoke}" enctype="text/plain" target="sink">
  <input name='{"session_id":"${sessionId}","topic":"${topic}","payload":"UNLOCK","x":"' value='"}'>
</form>
<iframe name="sink"></iframe>
<script>
  window.results = {};
  const note = (k, p) => p.then((r) => (window.results[k] = r), (e) => (window.results[k] = 'blocked: ' + e.message));
  note('no-cors', fetch(${JSON.stringify(run({ payload: 'UNLOCK-2' }))}, { mode: 'no-cors', credentials: 'include' }).then((r) => r.type));
  note('header', fetch(${JSON.stringify(`${hub}/api/trpc/sessions.list`)}, { headers: { 'x-mqtt-mcp-console': '1' } }).then((r) => r.status));
  note('ready', fetch(${JSON.stringify(`${hub}/api/ready`)}).then((r) => r.text()));
  const es = new EventSource(${JSON.stringify(run({ payload: 'UNLOCK-3' }))});
  es.onerror = () => { window.results.eventsource = 'error'; es.close(); };
  document.getElementById('f').submit();
</script>`,
  );
  await page.goto(`http://${ATTACKER}:${attackerPort}/attack`);
  await expect
    .poll(() => page.evaluate(() => Object.keys((window as { results?: object }).results ?? {})))
    .toEqual(expect.arrayContaining(['no-cors', 'header', 'ready', 'eventsource']));
  const results = await page.evaluate(() => (window as unknown as { results: object }).results);
  // The preflight for the console header is never granted, and no answer is readable.
  expect(JSON.stringify(results)).not.toContain(sessionId);
  expect((results as Record<string, unknown>).header).toMatch(/^blocked/);
  await page.waitForTimeout(1500);
  expect(seen.has(topic)).toBe(false);
  expect(await journalMentions(request, topic)).toBe(false);

  // Framing: the console refuses to render inside the attacker's page (frame-ancestors, XFO).
  const refusals: string[] = [];
  page.on('console', (m) => refusals.push(m.text()));
  pages.set(
    '/frame',
    `<!doctype html><iframe src="${hub}/setup" width="800" height="600"></iframe>`,
  );
  await page.goto(`http://${ATTACKER}:${attackerPort}/frame`);
  await page.waitForTimeout(1500);
  const framed = page.frames().find((f) => f !== page.mainFrame());
  const framedText = framed
    ? await framed.evaluate(() => document.body?.innerText ?? '').catch(() => '')
    : '';
  expect(framedText).not.toContain('Reveal token');
  expect(framedText).not.toContain('MCP setup');

  // The check above can see a publish: the console's own call with its header does publish.
  const allowed = `e2e-sec/${randomUUID().slice(0, 8)}/allowed`;
  const ok = await request.get(
    `/api/trpc/tools.run?input=${encodeURIComponent(
      JSON.stringify({
        name: 'mqtt_publish_message',
        args: { session_id: sessionId, topic: allowed, payload: '1' },
      }),
    )}`,
    { headers: CONSOLE_HEADERS },
  );
  expect(ok.status()).toBe(200);
  await expect.poll(() => seen.has(allowed)).toBe(true);
  await request.post('/api/trpc/sessions.close', {
    data: { session_id: sessionId },
    headers: CONSOLE_HEADERS,
  });
});

test('a DNS-rebinding page reads nothing and runs nothing', async ({ page, request, baseURL }) => {
  const port = new URL(baseURL as string).port;
  const sessionId = await openSession(request);
  const topic = `e2e-sec/${randomUUID().slice(0, 8)}/rebind/set`;
  const run = `/api/trpc/tools.run?input=${encodeURIComponent(
    JSON.stringify({
      name: 'mqtt_publish_message',
      args: { session_id: sessionId, topic, payload: 'UNLOCK', retain: true },
    }),
  )}`;
  // The rebinding page: served by the attacker, its later requests reach the hub, same-origin,
  // so it can read answers and set any header.
  const html = `<!doctype html><script>
  window.results = {};
  const h = { 'x-mqtt-mcp-console': '1' };
  const get = async (k, url, init) => {
    try { const r = await fetch(url, init); window.results[k] = { status: r.status, body: await r.text() }; }
    catch (e) { window.results[k] = { status: 0, body: String(e) }; }
  };
  Promise.all([
    get('ready', '/api/ready'),
    get('health', '/api/health'),
    get('sessions', '/api/trpc/sessions.list', { headers: h }),
    get('run', ${JSON.stringify(run)}, { headers: h }),
    get('setup', '/setup'),
    get('mcp', '/api/mcp', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '0' } } }) }),
  ]).then(() => (window.done = true));
</script>`;
  const rebinder = await startRebinder(Number(port), html);
  await page.goto(`http://${REBIND}:${port}/__attack`);
  await page.waitForFunction(() => (window as { done?: boolean }).done === true);
  const results = await page.evaluate(
    () =>
      (window as unknown as { results: Record<string, { status: number; body: string }> }).results,
  );
  for (const [name, res] of Object.entries(results)) {
    expect(res.status, `${name}: ${res.body.slice(0, 200)}`).toBe(403);
    expect(res.body).not.toContain(sessionId);
  }
  await page.waitForTimeout(1000);
  expect(seen.has(topic)).toBe(false);
  // Navigating the rebinding name to a console page gets the refusal, not the console.
  const nav = await page.goto(`http://${REBIND}:${port}/setup`);
  expect(nav?.status()).toBe(403);
  expect(await page.content()).not.toContain('Reveal token');
  await new Promise<void>((r) => rebinder.close(() => r()));
  await request.post('/api/trpc/sessions.close', {
    data: { session_id: sessionId },
    headers: CONSOLE_HEADERS,
  });
});

test('the console works under its CSP: no violation on any page, injected inline script blocked', async ({
  page,
}) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  for (const path of ['/', '/tools', '/explorer', '/performance', '/activity', '/setup']) {
    const res = await page.goto(path);
    expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);
    await page.waitForTimeout(500);
  }
  await expect(page.getByRole('button', { name: 'Reveal token' })).toBeVisible();
  expect(violations).toEqual([]);
  // A live stream (SSE through the header-sending EventSource) delivers on the Performance page.
  await page.goto('/performance');
  const last = page.getByTestId('metrics-last');
  await expect(last).toContainText('last at');
  const before = await last.textContent();
  await expect(last).not.toHaveText(before ?? '', { timeout: 5_000 });
  // Markup an XSS would inject: an inline handler and an inline script, neither with the nonce.
  await page.evaluate(() => {
    const box = document.createElement('div');
    box.innerHTML = '<img src="/no-such-image.png" onerror="window.__injected = true">';
    document.body.appendChild(box);
    const frame = document.createElement('iframe');
    frame.srcdoc = '<script>parent.__injected = true</script>';
    document.body.appendChild(frame);
  });
  await page.waitForTimeout(1000);
  const injected = await page.evaluate(
    () => (window as { __injected?: boolean }).__injected === true,
  );
  expect(injected).toBe(false);
  await expect
    .poll(() => violations.some((v) => /inline (event handler|script)/i.test(v)))
    .toBe(true);
});
