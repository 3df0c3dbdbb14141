// tools/list stays lean: the real SDK client's listing of every registry tool, under 15,000 characters.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { expect, it } from 'vitest';
import { createTestCore } from '../test/core-harness';
import { toolRegistry } from '../server/tools/index';
import { createMcpServer } from './server';

/** The budget of the whole listing (issue 13), output schemas included. */
const BUDGET = 15_000;

it('lists every registry tool, output schemas included, in under 15,000 characters', async () => {
  const core = createTestCore();
  const server = createMcpServer(core, 'test');
  const [a, b] = InMemoryTransport.createLinkedPair();
  const sizes: number[] = [];
  const send = a.send.bind(a);
  a.send = (message, options) => {
    if ('result' in message && 'tools' in message.result)
      sizes.push(JSON.stringify(message).length);
    return send(message, options);
  };
  const client = new Client({ name: 'size', version: '0' });
  try {
    await Promise.all([server.connect(a), client.connect(b)]);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(toolRegistry.map((t) => t.name).sort());
    for (const tool of tools) expect(tool.outputSchema?.type).toBe('object');
    expect(sizes).toHaveLength(1);
    expect(sizes[0]).toBeLessThan(BUDGET);
  } finally {
    await client.close();
    await core.close();
  }
});
