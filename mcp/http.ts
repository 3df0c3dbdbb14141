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
import { partKey, type PartsOwner } from '../server/process-parts';
import type { Logger } from '../server/logger';
import { listenRequestOf } from './listen-tap';
import { ResourceWatcher, watcherFor } from './resource-watch';
import { createMcpServer } from './server';
import { UriSubscriptions } from './uri-subscriptions';

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

/** An MCP session unused this long is closed (clients often never send DELETE). */
export const MCP_SESSION_IDLE_MS = 60 * 60 * 1000;

/** The 2026-07-28 handler of one endpoint, and the resource URIs its open listen streams watch. */
interface ModernEndpoint {
  handler: McpHttpHandler;
  listens: UriSubscriptions;
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
 * MCP over Streamable HTTP for one tool host: its 2025-11-25 sessions (swept when idle) and its
 * 2026-07-28 per-request handler. The hub keeps one in its process parts (`mcpHttpEndpoint`).
 */
export class McpHttpEndpoint {
  private readonly sessions = new Map<string, McpHttpSession>();
  /** Initializations under way, counted against the cap before their session is registered. */
  private opening = 0;
  private modern?: ModernEndpoint;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly host: ToolHost) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  /** Number of open MCP HTTP sessions (for readiness). */
  sessionCount(): number {
    return this.sessions.size;
  }

  /**
   * Handles one request to /api/mcp (POST, GET, DELETE) after access control passed; a POST comes
   * with its body already read under the size cap and parsed (`body`). A request of a 2025-11-25
   * session goes to its transport; a 2026-07-28 request (envelope in the body) to the per-request
   * handler; an `initialize` opens a new 2025-11-25 session, within the session cap.
   */
  async handle(request: Request, limits: McpHttpLimits, body?: unknown): Promise<Response> {
    const sessionId = request.headers.get('mcp-session-id');
    if (sessionId) {
      const session = this.sessions.get(sessionId);
      if (!session) return jsonRpcError(404, -32001, 'Session not found');
      session.lastSeenMs = Date.now();
      const parsed = request.method === 'POST' ? { parsedBody: body } : undefined;
      return openStreamAtOnce(await session.transport.handleRequest(request, parsed));
    }
    if (request.method !== 'POST') {
      return jsonRpcError(400, -32000, 'Bad Request: Mcp-Session-Id header is required');
    }
    if (!Array.isArray(body) && !(await isLegacyRequest(request, body))) {
      return this.handleModern(request, body);
    }
    const messages = Array.isArray(body) ? body : [body];
    if (!messages.some((m) => isInitializeRequest(m))) {
      return jsonRpcError(400, -32000, 'Bad Request: no valid session ID provided');
    }
    if (this.sessions.size + this.opening >= limits.maxSessions) this.sweep();
    if (this.sessions.size + this.opening >= limits.maxSessions) {
      limits.log.warn(
        { open: this.sessions.size, max: limits.maxSessions },
        'MCP session refused: MQTT_MCP_MAX_HTTP_SESSIONS reached',
      );
      return jsonRpcError(
        503,
        -32000,
        `too many MCP sessions open (${limits.maxSessions}, MQTT_MCP_MAX_HTTP_SESSIONS): close unused clients (DELETE /api/mcp) or wait; a session unused for ${MCP_SESSION_IDLE_MS / 60_000} min is closed`,
        { 'retry-after': '60' },
      );
    }
    this.opening++;
    try {
      return await this.openSession(request, body);
    } finally {
      this.opening--;
    }
  }

  /** Closes every session and stops the sweeper. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    const open = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(open.map((s) => s.transport.close()));
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, s] of this.sessions) {
      if (now - s.lastSeenMs > MCP_SESSION_IDLE_MS) {
        this.sessions.delete(id);
        void s.transport.close();
      }
    }
  }

  /**
   * The 2026-07-28 handler: a fresh server per request (no protocol sessions); resource changes
   * reach open `subscriptions/listen` streams through its bus.
   */
  private modernEndpoint(): ModernEndpoint {
    if (!this.modern) {
      const handler = createMcpHandler(
        // The caller label comes from the transport the request arrived on, never from a header.
        ({ era }) => createMcpServer(this.host, 'mcp-http', era),
        // The route has read the body under MQTT_MCP_MAX_REQUEST_BYTES and passes it parsed.
        { legacy: 'reject' },
      );
      const listens = new UriSubscriptions(watcherFor(this.host), (uri) =>
        handler.notify.resourceUpdated(uri),
      );
      this.modern = { handler, listens };
    }
    return this.modern;
  }

  /**
   * Serves one 2026-07-28 request. A `subscriptions/listen` naming resources has those URIs
   * watched until its stream ends, so changes are published to the handler's bus.
   */
  private async handleModern(request: Request, body: unknown): Promise<Response> {
    const { handler, listens } = this.modernEndpoint();
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

  /** Creates a 2025-11-25 server and transport for an initialize request and answers it. */
  private async openSession(request: Request, body: unknown): Promise<Response> {
    const sessions = this.sessions;
    // The caller label comes from the transport the request arrived on, never from a header.
    const server = createMcpServer(this.host, 'mcp-http', 'legacy');
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
}

/** Key of the hub's MCP HTTP endpoint among its process parts. */
export const MCP_HTTP_PART = partKey<McpHttpEndpoint>('mcp-http');

/** The hub's MCP HTTP endpoint, created on first use. */
export function mcpHttpEndpoint(hub: ToolHost & PartsOwner): McpHttpEndpoint {
  return hub.parts.get(MCP_HTTP_PART, () => new McpHttpEndpoint(hub));
}
