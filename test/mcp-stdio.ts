// Test support: spawns the built stdio MCP server (node bin/mqtt-mcp.js) and connects the SDK's real Client.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { resolve } from 'node:path';

/** A connected client with the server's captured stderr. */
export interface StdioHarness {
  client: Client;
  transport: StdioClientTransport;
  stderr(): string;
  pid: number | null;
  close(): Promise<void>;
}

/** Absolute path of the stdio entry as users run it. */
export const BIN = resolve(import.meta.dirname, '..', 'bin', 'mqtt-mcp.js');

/** Spawns the stdio server with the given environment and connects a Client. */
export async function spawnStdio(env: Record<string, string> = {}): Promise<StdioHarness> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN],
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'mqtt-mcp-test', version: '0.0.0' });
  await client.connect(transport);
  return {
    client,
    transport,
    stderr: () => stderr,
    pid: transport.pid,
    close: () => client.close(),
  };
}

/** Calls a tool and returns its structured content; throws with the text when it is an error. */
export async function mcpCall<T = Record<string, unknown>>(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<T> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content?.map((c) => (c.type === 'text' ? c.text : '')).join('') ?? '';
  if (result.isError) throw new Error(text);
  return result.structuredContent as T;
}

/** Calls a tool that must fail and returns its error text (`CODE: message`). */
export async function mcpError(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<string> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  if (!result.isError) throw new Error(`${name} succeeded but was expected to fail`);
  return result.content?.map((c) => (c.type === 'text' ? c.text : '')).join('') ?? '';
}
