// MCP over Streamable HTTP for the hub: 2025-11-25 sessions and 2026-07-28 per-request serving, on one URL.
import { randomUUID } from 'node:crypto';
import {
  createMcpHandler,
  isInitializeRequest,
  isLegacyRequest,
  WebStandardStreamableHTTPServerTransport,
  type McpHttpHandler,
} from '@modelcontextprotocol/server';
import type { ToolHost } from '../server/core';
import type { Caller } from '../server/tools/kit/define-tool';
import { CALLER_HEADER } from './bridge-header';
import { listenRequestOf } from './listen-tap';
import { ResourceWatcher, watcherFor } from './resource-watch';
import { createMcpServer } from './server';
import { UriSubscriptions } from './uri-subscriptions';

interface McpHttpSession {
  transport: WebStandardStreamableHTTPServerTransport;
  caller: Caller;
  lastSeenMs: number;
}

const REGISTRY_KEY = Symbol.for('mqtt-mcp.mcp-http-sessions');
const MODERN_KEY = Symbol.for('mqtt-mcp.mcp-http-modern');
const IDLE_MS = 60 * 60 * 1000;
/** Largest POST body the modern handler reads (as large as a stdio line may be). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

function registry(): Map<string, McpHttpSession> {
  const g = globalThis as typeof globalThis & { [REGISTRY_KEY]?: Map<string, McpHttpSession> };
  if (!g[REGISTRY_KEY]) {
    const map = new Map<string, McpHttpSession>();
    g[REGISTRY_KEY] = map;
    // Clients often never send DELETE: idle MCP sessions are swept.
    setInterval(() => {
      const now = Date.now();
      for (const [id, s] of map) {
        if (now - s.lastSeenMs > IDLE_MS) {
          map.delete(id);
          void s.transport.close();
        }
      }
    }, 60_000).unref();
  }
  return g[REGISTRY_KEY];
}

/** The 2026-07-28 endpoint of one host, and the resource URIs its open listen streams watch. */
interface ModernEndpoint {
  handler: McpHttpHandler;
  listens: UriSubscriptions;
}

function callerOf(request: Request | undefined): Caller {
  return request?.headers.get(CALLER_HEADER) === 'mcp-stdio-bridge'
    ? 'mcp-stdio-bridge'
    : 'mcp-http';
}

/**
 * The host's 2026-07-28 handler: a fresh server per request (no protocol sessions); resource
 * changes reach open `subscriptions/listen` streams through its bus. Kept on globalThis per host.
 */
function modernEndpoint(host: ToolHost): ModernEndpoint {
  const g = globalThis as typeof globalThis & {
    [MODERN_KEY]?: WeakMap<ToolHost, ModernEndpoint>;
  };
  g[MODERN_KEY] ??= new WeakMap();
  let endpoint = g[MODERN_KEY].get(host);
  if (!endpoint) {
    const handler = createMcpHandler(
      ({ era, requestInfo }) => createMcpServer(host, callerOf(requestInfo), era),
      { legacy: 'reject', maxRequestBodySize: MAX_BODY_BYTES },
    );
    const listens = new UriSubscriptions(watcherFor(host), (uri) =>
      handler.notify.resourceUpdated(uri),
    );
    endpoint = { handler, listens };
    g[MODERN_KEY].set(host, endpoint);
  }
  return endpoint;
}

/** Calls `done` once when the body of `response` ends, fails or is cancelled. */
function onBodyEnd(response: Response, done: () => void): Response {
  if (!response.body) {
    done();
    return response;
  }
  const reader = response.body.getReader();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    done();
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done: finished } = await reader.read();
        if (finished) {
          end();
          controller.close();
        } else controller.enqueue(value);
      } catch (err) {
        end();
        controller.error(err);
      }
    },
    cancel(reason) {
      end();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, headers: response.headers });
}

/**
 * Serves one 2026-07-28 request. A `subscriptions/listen` naming resources has those URIs watched
 * until its stream ends, so changes are published to the handler's bus.
 */
async function handleModern(request: Request, body: unknown, host: ToolHost): Promise<Response> {
  const { handler, listens } = modernEndpoint(host);
  const listen = listenRequestOf(body);
  if (!listen) return openStreamAtOnce(await handler.fetch(request, { parsedBody: body }));
  const key = Symbol('listen');
  try {
    listens.add(key, listen.uris.filter(ResourceWatcher.watchable));
  } catch {
    // Too many watched URIs: the stream still opens; those resources are not watched.
  }
  const response = await handler.fetch(request, { parsedBody: body });
  return onBodyEnd(response, () => listens.remove(key));
}

/** Number of open MCP HTTP sessions (for readiness). */
export function mcpHttpSessionCount(): number {
  return registry().size;
}

function jsonError(status: number, code: number, message: string): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

const STREAM_OPENED = new TextEncoder().encode(': open\n\n');
/** How long an SSE answer may stay silent before its head is sent with a comment. */
const OPEN_AFTER_MS = 25;

/**
 * An SSE answer whose first event is not ready within OPEN_AFTER_MS starts with a comment, so the
 * status and headers reach the client then. Without it the response head waits for the first
 * event (a long tool call without progress sends none), and a client that awaits the head before
 * sending more (the stdio bridge keeps messages in order) could not forward a cancellation, or
 * any other call, until the tool had finished. Quick answers go out unchanged, in one write.
 */
function openStreamAtOnce(response: Response): Response {
  const type = response.headers.get('content-type') ?? '';
  if (!response.body || !type.includes('text/event-stream')) return response;
  const reader = response.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setTimeout(() => controller.enqueue(STREAM_OPENED), OPEN_AFTER_MS);
    },
    async pull(controller) {
      const { value, done } = await reader.read();
      clearTimeout(timer);
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      clearTimeout(timer);
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, headers: response.headers });
}

/**
 * Handles one request to /api/mcp (POST, GET, DELETE) after access control passed: a request of a
 * 2025-11-25 session goes to its transport; a 2026-07-28 request (envelope in the body) to the
 * per-request handler; an `initialize` opens a new 2025-11-25 session.
 */
export async function handleMcpRequest(request: Request, host: ToolHost): Promise<Response> {
  const sessions = registry();
  const sessionId = request.headers.get('mcp-session-id');
  if (sessionId) {
    const session = sessions.get(sessionId);
    if (!session) return jsonError(404, -32001, 'Session not found');
    session.lastSeenMs = Date.now();
    return openStreamAtOnce(await session.transport.handleRequest(request));
  }
  if (request.method !== 'POST') {
    return jsonError(400, -32000, 'Bad Request: Mcp-Session-Id header is required');
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return jsonError(400, -32700, 'Parse error');
  }
  if (!Array.isArray(body) && !(await isLegacyRequest(request, body))) {
    return handleModern(request, body, host);
  }
  const messages = Array.isArray(body) ? body : [body];
  if (!messages.some((m) => isInitializeRequest(m))) {
    return jsonError(400, -32000, 'Bad Request: no valid session ID provided');
  }
  const caller = callerOf(request);
  const server = createMcpServer(host, caller, 'legacy');
  const transport: WebStandardStreamableHTTPServerTransport =
    new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, caller, lastSeenMs: Date.now() });
      },
      onsessionclosed: (id) => {
        sessions.delete(id);
      },
    });
  transport.onclose = () => {
    if (transport.sessionId) sessions.delete(transport.sessionId);
  };
  await server.connect(transport);
  return openStreamAtOnce(await transport.handleRequest(request, { parsedBody: body }));
}
