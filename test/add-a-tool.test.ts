// Adding a tool is one file plus one list entry: it then appears, typed, in MCP, tRPC and the console catalog.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createMcpServer } from '../mcp/server';
import type { Hub } from '../server/hub';
import { toolRegistry } from '../server/tools/index';
import { leanInputJsonSchema } from '../server/tools/kit/json-schema';
import { createAppRouter } from '../server/trpc/routers/_app';
import { createCallerFactory } from '../server/trpc/init';
import { countSessions } from './fixtures/count-sessions-tool';
import { useBroker } from './fixtures/broker';
import { tempHub, type TempHub } from './fixtures/temp-hub';

/** The one list entry: the registry plus the new tool. */
const tools = [...toolRegistry, countSessions] as const;
const createCaller = createCallerFactory(createAppRouter(tools));

const f = useBroker();
let temp: TempHub;
let hub: Hub;
let caller: ReturnType<typeof createCaller>;

beforeAll(async () => {
  temp = tempHub({}, tools);
  hub = temp.hub;
  caller = createCaller({ hub, denial: null, via: 'loopback' });
  await caller.tools.invoke.mqtt_establish_connection({ connection_string: f.broker.url });
});

afterAll(async () => {
  await temp?.close();
});

describe('a tool added to the list', () => {
  it('is served over MCP with its schema, and answers through a real SDK client', async () => {
    const server = createMcpServer(hub, 'test');
    const [a, b] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'add-a-tool', version: '0' });
    await Promise.all([server.connect(a), client.connect(b)]);
    try {
      const { tools: listed } = await client.listTools();
      const tool = listed.find((t) => t.name === 'mqtt_count_sessions');
      expect(tool?.inputSchema).toEqual(leanInputJsonSchema(countSessions));
      expect(listed).toHaveLength(toolRegistry.length + 1);
      const result = await client.callTool({
        name: 'mqtt_count_sessions',
        arguments: { state: 'connected' },
      });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ count: 1 });
      const bad = await client.callTool({ name: 'mqtt_count_sessions', arguments: { state: 'x' } });
      expect(bad.isError).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('is a typed tRPC procedure', async () => {
    const out = await caller.tools.invoke.mqtt_count_sessions({ state: 'any' });
    expectTypeOf(out).toEqualTypeOf<{ count: number; max_sessions: number }>();
    expect(out).toEqual({ count: 1, max_sessions: hub.config.MQTT_MCP_MAX_SESSIONS });
  });

  it('is in the console catalog with a typed name, and runs with progress events', async () => {
    const catalog = await caller.tools.catalog();
    const entry = catalog.find((t) => t.name === 'mqtt_count_sessions');
    expectTypeOf(catalog[0]!.name).toEqualTypeOf<(typeof tools)[number]['name']>();
    expect(entry).toMatchObject({ kind: 'query', available: true, writes: false });
    const stream = await caller.tools.run({ name: 'mqtt_count_sessions', args: {} });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.at(-1)).toMatchObject({
      type: 'result',
      ok: true,
      tool: 'mqtt_count_sessions',
      data: { count: 1 },
    });
  });

  it('is journaled like every tool', () => {
    const entries = hub.store?.journal.page({ limit: 50 }).entries ?? [];
    expect(entries.map((e) => e.tool)).toContain('mqtt_count_sessions');
  });
});
