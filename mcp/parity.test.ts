// Parity: MCP tools/list (in-memory SDK Client) holds exactly the registry's tools, schemas and annotations.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore } from '../test/core-harness';
import { toolRegistry } from '../server/tools/index';
import { inputJsonSchema, outputJsonSchema } from '../server/tools/kit/json-schema';
import { createMcpServer } from './server';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

async function connect(env: Record<string, string> = {}) {
  const core = createTestCore(env);
  const server = createMcpServer(core, 'test');
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'parity', version: '0' });
  await Promise.all([server.connect(a), client.connect(b)]);
  closers.push(async () => {
    await client.close();
    await core.close();
  });
  return client;
}

describe('MCP tools/list parity with the registry', () => {
  it('lists every registry tool with the same schemas and annotations', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(toolRegistry.map((t) => t.name));
    for (const tool of toolRegistry) {
      const listed = tools.find((t) => t.name === tool.name);
      expect(listed?.title).toBe(tool.title);
      expect(listed?.description).toBe(tool.description);
      expect(listed?.inputSchema).toEqual(inputJsonSchema(tool));
      expect(listed?.outputSchema).toEqual(outputJsonSchema(tool));
      expect(listed?.annotations).toEqual({ title: tool.title, ...tool.annotations });
    }
  });

  it('has eleven prefixed snake_case tools with annotations on each', () => {
    expect(toolRegistry).toHaveLength(11);
    for (const tool of toolRegistry) {
      expect(tool.name).toMatch(/^mqtt_[a-z_]+$/);
      expect(tool.annotations.openWorldHint).toBeTypeOf('boolean');
      expect(tool.annotations.readOnlyHint).toBeTypeOf('boolean');
      expect(inputJsonSchema(tool).additionalProperties).toBe(false);
    }
    expect(toolRegistry.find((t) => t.name === 'mqtt_publish_message')?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
    });
  });

  it('withholds writing tools in read-only mode', async () => {
    const client = await connect({ MQTT_MCP_READ_ONLY: 'true' });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).not.toContain('mqtt_publish_message');
    expect(tools).toHaveLength(toolRegistry.filter((t) => !t.writes).length);
    await expect(client.callTool({ name: 'mqtt_publish_message', arguments: {} })).rejects.toThrow(
      /Unknown tool: mqtt_publish_message/,
    );
  });

  it('answers unknown tools with a JSON-RPC error and bad arguments with an isError result', async () => {
    const client = await connect();
    await expect(client.callTool({ name: 'nope', arguments: {} })).rejects.toThrow(
      /Unknown tool: nope/,
    );
    const result = await client.callTool({
      name: 'mqtt_subscribe_and_collect',
      arguments: { session_id: 'x', topic_pattern: 'a/#', duration_seconds: 1000 },
    });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/INVALID_INPUT: duration_seconds: /);
  });
});
