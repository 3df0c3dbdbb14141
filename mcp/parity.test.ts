// Parity: MCP tools/list holds exactly the registry's tools, schemas and annotations, in both protocol generations.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore } from '../test/core-harness';
import { connectModernInProcess } from '../test/mcp-in-process';
import { toolRegistry } from '../server/tools/index';
import {
  inputJsonSchema,
  leanAnnotations,
  leanInputJsonSchema,
  outputJsonSchema,
} from '../server/tools/kit/json-schema';
import { createMcpServer } from './server';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

/** Closes these after the test, in order (client first, core last). */
function closeAfter(...parts: Array<{ close(): Promise<void> }>): void {
  closers.push(async () => {
    for (const part of parts) await part.close();
  });
}

async function connect(env: Record<string, string> = {}) {
  const core = createTestCore(env);
  const server = createMcpServer(core, 'test');
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'parity', version: '0' });
  await Promise.all([server.connect(a), client.connect(b)]);
  closeAfter(client, core);
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
      expect(listed?.inputSchema).toEqual(leanInputJsonSchema(tool));
      expect(listed?.outputSchema).toEqual(outputJsonSchema(tool));
      expect(listed?.annotations).toEqual(leanAnnotations(tool.annotations));
    }
  });

  it('has the prefixed snake_case tools with annotations on each', () => {
    const names = toolRegistry.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        'mqtt_establish_connection',
        'mqtt_list_active_connections',
        'mqtt_close_connection',
        'mqtt_list_topics',
        'mqtt_subscribe_and_collect',
        'mqtt_publish_message',
        'mqtt_get_topic_schema',
        'mqtt_debug_device',
        'mqtt_diagnose',
        'mqtt_monitor_performance',
        'mqtt_test_connection',
        'mqtt_query_history',
      ]),
    );
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
    // Honest annotations (issue 13): the observing tools publish nothing; the probe is the writer.
    const hint = (name: string) => toolRegistry.find((t) => t.name === name)?.annotations;
    expect(hint('mqtt_test_connection')?.readOnlyHint).toBe(true);
    expect(hint('mqtt_monitor_performance')?.readOnlyHint).toBe(true);
    expect(hint('mqtt_probe_latency')?.readOnlyHint).toBe(false);
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

/** A 2026-07-28 client on the hub's HTTP handler, driven in-process (no socket). */
async function connectModern(env: Record<string, string> = {}) {
  const core = createTestCore(env);
  const client = await connectModernInProcess(core, { name: 'parity-2026', version: '0' });
  closers.push(async () => {
    await client.close();
    await core.close();
  });
  return client;
}

describe('MCP 2026-07-28 over the HTTP handler, in-process', () => {
  it('speaks 2026-07-28 and lists the same tools as 2025-11-25', async () => {
    const modern = await connectModern();
    expect(modern.getProtocolEra()).toBe('modern');
    const legacy = await connect();
    expect((await modern.listTools()).tools).toEqual((await legacy.listTools()).tools);
    expect(modern.getInstructions()).toMatch(/Diagnosis playbook/);
  });

  it('answers errors with the code as text and structured content, unknown tools with -32602', async () => {
    const client = await connectModern();
    const result = await client.callTool({
      name: 'mqtt_close_connection',
      arguments: { session_id: 'nope' },
    });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ error: { code: 'NOT_FOUND' } });
    await expect(client.callTool({ name: 'nope', arguments: {} })).rejects.toThrow(
      /Unknown tool: nope/,
    );
  });

  it('offers resources, prompts and completions', async () => {
    const client = await connectModern();
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['mqtt://sessions']);
    const { contents } = await client.readResource({ uri: 'mqtt://sessions' });
    expect(contents[0]).toMatchObject({ mimeType: 'application/json', text: '{"sessions":[]}' });
    await expect(client.readResource({ uri: 'mqtt://nope/topics' })).rejects.toThrow(
      /no open session nope/,
    );
    expect((await client.listPrompts()).prompts).toHaveLength(3);
    const done = await client.complete({
      ref: { type: 'ref/prompt', name: 'explore_topics' },
      argument: { name: 'session_id', value: '' },
    });
    expect(done.completion).toEqual({ values: [], total: 0, hasMore: false });
  });
});
