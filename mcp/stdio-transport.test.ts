// Unit tests of the line transport: framing across chunks, protocol errors, oversized lines.
import { PassThrough } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import { LineStdioServerTransport } from './stdio-transport';

interface Rig {
  transport: LineStdioServerTransport;
  stdin: PassThrough;
  received: JSONRPCMessage[];
  written(): Array<Record<string, unknown>>;
  errors: Error[];
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.transport.close();
});

async function rig(maxLineBytes?: number): Promise<Rig> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const transport = new LineStdioServerTransport(stdin, stdout, maxLineBytes);
  const received: JSONRPCMessage[] = [];
  const errors: Error[] = [];
  transport.onmessage = (m) => received.push(m);
  transport.onerror = (e) => errors.push(e);
  await transport.start();
  const r: Rig = {
    transport,
    stdin,
    received,
    errors,
    written: () =>
      out
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
  rigs.push(r);
  return r;
}

const tick = () => new Promise((r) => setImmediate(r));
const ping = (id: number | string) => JSON.stringify({ jsonrpc: '2.0', id, method: 'ping' });

describe('LineStdioServerTransport', () => {
  it('reassembles messages split across chunks, also inside a multi-byte character, and strips CR', async () => {
    const r = await rig();
    const line = Buffer.from(
      `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { _meta: { x: 'ü€😀' } } })}\r\n`,
    );
    const cut = line.indexOf(Buffer.from('€')) + 1; // in the middle of the euro sign
    r.stdin.write(line.subarray(0, cut));
    r.stdin.write(line.subarray(cut));
    r.stdin.write(`${ping(2)}\n${ping(3)}\n${ping(4)}`);
    await tick();
    expect(r.received.map((m) => (m as { id: number }).id)).toEqual([1, 2, 3]);
    expect(JSON.stringify(r.received[0])).toContain('ü€😀');
    r.stdin.write('\n');
    await tick();
    expect(r.received).toHaveLength(4);
    expect(r.written()).toEqual([]);
  });

  it('answers garbage with -32700 and invalid messages with -32600, keeping the id when readable', async () => {
    const r = await rig();
    r.stdin.write('{nope\n');
    r.stdin.write(
      `${JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: 'x' })}\n`,
    );
    r.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: { bad: true }, method: 'ping' })}\n`);
    r.stdin.write('[]\n');
    r.stdin.write(`${JSON.stringify([{ jsonrpc: '2.0', id: 8, method: 'ping' }])}\n`);
    r.stdin.write('  \t \n\n');
    r.stdin.write(`${ping(9)}\n`);
    await tick();
    expect(r.written()).toEqual([
      { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } },
      {
        jsonrpc: '2.0',
        id: 7,
        error: { code: -32600, message: expect.stringContaining('Invalid Request') },
      },
      {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, message: expect.stringContaining('Invalid Request') },
      },
      {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, message: expect.stringMatching(/batches are not supported/) },
      },
      {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, message: expect.stringMatching(/batches are not supported/) },
      },
    ]);
    expect(r.received).toEqual([{ jsonrpc: '2.0', id: 9, method: 'ping' }]);
    expect(r.errors.length).toBeGreaterThanOrEqual(2);
  });

  it('does not answer malformed responses (no ping-pong with a confused client)', async () => {
    const r = await rig();
    r.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, error: 'not an object' })}\n`);
    r.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 2, result: 5 })}\n`);
    await tick();
    expect(r.written()).toEqual([]);
    expect(r.errors).toHaveLength(2);
  });

  it('skips a line over the limit with one -32600 and serves the next line', async () => {
    const r = await rig(1024);
    r.stdin.write(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"${'a'.repeat(600)}`);
    r.stdin.write(`${'b'.repeat(600)}"}}`);
    r.stdin.write(`\n${ping(2)}\n`);
    // Exactly at the limit is still accepted.
    const fits = JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'ping', params: { x: '' } });
    const padded = fits.replace('"x":""', `"x":"${'c'.repeat(1024 - fits.length)}"`);
    expect(Buffer.byteLength(padded)).toBe(1024);
    r.stdin.write(`${padded}\n`);
    await tick();
    // The id is read from the skipped line's first bytes: the sender gets its answer.
    expect(r.written()).toEqual([
      {
        jsonrpc: '2.0',
        id: 1,
        error: { code: -32600, message: 'Invalid Request: message larger than 1024 bytes' },
      },
    ]);
    expect(r.received.map((m) => (m as { id: number }).id)).toEqual([2, 3]);
  });

  it('answers a skipped line with the id found at its end (SDK order), else with id null', async () => {
    const r = await rig(1024);
    r.stdin.write(
      `{"method":"ping","params":{"x":"${'a'.repeat(2000)}","id":"inner"},"jsonrpc":"2.0","id":"req-7"}\r\n`,
    );
    r.stdin.write(`{"method":"ping","params":{"x":"${'a'.repeat(2000)}","id":9}}\n`);
    r.stdin.write(`${'z'.repeat(3000)}\n`);
    await tick();
    expect(r.written().map((m) => (m as { id: unknown }).id)).toEqual(['req-7', null, null]);
  });

  it('stops reading on close and reports it once', async () => {
    const r = await rig();
    let closed = 0;
    r.transport.onclose = () => closed++;
    await r.transport.close();
    r.stdin.write(`${ping(1)}\n`);
    await tick();
    expect(r.received).toEqual([]);
    expect(closed).toBe(1);
    await expect(r.transport.start()).rejects.toThrow(/already started/);
  });

  it('answers a request whose _meta the SDK would drop silently with -32602, and keeps serving', async () => {
    const r = await rig();
    const bad = (id: number | string, _meta: unknown) =>
      JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/list', params: { _meta } });
    r.stdin.write(
      `${bad(1, { progressToken: {} })}\n${bad(2, 'x')}\n${bad(3, { progressToken: 1.5 })}\n`,
    );
    r.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 4.5, method: 'ping' })}\n${ping(5)}\n`);
    await tick();
    expect(r.written().map((m) => [m.id, (m.error as { code: number }).code])).toEqual([
      [1, -32602],
      [2, -32602],
      [3, -32602],
      [4.5, -32600],
    ]);
    expect(r.received.map((m) => (m as { id: number }).id)).toEqual([5]);
  });
});
