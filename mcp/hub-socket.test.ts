// The hub's bridge socket: MCP over a 0600 Unix socket, stale files replaced, a live owner left alone.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core, CallEvent } from '../server/core';
import { createTestCore } from '../test/core-harness';
import { listenHubSocket, type HubSocket } from './hub-socket';
import { HubConnectionClosedError, SocketClientTransport } from './socket-client-transport';

const log = pino({ level: 'silent' });
let dir: string;
let core: Core;
const cleanup: Array<() => Promise<unknown>> = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mqtt-mcp-sock-'));
  core = createTestCore();
});

afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn().catch(() => undefined);
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

async function listen(path = join(dir, 'hub.sock')): Promise<HubSocket | undefined> {
  const socket = await listenHubSocket(path, core, log, 1024 * 1024);
  if (socket) cleanup.push(() => socket.close());
  return socket;
}

async function client(path: string): Promise<{ client: Client; transport: SocketClientTransport }> {
  const transport = new SocketClientTransport(path);
  const c = new Client({ name: 'socket-test', version: '0.0.0' });
  await c.connect(transport);
  cleanup.push(() => c.close());
  return { client: c, transport };
}

const waitFor = async (ok: () => boolean, ms = 2000) => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('hub bridge socket', () => {
  it('serves every offered tool over a socket only its owner can open, journaled as the bridge', async () => {
    const hub = await listen();
    expect(hub).toBeDefined();
    expect(statSync(join(dir, 'hub.sock')).mode & 0o777).toBe(0o600);
    const calls: CallEvent[] = [];
    core.on('call', (e: CallEvent) => calls.push(e));
    const { client: c } = await client(join(dir, 'hub.sock'));
    const { tools } = await c.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      core
        .offeredTools()
        .map((t) => t.name)
        .sort(),
    );
    const result = await c.callTool({ name: 'mqtt_list_active_connections', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ sessions: [] });
    expect(calls.map((e) => [e.tool, e.caller])).toEqual([
      ['mqtt_list_active_connections', 'mcp-stdio-bridge'],
    ]);
    expect(hub?.connections()).toBe(1);
  });

  it('answers a malformed line with a JSON-RPC error and keeps the connection', async () => {
    await listen();
    const { client: c, transport } = await client(join(dir, 'hub.sock'));
    const raw = await new Promise<string>((resolve) => {
      const s = connect(join(dir, 'hub.sock'), () => s.write('not json\n'));
      s.once('data', (d: Buffer) => {
        resolve(d.toString());
        s.destroy();
      });
    });
    expect(JSON.parse(raw)).toMatchObject({ error: { code: -32700 } });
    expect((await c.listTools()).tools.length).toBeGreaterThan(0);
    expect(transport).toBeInstanceOf(SocketClientTransport);
  });

  it('replaces a stale file left at the path', async () => {
    const path = join(dir, 'hub.sock');
    writeFileSync(path, 'left by a killed hub');
    expect(await listen(path)).toBeDefined();
    const { client: c } = await client(path);
    expect((await c.listTools()).tools.length).toBeGreaterThan(0);
  });

  it('leaves a socket another process listens on alone', async () => {
    const path = join(dir, 'hub.sock');
    const other = createServer((s) => {
      s.on('error', () => undefined);
      s.end('other hub\n');
    });
    await new Promise<void>((r) => other.listen(path, r));
    cleanup.push(() => new Promise((r) => other.close(r)));
    expect(await listen(path)).toBeUndefined();
    const greeting = await new Promise<string>((resolve) => {
      const s = connect(path);
      s.on('error', () => undefined);
      s.once('data', (d: Buffer) => {
        resolve(d.toString());
        s.destroy();
      });
    });
    expect(greeting).toBe('other hub\n');
  });

  it('refuses a path too long for a Unix socket', async () => {
    expect(await listen(join(dir, 'x'.repeat(120), 'hub.sock'))).toBeUndefined();
  });

  it('counts connections down when a bridge leaves, and closes bridges when the hub stops', async () => {
    const hub = await listen();
    const first = await client(join(dir, 'hub.sock'));
    const second = await client(join(dir, 'hub.sock'));
    await waitFor(() => hub?.connections() === 2);
    await first.client.close();
    await waitFor(() => hub?.connections() === 1);
    let closed = false;
    const previous = second.transport.onclose;
    second.transport.onclose = () => {
      closed = true;
      previous?.();
    };
    await hub?.close();
    await waitFor(() => closed);
    await expect(
      second.transport.send({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    ).rejects.toBeInstanceOf(HubConnectionClosedError);
  });
});
