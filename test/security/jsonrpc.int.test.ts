// Malformed JSON-RPC on the stdio server's stdin: every line is answered per the protocol and it keeps serving.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { childEnv } from '../child-env';
import { BIN } from '../mcp-stdio';
import { toolRegistry } from '../../server/tools';

interface RpcMessage {
  jsonrpc?: string;
  id?: string | number | null;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
  method?: string;
}

/** A raw stdio server: write lines, read parsed stdout lines. */
interface RawServer {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  messages(): RpcMessage[];
  send(line: string): void;
  /** Waits for the first message after `from` that matches. */
  waitFor(
    match: (m: RpcMessage) => boolean,
    from?: number,
    timeoutMs?: number,
  ): Promise<RpcMessage>;
  alive(): boolean;
  stderr(): string;
}

const servers: RawServer[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.child.kill('SIGKILL');
});

function startRaw(env: Record<string, string> = {}): RawServer {
  const child = spawn(process.execPath, [BIN], {
    env: childEnv({ LOG_LEVEL: 'info', ...env }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  child.stdin.on('error', () => undefined);
  const parse = (l: string): RpcMessage => JSON.parse(l) as RpcMessage;
  const server: RawServer = {
    child,
    lines,
    messages: () => lines.filter((l) => l.trim() !== '').map(parse),
    send: (line) => {
      child.stdin.write(`${line}\n`);
    },
    async waitFor(match, from = 0, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = server.messages().slice(from).find(match);
        if (found) return found;
        if (!server.alive()) throw new Error(`server exited; stderr:\n${err}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(
        `no matching message within ${timeoutMs} ms; stdout:\n${lines.join('\n').slice(-3000)}`,
      );
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    stderr: () => err,
  };
  servers.push(server);
  return server;
}

const initialize = (id: number | string) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'raw', version: '0' },
    },
  });

const byId = (id: string | number | null) => (m: RpcMessage) => m.id === id;

/** Sends a line and returns the next answer with that id (null ids: the next error with id null). */
async function ask(s: RawServer, line: string, id: string | number | null): Promise<RpcMessage> {
  const from = s.messages().length;
  s.send(line);
  return s.waitFor(byId(id), from);
}

async function initialized(): Promise<RawServer> {
  const s = startRaw();
  const init = await ask(s, initialize(1), 1);
  expect(init.result?.protocolVersion).toBe('2025-06-18');
  s.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
  return s;
}

describe('malformed JSON-RPC on stdin', () => {
  it('answers a garbage line with -32700 (id null) and then serves initialize', async () => {
    const s = startRaw();
    const parseError = await ask(s, 'this is {not json', null);
    expect(parseError).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Parse error' },
    });
    const init = await ask(s, initialize(1), 1);
    expect(init.result?.serverInfo).toMatchObject({ name: 'mqtt-mcp' });
  });

  it('answers unknown methods, invalid params and notifications with an id per the protocol', async () => {
    const s = await initialized();
    const unknown = await ask(
      s,
      JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'no/such/method' }),
      2,
    );
    expect(unknown.error?.code).toBe(-32601);

    // params that are not an object: not a valid request at all (-32600), answered with its id.
    const badParams = await ask(
      s,
      JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: 'x' }),
      3,
    );
    expect(badParams.error?.code).toBe(-32600);

    // Well-formed request whose params do not fit tools/call: -32602 (was -32603 with a zod dump).
    const wrongShape = await ask(
      s,
      JSON.stringify({
        jsonrpc: '2.0',
        id: 4,
        method: 'tools/call',
        params: { name: 'mqtt_list_active_connections', arguments: [1] },
      }),
      4,
    );
    expect(wrongShape.error?.code).toBe(-32602);
    const noName = await ask(
      s,
      JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: {} }),
      5,
    );
    expect(noName.error?.code).toBe(-32602);
    const unknownTool = await ask(
      s,
      JSON.stringify({ jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'nope' } }),
      6,
    );
    expect(unknownTool.error).toMatchObject({
      code: -32602,
      message: expect.stringContaining('Unknown tool'),
    });

    // A notification method sent with an id is a request for a method the server does not serve.
    const notification = await ask(
      s,
      JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'notifications/initialized' }),
      7,
    );
    expect(notification.error?.code).toBe(-32601);

    // Wrong version, object id, null id: invalid requests (-32600), id echoed only when readable.
    const v1 = await ask(s, JSON.stringify({ jsonrpc: '1.0', id: 8, method: 'tools/list' }), 8);
    expect(v1.error?.code).toBe(-32600);
    for (const line of [
      JSON.stringify({ jsonrpc: '2.0', id: { a: 1 }, method: 'tools/list' }),
      JSON.stringify({ jsonrpc: '2.0', id: null, method: 'tools/list' }),
      '"just a string"',
      'null',
      '42',
      '{}',
    ]) {
      const answer = await ask(s, line, null);
      expect(answer.error?.code, line).toBe(-32600);
    }
    const list = await ask(s, JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }), 9);
    expect((list.result?.tools as unknown[]).length).toBe(toolRegistry.length);
  });

  it('refuses batches (removed from MCP) with one -32600 and keeps serving', async () => {
    const s = await initialized();
    const from = s.messages().length;
    s.send(
      JSON.stringify([
        { jsonrpc: '2.0', id: 10, method: 'tools/list' },
        { jsonrpc: '2.0', id: 11, method: 'ping' },
      ]),
    );
    const answer = await s.waitFor(byId(null), from);
    expect(answer.error?.code).toBe(-32600);
    expect(answer.error?.message).toMatch(/batch/i);
    const empty = await ask(s, '[]', null);
    expect(empty.error?.code).toBe(-32600);
    const ping = await ask(s, JSON.stringify({ jsonrpc: '2.0', id: 12, method: 'ping' }), 12);
    expect(ping.result).toEqual({});
    // The batch members were not executed one by one behind the error.
    await new Promise((r) => setTimeout(r, 300));
    expect(s.messages().some((m) => m.id === 10 || m.id === 11)).toBe(false);
  });

  it('survives a 2 MB line, a 40 MB line, deep nesting and blank lines', async () => {
    const s = await initialized();
    const big = await ask(
      s,
      JSON.stringify({
        jsonrpc: '2.0',
        id: 20,
        method: 'tools/call',
        params: {
          name: 'mqtt_list_active_connections',
          arguments: { x: 'a'.repeat(2 * 1024 * 1024) },
        },
      }),
      20,
    );
    expect(big.result?.isError).toBe(true);
    expect(JSON.stringify(big.result)).toMatch(/INVALID_INPUT: unknown argument \\"x\\"/);

    // Over the line limit (3 MiB): skipped with -32600 (to its id, read from the line's first
    // bytes); the SDK transport used to close on it.
    const tooBig = await ask(
      s,
      `{"jsonrpc":"2.0","id":21,"method":"ping","params":{"x":"${'b'.repeat(40 * 1024 * 1024)}"}}`,
      21,
    );
    expect(tooBig.error?.code).toBe(-32600);
    expect(tooBig.error?.message).toMatch(/larger than/);

    const deepArray = await ask(s, `${'['.repeat(100_000)}${']'.repeat(100_000)}`, null);
    expect(deepArray.error?.code).toBe(-32600);
    const deepArgs = await ask(
      s,
      `{"jsonrpc":"2.0","id":22,"method":"tools/call","params":{"name":"mqtt_list_active_connections","arguments":{"x":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}}}`,
      22,
    );
    expect(deepArgs.result?.isError).toBe(true);

    const before = s.messages().length;
    s.send('   ');
    s.send('\t');
    s.send('');
    s.send('\r');
    const list = await ask(s, JSON.stringify({ jsonrpc: '2.0', id: 23, method: 'tools/list' }), 23);
    expect((list.result?.tools as unknown[]).length).toBe(toolRegistry.length);
    // Blank lines are not messages: nothing was answered for them.
    expect(s.messages().length).toBe(before + 1);
    expect(s.alive()).toBe(true);
  });

  it('writes only JSON-RPC 2.0 lines to stdout, whatever came in', async () => {
    const s = await initialized();
    const garbage = [
      '{{',
      '\u0000\u0001',
      'ü\uFFFD',
      '[1,',
      '{"jsonrpc":"2.0"}',
      'Content-Length: 12',
      '',
    ];
    for (const line of garbage) s.send(line);
    s.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 30,
        method: 'tools/call',
        params: { name: 'mqtt_list_active_connections', arguments: {} },
      }),
    );
    await s.waitFor(byId(30));
    // A response-shaped message is not answered (no ping-pong), and does not stop the server.
    s.send(JSON.stringify({ jsonrpc: '2.0', id: 999, result: {} }));
    s.send(JSON.stringify({ jsonrpc: '2.0', id: 998, error: 'not an object' }));
    const last = await ask(s, JSON.stringify({ jsonrpc: '2.0', id: 31, method: 'tools/list' }), 31);
    expect(last.result?.tools).toBeDefined();
    expect(s.messages().some((m) => m.id === 999 || m.id === 998)).toBe(false);
    for (const line of s.lines.filter((l) => l.trim() !== '')) {
      const parsed = JSON.parse(line) as RpcMessage;
      expect(parsed.jsonrpc, line.slice(0, 200)).toBe('2.0');
    }
    expect(s.lines.length).toBeGreaterThan(6);
    expect(s.stderr()).toMatch(/stdio server ready/);
  });
});
