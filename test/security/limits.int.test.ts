// Size limits before parsing and caps under floods: stdio and socket lines, HTTP bodies, MCP sessions, console streams, probes.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubSocketFromUrl } from '../../server/config';
import { CONSOLE_HEADER } from '../../server/http/console-header';
import { childEnv } from '../child-env';
import { hubBuilt, startHubProcess, type HubProcess } from '../hub-process';
import { BIN } from '../mcp-stdio';
import {
  HealthWatch,
  INITIALIZE,
  initializeRequest,
  MCP_POST,
  peakRssMb,
  raw,
} from './http-support';

const TOKEN = `limits-${randomUUID()}`;
const BEARER = { authorization: `Bearer ${TOKEN}` };
const CONSOLE = { [CONSOLE_HEADER]: '1' };
const MIB = 1024 * 1024;
/** The default cap (MQTT_MCP_MAX_REQUEST_BYTES: 2 x 1 MiB payload + 1 MiB). */
const CAP = 3 * MIB;
const CAPS = { sessions: 12, streams: 8, probes: 3 };
/** The image's heap limit, under which one 20 MB body used to kill the hub. */
const IMAGE_NODE_OPTIONS = '--max-old-space-size=256';
const RSS_BOUND_MB = 320;
/**
 * Slowest /api/health answer allowed during a flood: well under the 10 s that 2,000 streams used
 * to cause, with room for a CI machine whose two cores are busy with the flood itself.
 */
const HEALTH_BOUND_MS = 2500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let hub: HubProcess;

beforeAll(async () => {
  if (hubBuilt()) {
    hub = await startHubProcess({
      MQTT_MCP_TOKEN: TOKEN,
      MQTT_MCP_MAX_HTTP_SESSIONS: String(CAPS.sessions),
      MQTT_MCP_MAX_STREAMS: String(CAPS.streams),
      MQTT_MCP_MAX_PROBES: String(CAPS.probes),
      NODE_OPTIONS: IMAGE_NODE_OPTIONS,
    });
  }
}, 60_000);

afterAll(async () => {
  await hub?.stop();
});

/** A JSON-RPC line of about `bytes` bytes (a ping padded with a long string). */
function bigLine(id: number, bytes: number): Buffer {
  const head = `{"jsonrpc":"2.0","id":${id},"method":"ping","params":{"x":"`;
  const tail = '"}}\n';
  const line = Buffer.alloc(bytes, 0x62);
  line.write(head, 0);
  line.write(tail, bytes - tail.length);
  return line;
}

/** Splits newline-delimited JSON from a stream and waits for a message by predicate. */
function lineWaiter(onData: (cb: (chunk: Buffer) => void) => void) {
  const messages: Array<Record<string, unknown>> = [];
  let partial = '';
  onData((chunk) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    for (const p of parts) if (p.trim()) messages.push(JSON.parse(p) as Record<string, unknown>);
  });
  return async (match: (m: Record<string, unknown>) => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = messages.find(match);
      if (found) return found;
      await sleep(20);
    }
    throw new Error(`no matching message within ${timeoutMs} ms: ${JSON.stringify(messages)}`);
  };
}

/** The answer to a skipped line: -32600 to the id read from the line's first bytes. */
const oversize = (id: number) => (m: Record<string, unknown>) =>
  m.id === id && (m.error as { code?: number } | undefined)?.code === -32600;

