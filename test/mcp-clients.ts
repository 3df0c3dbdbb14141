// Test support: one API over the two real SDK clients, 1.x (2025-11-25) and v2 pinned to 2026-07-28.
import {
  Client as Client2,
  StreamableHTTPClientTransport as Http2,
} from '@modelcontextprotocol/client';
import { StdioClientTransport as Stdio2 } from '@modelcontextprotocol/client/stdio';
import { Client as Client1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as Stdio1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport as Http1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { Stream } from 'node:stream';
import { BIN } from './mcp-stdio';

/** The protocol revisions tested: the 1.x client speaks the first, the v2 client the second. */
export type Generation = '2025-11-25' | '2026-07-28';
/** Both generations, for `describe.each`. */
export const GENERATIONS: Generation[] = ['2025-11-25', '2026-07-28'];

/** A tool result, flattened. */
export interface ToolCall {
  isError: boolean;
  text: string;
  structured?: Record<string, unknown>;
  content: Array<{ type: string; uri?: string; text?: string }>;
}

/** Options of one tool call. */
export interface CallOpts {
  onprogress?(progress: number): void;
  signal?: AbortSignal;
  timeout?: number;
}

function requestOptions(opts: CallOpts) {
  const { onprogress, ...rest } = opts;
  return onprogress
    ? { ...rest, onprogress: (p: { progress: number }) => onprogress(p.progress) }
    : rest;
}

/** One resource content item. */
export interface Content {
  uri: string;
  mimeType?: string;
  text?: string;
  blob?: string;
}

/** A completion reference. */
export type CompletionRef =
  { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string };

/** A connected client of either generation. */
export interface McpTestClient {
  generation: Generation;
  instructions(): string | undefined;
  listTools(): Promise<Array<{ name: string; outputSchema?: unknown }>>;
  call(name: string, args?: Record<string, unknown>, opts?: CallOpts): Promise<ToolCall>;
  listResources(): Promise<Array<{ uri: string; name: string }>>;
  listResourceTemplates(): Promise<string[]>;
  readResource(uri: string): Promise<Content[]>;
  /** Subscribes (2025: resources/subscribe; 2026: subscriptions/listen); returns the unsubscribe. */
  watch(uri: string): Promise<() => Promise<void>>;
  /** URIs of every `notifications/resources/updated` received so far. */
  updates: string[];
  /** Texts of every `notifications/message` received so far. */
  logs: string[];
  listPrompts(): Promise<string[]>;
  getPrompt(name: string, args: Record<string, string>): Promise<string>;
  complete(
    ref: CompletionRef,
    argument: string,
    value: string,
    context?: Record<string, string>,
  ): Promise<string[]>;
  stderr(): string;
  pid: number | null;
  close(): Promise<void>;
}

type Where = { stdio: Record<string, string> } | { http: string; headers?: Record<string, string> };

function flatten(raw: unknown): ToolCall {
  const result = raw as { isError?: unknown; content?: unknown; structuredContent?: unknown };
  const content = (result.content ?? []) as ToolCall['content'];
  return {
    isError: result.isError === true,
    text: content.map((c) => (c.type === 'text' ? (c.text ?? '') : '')).join(''),
    structured: result.structuredContent as Record<string, unknown> | undefined,
    content,
  };
}

/** The calls both SDK clients make alike (their types differ only in detail). */
interface SharedClient {
  getInstructions(): string | undefined;
  listTools(): Promise<{ tools: Array<{ name: string; outputSchema?: unknown }> }>;
  listResources(): Promise<{ resources: Array<{ uri: string; name: string }> }>;
  listResourceTemplates(): Promise<{ resourceTemplates: Array<{ uriTemplate: string }> }>;
  readResource(params: { uri: string }): Promise<{ contents: unknown[] }>;
  listPrompts(): Promise<{ prompts: Array<{ name: string }> }>;
  getPrompt(params: {
    name: string;
    arguments?: Record<string, string>;
  }): Promise<{ messages: Array<{ content: { type: string; text?: string } }> }>;
  complete(params: unknown): Promise<{ completion: { values: string[] } }>;
  close(): Promise<void>;
}

type SharedPart =
  | 'instructions'
  | 'listTools'
  | 'listResources'
  | 'listResourceTemplates'
  | 'readResource'
  | 'listPrompts'
  | 'getPrompt'
  | 'complete'
  | 'close';

function shared(client: SharedClient): Pick<McpTestClient, SharedPart> {
  return {
    instructions: () => client.getInstructions(),
    listTools: async () => (await client.listTools()).tools,
    listResources: async () => (await client.listResources()).resources,
    listResourceTemplates: async () =>
      (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate),
    readResource: async (uri) => (await client.readResource({ uri })).contents as Content[],
    listPrompts: async () => (await client.listPrompts()).prompts.map((p) => p.name),
    getPrompt: async (name, args) => {
      const { messages } = await client.getPrompt({ name, arguments: args });
      return messages.map((m) => (m.content.type === 'text' ? m.content.text : '')).join('\n');
    },
    complete: async (ref, argument, value, context) =>
      (
        await client.complete({
          ref,
          argument: { name: argument, value },
          ...(context ? { context: { arguments: context } } : {}),
        })
      ).completion.values,
    close: () => client.close(),
  };
}

/** The transport of one connection: the spawned stdio entry (its stderr kept), or HTTP. */
function transportFor<S extends { stderr: Stream | null; pid: number | null }, H>(
  where: Where,
  stdio: (params: {
    command: string;
    args: string[];
    env: Record<string, string>;
    stderr: 'pipe';
  }) => S,
  http: (url: URL, opts: { requestInit: RequestInit }) => H,
): { transport: S | H; stderr(): string; pid(): number | null } {
  if (!('stdio' in where)) {
    const transport = http(new URL(where.http), { requestInit: { headers: where.headers ?? {} } });
    return { transport, stderr: () => '', pid: () => null };
  }
  let stderr = '';
  const transport = stdio({
    command: process.execPath,
    args: [BIN],
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...where.stdio },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return { transport, stderr: () => stderr, pid: () => transport.pid };
}

/** The resource updates and log messages a client receives, and the handlers that record them. */
function received() {
  const updates: string[] = [];
  const logs: string[] = [];
  return {
    updates,
    logs,
    updated: (n: { params: { uri: string } }) => void updates.push(n.params.uri),
    logged: (n: { params: { data: unknown } }) => void logs.push(String(n.params.data)),
  };
}

async function connectLegacy(where: Where): Promise<McpTestClient> {
  const client = new Client1({ name: 'mqtt-mcp-test-1x', version: '0' });
  const { updates, logs, updated, logged } = received();
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, updated);
  client.setNotificationHandler(LoggingMessageNotificationSchema, logged);
  const link = transportFor(
    where,
    (params) => new Stdio1(params),
    (url, opts) => new Http1(url, opts),
  );
  await client.connect(link.transport);
  return {
    generation: '2025-11-25',
    ...shared(client as unknown as SharedClient),
    call: async (name, args = {}, opts = {}) =>
      flatten(await client.callTool({ name, arguments: args }, undefined, requestOptions(opts))),
    watch: async (uri) => {
      await client.subscribeResource({ uri });
      return async () => void (await client.unsubscribeResource({ uri }));
    },
    updates,
    logs,
    stderr: link.stderr,
    pid: link.pid(),
  };
}

async function connectModern(where: Where): Promise<McpTestClient> {
  const client = new Client2(
    { name: 'mqtt-mcp-test-v2', version: '0' },
    { versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  const { updates, logs, updated, logged } = received();
  client.setNotificationHandler('notifications/resources/updated', updated);
  client.setNotificationHandler('notifications/message', logged);
  const link = transportFor(
    where,
    (params) => new Stdio2(params),
    (url, opts) => new Http2(url, opts),
  );
  await client.connect(link.transport);
  if (client.getProtocolEra() !== 'modern') throw new Error('the v2 client did not speak 2026');
  return {
    generation: '2026-07-28',
    ...shared(client as unknown as SharedClient),
    call: async (name, args = {}, opts = {}) =>
      flatten(await client.callTool({ name, arguments: args }, requestOptions(opts))),
    watch: async (uri) => {
      const subscription = await client.listen({ resourceSubscriptions: [uri] });
      if (!subscription.honoredFilter.resourceSubscriptions?.includes(uri)) {
        throw new Error(`the server did not honour a subscription to ${uri}`);
      }
      return () => subscription.close();
    },
    updates,
    logs,
    stderr: link.stderr,
    pid: link.pid(),
  };
}

/** Spawns the stdio entry (standalone, or a bridge when env names a hub) and connects a client. */
export function connectStdio(
  generation: Generation,
  env: Record<string, string> = {},
): Promise<McpTestClient> {
  return generation === '2025-11-25'
    ? connectLegacy({ stdio: env })
    : connectModern({ stdio: env });
}

/** Connects a client to a Streamable HTTP endpoint. */
export function connectHttp(
  generation: Generation,
  url: string,
  headers?: Record<string, string>,
): Promise<McpTestClient> {
  const where = { http: url, headers };
  return generation === '2025-11-25' ? connectLegacy(where) : connectModern(where);
}

/** Waits until `check` is true (polling), or fails with `what`. */
export async function waitUntil(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
