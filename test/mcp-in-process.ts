// MCP clients wired to a core without sockets: 2025-11-25 in memory, 2026-07-28 through the HTTP handler.
import {
  Client as ModernClient,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpHttpEndpoint } from '../mcp/http';
import { createMcpServer } from '../mcp/server';
import type { Core } from '../server/core';

/** Name and version a test client announces. */
export interface TestClientInfo {
  name: string;
  version: string;
}

/** A 2025-11-25 client connected in memory to an MCP server over `core`. */
export async function connectLegacyInMemory(core: Core, info: TestClientInfo): Promise<Client> {
  const server = createMcpServer(core, 'test');
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client(info);
  await Promise.all([server.connect(a), client.connect(b)]);
  return client;
}

/** A 2026-07-28 client on the hub's HTTP handler over `core`, driven in-process. */
export async function connectModernInProcess(
  core: Core,
  info: TestClientInfo,
): Promise<ModernClient> {
  const endpoint = new McpHttpEndpoint(core);
  const client = new ModernClient(info, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
  await client.connect(
    new StreamableHTTPClientTransport(new URL('http://127.0.0.1/api/mcp'), {
      fetch: async (url, init) => {
        const request = new Request(url, init);
        const text = request.method === 'POST' ? await request.clone().text() : '';
        const limits = { maxSessions: 10, log: core.log };
        return endpoint.handle(request, limits, text ? JSON.parse(text) : undefined);
      },
    }),
  );
  const closeClient = client.close.bind(client);
  client.close = async () => {
    await closeClient();
    await endpoint.close();
  };
  return client;
}