describe('stdio: a huge line', () => {
  it('is skipped as it streams in: the next call answers at once, RSS stays small', async () => {
    const child = spawn(process.execPath, [BIN], {
      env: childEnv({ LOG_LEVEL: 'warn' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.on('error', () => undefined);
    try {
      const waitFor = lineWaiter((cb) => child.stdout.on('data', cb));
      // 30 MB: inside the old 32 MiB limit, where it held the server ~60 s at ~1 GB RSS.
      const started = performance.now();
      await new Promise<void>((resolve) =>
        child.stdin.write(bigLine(7, 30 * MIB), () => resolve()),
      );
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'ping' })}\n`);
      const refused = await waitFor(oversize(7), 10_000);
      expect((refused.error as { message: string }).message).toMatch(/larger than 3145728 bytes/);
      const ping = await waitFor((m) => m.id === 8, 5_000);
      expect(ping.result).toEqual({});
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(peakRssMb(child.pid as number)).toBeLessThan(200);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});

describe.runIf(hubBuilt())('the hub: body limits before parsing', () => {
  it('skips a huge line on the bridge socket and keeps serving that connection', async () => {
    const socket: Socket = connect(hubSocketFromUrl(hub.socketUrl));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    try {
      const waitFor = lineWaiter((cb) => socket.on('data', cb));
      await new Promise<void>((resolve) => socket.write(bigLine(3, 30 * MIB), () => resolve()));
      socket.write(`${JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'ping' })}\n`);
      await waitFor(oversize(3), 10_000);
      expect((await waitFor((m) => m.id === 4, 5_000)).result).toEqual({});
    } finally {
      socket.destroy();
    }
  }, 30_000);

  it('refuses /api/mcp and /api/trpc bodies over the cap with 413, declared or streamed', async () => {
    const padded = (bytes: number) => initializeRequest('x'.repeat(bytes));
    const big = padded(20 * MIB);
    const watch = new HealthWatch(hub.url);
    // Declared (Content-Length) and streamed (chunked, no length) alike, several at once.
    const answers = await Promise.all([
      raw(hub.port, '/api/mcp', { headers: { ...BEARER, ...MCP_POST }, body: big }),
      raw(hub.port, '/api/mcp', {
        headers: { ...BEARER, ...MCP_POST, 'transfer-encoding': 'chunked' },
        body: big,
      }),
      raw(hub.port, '/api/trpc/tools.invoke.mqtt_publish_message', {
        headers: { ...CONSOLE, 'content-type': 'application/json' },
        body: JSON.stringify({ session_id: 'x', topic: 't', payload: 'p'.repeat(20 * MIB) }),
      }),
      raw(hub.port, '/api/trpc/sessions.close', {
        headers: { ...CONSOLE, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        body: JSON.stringify({ session_id: 'y'.repeat(8 * MIB) }),
      }),
    ]);
    // Refused at once: a client still uploading may see the connection reset before it reads the
    // 413 (the hub closes without reading the rest), never a success.
    for (const res of answers) {
      if (res.status === 0) continue;
      expect(res.status, res.body.slice(0, 200)).toBe(413);
      expect(res.body).toContain(`larger than ${CAP} bytes`);
      expect(res.body).toContain('MQTT_MCP_MAX_REQUEST_BYTES');
    }
    // One at a time, the 413 and its message always arrive.
    const alone = await raw(hub.port, '/api/mcp', {
      headers: { ...BEARER, ...MCP_POST },
      body: big,
      answerBeforeBodyMs: 2000,
    });
    expect(alone.status).toBe(413);
    expect(alone.body).toContain(`larger than ${CAP} bytes`);
    // Inside an MCP session too (its requests were parsed by the SDK, uncapped).
    const init = await raw(hub.port, '/api/mcp', {
      headers: { ...BEARER, ...MCP_POST },
      body: INITIALIZE,
    });
    const sessionId = String(init.headers['mcp-session-id']);
    const inSession = await raw(hub.port, '/api/mcp', {
      headers: {
        ...BEARER,
        ...MCP_POST,
        'mcp-session-id': sessionId,
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping', params: { x: big } }),
      answerBeforeBodyMs: 2000,
    });
    await raw(hub.port, '/api/mcp', {
      method: 'DELETE',
      headers: { ...BEARER, 'mcp-session-id': sessionId },
    });
    expect(inSession.status).toBe(413);
    // Under the cap is still fine.
    const fits = await raw(hub.port, '/api/mcp', {
      headers: { ...BEARER, ...MCP_POST },
      body: padded(CAP - 2048),
    });
    expect(fits.status).toBe(200);
    await raw(hub.port, '/api/mcp', {
      method: 'DELETE',
      headers: { ...BEARER, 'mcp-session-id': String(fits.headers['mcp-session-id']) },
    });
    const health = await watch.stop();
    expect(health.failures).toBe(0);
    expect(health.maxMs).toBeLessThan(HEALTH_BOUND_MS);
    expect(hub.output()).toMatch(/MCP request refused: body too large/);
    expect(peakRssMb(hub.pid() as number)).toBeLessThan(RSS_BOUND_MB);
  }, 60_000);
});

describe.runIf(hubBuilt())('the hub under floods: caps with clear errors', () => {
  it(`caps MCP HTTP sessions at MQTT_MCP_MAX_HTTP_SESSIONS (${CAPS.sessions})`, async () => {
    const watch = new HealthWatch(hub.url);
    const attempts = 3 * CAPS.sessions;
    const answers = await Promise.all(
      Array.from({ length: attempts }, () =>
        raw(hub.port, '/api/mcp', { headers: { ...BEARER, ...MCP_POST }, body: INITIALIZE }),
      ),
    );
    const opened = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 503);
    expect(opened).toHaveLength(CAPS.sessions);
    expect(refused).toHaveLength(attempts - CAPS.sessions);
    expect(refused[0]?.body).toMatch(
      /too many MCP sessions open \(12, MQTT_MCP_MAX_HTTP_SESSIONS\)/,
    );
    expect(hub.output()).toMatch(/MCP session refused: MQTT_MCP_MAX_HTTP_SESSIONS reached/);
    // Closing one makes room for one.
    const ids = opened.map((a) => String(a.headers['mcp-session-id']));
    const close = (id: string) =>
      raw(hub.port, '/api/mcp', { method: 'DELETE', headers: { ...BEARER, 'mcp-session-id': id } });
    await close(ids.pop() as string);
    const again = await raw(hub.port, '/api/mcp', {
      headers: { ...BEARER, ...MCP_POST },
      body: INITIALIZE,
    });
    expect(again.status).toBe(200);
    ids.push(String(again.headers['mcp-session-id']));
    for (const id of ids) await close(id);
    const health = await watch.stop();
    expect(health.maxMs).toBeLessThan(HEALTH_BOUND_MS);
    expect(health.failures).toBe(0);
  }, 60_000);

  it(`caps live console streams at MQTT_MCP_MAX_STREAMS (${CAPS.streams}) and gives slots back`, async () => {
    const url = `${hub.url}/api/trpc/metrics.live`;
    /** Opens a stream, reads it for `ms`, then closes it; what it received. */
    const stream = async (ms: number): Promise<string> => {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), ms);
      let text = '';
      try {
        const res = await fetch(url, { headers: CONSOLE, signal: abort.signal });
        const reader = (res.body as ReadableStream<Uint8Array>).getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          text += decoder.decode(value);
        }
      } catch {
        // Aborted after `ms`: what arrived so far is the answer.
      } finally {
        clearTimeout(timer);
      }
      return text;
    };
    const watch = new HealthWatch(hub.url);
    const bodies = await Promise.all(Array.from({ length: 3 * CAPS.streams }, () => stream(2500)));
    const refused = bodies.filter((b) => b.includes('LIMIT_REACHED'));
    expect(refused).toHaveLength(2 * CAPS.streams);
    expect(refused[0]).toMatch(/8 live console streams are open already \(MQTT_MCP_MAX_STREAMS\)/);
    const served = bodies.filter((b) => !b.includes('LIMIT_REACHED'));
    for (const b of served) expect(b).toMatch(/"rss_mb"/);
    expect(hub.output()).toMatch(/console stream refused: MQTT_MCP_MAX_STREAMS reached/);
    // A burst far over the cap (closed clients give their slots back).
    // On a loaded machine some streams are not answered before they close, and a slot given back
    // when a stream closes may serve a late one: at most the cap at a time, so at most twice the
    // cap over the burst; every other answered stream is refused.
    const burst = await Promise.all(Array.from({ length: 200 }, () => stream(1500)));
    const answered = burst.filter((b) => b.length > 0);
    const holders = answered.filter((b) => !b.includes('LIMIT_REACHED'));
    expect(holders.length).toBeLessThanOrEqual(2 * CAPS.streams);
    expect(answered.length - holders.length).toBeGreaterThan(0);
    await sleep(500);
    expect(await stream(2500)).toMatch(/"rss_mb"/);
    const health = await watch.stop();
    expect(health.maxMs).toBeLessThan(HEALTH_BOUND_MS);
    expect(health.failures).toBe(0);
    expect(peakRssMb(hub.pid() as number)).toBeLessThan(RSS_BOUND_MB);
  }, 60_000);

  it(`caps concurrent connection probes at MQTT_MCP_MAX_PROBES (${CAPS.probes}) with LIMIT_REACHED`, async () => {
    // A port that accepts and never answers CONNECT: every probe holds its socket to the timeout.
    let open = 0;
    let peak = 0;
    const sockets = new Set<Socket>();
    const blackHole: Server = createServer((s) => {
      sockets.add(s);
      peak = Math.max(peak, ++open);
      s.on('close', () => {
        open--;
        sockets.delete(s);
      });
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', () => r()));
    const port = (blackHole.address() as { port: number }).port;
    const client = new Client({ name: 'probe-flood', version: '0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${hub.url}/api/mcp`), {
        requestInit: { headers: BEARER },
      }),
    );
    const watch = new HealthWatch(hub.url);
    try {
      const probe = () =>
        client.callTool({
          name: 'mqtt_test_connection',
          arguments: { connection_string: `mqtt://127.0.0.1:${port}`, timeout_seconds: 2 },
        }) as Promise<CallToolResult>;
      const results = await Promise.all(Array.from({ length: 4 * CAPS.probes }, probe));
      const text = (r: CallToolResult) =>
        r.content?.map((c) => (c.type === 'text' ? c.text : '')).join('') ?? '';
      const limited = results.filter((r) => r.isError && text(r).startsWith('LIMIT_REACHED'));
      expect(limited).toHaveLength(3 * CAPS.probes);
      expect(text(limited[0] as CallToolResult)).toMatch(
        /3 connection tests already run at once \(MQTT_MCP_MAX_PROBES\); nothing was opened/,
      );
      expect(peak).toBeLessThanOrEqual(CAPS.probes);
      expect(peak).toBeGreaterThan(0);
      expect(hub.output()).toMatch(/connection probe refused: MQTT_MCP_MAX_PROBES reached/);
      // The slots came back: the next probe runs (and fails on the silent port, as a result).
      const next = await probe();
      expect(next.isError).toBeFalsy();
      expect(JSON.stringify(next.structuredContent)).toMatch(/"verdict":"fail"/);
    } finally {
      await client.close();
      for (const s of sockets) s.destroy();
      blackHole.close();
    }
    const health = await watch.stop();
    expect(health.maxMs).toBeLessThan(HEALTH_BOUND_MS);
  }, 60_000);
});
