// MCP over Streamable HTTP for the hub: one server and transport per MCP session, kept on globalThis.
import { randomUUID } from 'node:crypto';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { ToolHost } from '../server/core';
import type { Caller } from '../server/tools/kit/define-tool';
import { createMcpServer } from './server';
import { CALLER_HEADER } from './bridge-header';

interface McpHttpSession {
  transport: WebStandardStreamableHTTPServerTransport;
  caller: Caller;
  lastSeenMs: number;
}

const REGISTRY_KEY = Symbol.for('mqtt-mcp.mcp-http-sessions');
const IDLE_MS = 60 * 60 * 1000;

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

/** Handles one request to /api/mcp (POST, GET, DELETE) after access control passed. */
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
  const messages = Array.isArray(body) ? body : [body];
  if (!messages.some((m) => isInitializeRequest(m))) {
    return jsonError(400, -32000, 'Bad Request: no valid session ID provided');
  }
  const caller: Caller =
    request.headers.get(CALLER_HEADER) === 'mcp-stdio-bridge' ? 'mcp-stdio-bridge' : 'mcp-http';
  const server = createMcpServer(host, caller);
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
