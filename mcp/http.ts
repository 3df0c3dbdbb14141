// MCP over Streamable HTTP for the hub: one server and transport per MCP session, kept on globalThis.
import { randomUUID } from 'node:crypto';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { ToolHost } from '../server/core';
import type { Logger } from '../server/logger';
import { createMcpServer } from './server';

interface McpHttpSession {
  transport: WebStandardStreamableHTTPServerTransport;
  lastSeenMs: number;
}

/** The session cap /api/mcp enforces (the route caps the body size before it parses it). */
export interface McpHttpLimits {
  /** Open MCP sessions at most (MQTT_MCP_MAX_HTTP_SESSIONS). */
  maxSessions: number;
  log: Logger;
}

const REGISTRY_KEY = Symbol.for('mqtt-mcp.mcp-http-sessions');
/** An MCP session unused this long is closed (clients often never send DELETE). */
export const MCP_SESSION_IDLE_MS = 60 * 60 * 1000;
/** Initializations under way, counted against the cap before their session is registered. */
let opening = 0;

function sweep(map: Map<string, McpHttpSession>): void {
  const now = Date.now();
  for (const [id, s] of map) {
    if (now - s.lastSeenMs > MCP_SESSION_IDLE_MS) {
      map.delete(id);
      void s.transport.close();
    }
  }
}

function registry(): Map<string, McpHttpSession> {
  const g = globalThis as typeof globalThis & { [REGISTRY_KEY]?: Map<string, McpHttpSession> };
  if (!g[REGISTRY_KEY]) {
    const map = new Map<string, McpHttpSession>();
    g[REGISTRY_KEY] = map;
    setInterval(() => sweep(map), 60_000).unref();
  }
  return g[REGISTRY_KEY];
}

/** Number of open MCP HTTP sessions (for readiness). */
export function mcpHttpSessionCount(): number {
  return registry().size;
}

/** A JSON-RPC error answer with id null. */
export function jsonRpcError(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
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
 * Handles one request to /api/mcp (POST, GET, DELETE) after access control passed; a POST comes
 * with its body already read under the size cap and parsed (`body`).
 */
export async function handleMcpRequest(
  request: Request,
  host: ToolHost,
  limits: McpHttpLimits,
  body?: unknown,
): Promise<Response> {
  const sessions = registry();
  const sessionId = request.headers.get('mcp-session-id');
  if (sessionId) {
    const session = sessions.get(sessionId);
    if (!session) return jsonRpcError(404, -32001, 'Session not found');
    session.lastSeenMs = Date.now();
    const parsed = request.method === 'POST' ? { parsedBody: body } : undefined;
    return openStreamAtOnce(await session.transport.handleRequest(request, parsed));
  }
  if (request.method !== 'POST') {
    return jsonRpcError(400, -32000, 'Bad Request: Mcp-Session-Id header is required');
  }
  const messages = Array.isArray(body) ? body : [body];
  if (!messages.some((m) => isInitializeRequest(m))) {
    return jsonRpcError(400, -32000, 'Bad Request: no valid session ID provided');
  }
  if (sessions.size + opening >= limits.maxSessions) sweep(sessions);
  if (sessions.size + opening >= limits.maxSessions) {
    limits.log.warn(
      { open: sessions.size, max: limits.maxSessions },
      'MCP session refused: MQTT_MCP_MAX_HTTP_SESSIONS reached',
    );
    return jsonRpcError(
      503,
      -32000,
      `too many MCP sessions open (${limits.maxSessions}, MQTT_MCP_MAX_HTTP_SESSIONS): close unused clients (DELETE /api/mcp) or wait; a session unused for ${MCP_SESSION_IDLE_MS / 60_000} min is closed`,
      { 'retry-after': '60' },
    );
  }
  opening++;
  try {
    return await openSession(request, body, host, sessions);
  } finally {
    opening--;
  }
}

/** Creates a server and transport for an initialize request and answers it. */
async function openSession(
  request: Request,
  body: unknown,
  host: ToolHost,
  sessions: Map<string, McpHttpSession>,
): Promise<Response> {
  // The caller label comes from the transport the request arrived on, never from a header.
  const server = createMcpServer(host, 'mcp-http');
  const transport: WebStandardStreamableHTTPServerTransport =
    new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, lastSeenMs: Date.now() });
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
