// The MCP client's name and version reach the call event in both protocol generations, and a cancelled call is marked.
import { afterEach, describe, expect, it } from 'vitest';
import type { CallEvent, Core } from '../server/core';
import { createTestCore } from '../test/core-harness';
import {
  connectLegacyInMemory,
  connectModernInProcess,
  type TestClientInfo,
} from '../test/mcp-in-process';
import { parseClientInfo } from './client-info';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

function events(core: Core): CallEvent[] {
  const seen: CallEvent[] = [];
  core.on('call', (e: CallEvent) => seen.push(e));
  return seen;
}

/** A test core with a client connected by `connect`, both closed after the test, and its call events. */
async function connected<C extends { close(): Promise<void> }>(
  connect: (core: Core, info: TestClientInfo) => Promise<C>,
  info: TestClientInfo,
): Promise<{ client: C; seen: CallEvent[] }> {
  const core = createTestCore();
  const seen = events(core);
  const client = await connect(core, info);
  closers.push(async () => {
    await client.close();
    await core.close();
  });
  return { client, seen };
}

describe('parseClientInfo', () => {
  it('keeps a name and version, trims and bounds them, and ignores junk', () => {
    expect(parseClientInfo({ name: ' claude-ai ', version: '1.2' })).toEqual({
      name: 'claude-ai',
      version: '1.2',
    });
    expect(parseClientInfo({ name: 'x'.repeat(500) })?.name).toHaveLength(200);
    expect(parseClientInfo({ name: '' })).toBeUndefined();
    expect(parseClientInfo({ version: '1' })).toBeUndefined();
    expect(parseClientInfo('cursor')).toBeUndefined();
  });
});

describe('client info on tool calls', () => {
  it('2025-11-25: the name and version sent in initialize', async () => {
    const info = { name: 'legacy-host', version: '3.1.4' };
    const { client, seen } = await connected(connectLegacyInMemory, info);
    await client.callTool({ name: 'mqtt_close_connection', arguments: { session_id: 'nope' } });
    expect(seen.at(-1)).toMatchObject({
      tool: 'mqtt_close_connection',
      client: { name: 'legacy-host', version: '3.1.4' },
      cancelled: false,
    });
  });

  it('2026-07-28: the name and version of the per-request envelope', async () => {
    const info = { name: 'modern-host', version: '2.0.0' };
    const { client, seen } = await connected(connectModernInProcess, info);
    expect(client.getProtocolEra()).toBe('modern');
    await client.callTool({ name: 'mqtt_close_connection', arguments: { session_id: 'nope' } });
    expect(seen.at(-1)).toMatchObject({
      tool: 'mqtt_close_connection',
      client: { name: 'modern-host', version: '2.0.0' },
    });
  });

  it('marks a call whose signal was aborted as cancelled', async () => {
    const core = createTestCore();
    closers.push(() => core.close());
    const seen = events(core);
    const controller = new AbortController();
    controller.abort();
    await core.callTool(
      'mqtt_close_connection',
      { session_id: 'nope' },
      { caller: 'console', signal: controller.signal },
    );
    expect(seen.at(-1)?.cancelled).toBe(true);
  });
});
