// Bridge mode: stdio JSON-RPC to the hub (its Unix socket, or Streamable HTTP) and back, in either protocol generation.
import {
  PROTOCOL_VERSION_META_KEY,
  SdkHttpError,
  StreamableHTTPClientTransport,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type RequestId,
  type Transport,
  type TransportSendOptions,
} from '@modelcontextprotocol/client';
import { hubSocketFromUrl, maxRequestBytes, type Config } from '../server/config';
import type { Logger } from '../server/logger';
import { HubConnectionClosedError, SocketClientTransport } from './socket-client-transport';
import { LineStdioServerTransport } from './stdio-transport';

const REINIT_PREFIX = 'mqtt-mcp-bridge-reinit-';

function isRequest(msg: JSONRPCMessage): msg is JSONRPCRequest {
  return 'method' in msg && 'id' in msg && msg.id !== undefined;
}

/** True for a 2026-07-28 message: it carries the per-request protocol version envelope. */
function isModern(msg: JSONRPCMessage): boolean {
  const meta = (msg as { params?: { _meta?: Record<string, unknown> } }).params?._meta;
  return typeof meta?.[PROTOCOL_VERSION_META_KEY] === 'string';
}

/** How the bridge reaches the hub: a fresh upstream transport per (re)connection, and its name. */
interface HubLink {
  describe: string;
  create(): Transport;
  /** True when a send error means the hub restarted (its MCP session is gone). */
  restarted(err: unknown): boolean;
  /** True when each request has its own HTTP exchange (2026 requests are then sent concurrently). */
  perRequest: boolean;
}

function hubLink(config: Config): HubLink {
  const socket = hubSocketFromUrl(config.MQTT_MCP_HUB_URL);
  if (socket !== undefined) {
    return {
      describe: `unix:${socket}`,
      create: () => new SocketClientTransport(socket),
      restarted: (err) => err instanceof HubConnectionClosedError,
      perRequest: false,
    };
  }
  const url = new URL('/api/mcp', config.MQTT_MCP_HUB_URL);
  // The hub labels these calls mcp-http: over HTTP it cannot tell a bridge from any other client.
  const headers: Record<string, string> = {};
  if (config.MQTT_MCP_TOKEN) headers.authorization = `Bearer ${config.MQTT_MCP_TOKEN}`;
  return {
    describe: url.origin,
    // The v2 transport works as a raw pipe for both generations: a 2025 session keeps its
    // Mcp-Session-Id; a 2026 request gets MCP-Protocol-Version / Mcp-Method / Mcp-Name headers
    // derived from its own envelope.
    create: () => new StreamableHTTPClientTransport(url, { requestInit: { headers } }),
    restarted: (err) => {
      const status = err instanceof SdkHttpError ? err.status : undefined;
      return status === 404 || status === 400 || status === undefined;
    },
    perRequest: true,
  };
}

/** Runs the bridge until stdin closes; returns the function that stops it. */
export async function runBridge(config: Config, log: Logger): Promise<() => Promise<void>> {
  const link = hubLink(config);
  // Answers malformed lines itself and survives oversized ones (see mcp/stdio-transport.ts).
  const stdio = new LineStdioServerTransport(
    process.stdin,
    process.stdout,
    maxRequestBytes(config),
  );
  let upstream: Transport | undefined;
  /** Set when the hub side closed the link: the next message re-initialises first (2025 clients). */
  let lost = false;
  let initialize: JSONRPCRequest | undefined;
  let initialized = false;
  let reinits = 0;
  const pending = new Set<RequestId>();
  const reinitWaiters = new Map<string, (msg: JSONRPCMessage) => void>();
  /** 2026 requests in flight over HTTP: cancelling one aborts its own exchange. */
  const exchanges = new Map<RequestId, AbortController>();

  const replyError = (id: RequestId, message: string) => {
    if (!pending.delete(id)) return;
    exchanges.delete(id);
    void stdio.send({ jsonrpc: '2.0', id, error: { code: -32000, message } });
  };

  const notifyClient = (message: string) => {
    void stdio.send({
      jsonrpc: '2.0',
      method: 'notifications/message',
      params: { level: 'warning', logger: 'mqtt-mcp-bridge', data: message },
    });
  };

  const open = async (): Promise<Transport> => {
    const transport = link.create();
    transport.onclose = () => {
      if (upstream !== transport) return;
      upstream = undefined;
      lost = true;
      for (const pendingId of [...pending]) {
        replyError(
          pendingId,
          'the connection to the mqtt-mcp hub closed during this call; call the tool again',
        );
      }
    };
    transport.onmessage = (msg) => {
      if ('id' in msg && msg.id !== undefined && !('method' in msg)) {
        const waiter = reinitWaiters.get(String(msg.id));
        if (waiter) return waiter(msg);
        if (initialize && msg.id === initialize.id && 'result' in msg) {
          const version = (msg.result as { protocolVersion?: unknown }).protocolVersion;
          if (typeof version === 'string') transport.setProtocolVersion?.(version);
        }
        pending.delete(msg.id);
        exchanges.delete(msg.id);
      }
      void stdio.send(msg);
    };
    transport.onerror = (err) => log.debug({ err: err.message }, 'hub transport error');
    await transport.start();
    upstream = transport;
    return transport;
  };

  const reinitialize = async (current?: JSONRPCMessage): Promise<void> => {
    if (!initialize) throw new Error('not initialised yet');
    const previous = upstream;
    upstream = undefined;
    await previous?.close().catch(() => undefined);
    const hub = await open();
    const id = `${REINIT_PREFIX}${++reinits}`;
    const answered = new Promise<JSONRPCMessage>((resolve) => reinitWaiters.set(id, resolve));
    await hub.send({ ...initialize, id });
    const answer = await Promise.race([
      answered,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer')), 10_000)),
    ]).finally(() => reinitWaiters.delete(id));
    if ('error' in answer)
      throw new Error(`hub refused initialize: ${JSON.stringify(answer.error)}`);
    await hub.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    lost = false;
    const currentId = current && isRequest(current) ? current.id : undefined;
    for (const pendingId of [...pending]) {
      if (pendingId === currentId) continue;
      replyError(pendingId, 'the mqtt-mcp hub restarted during this call; call the tool again');
    }
    const note =
      'the mqtt-mcp hub restarted: MQTT sessions opened before are gone; call mqtt_establish_connection again';
    log.warn(note);
    notifyClient(note);
  };

  /** Send options of a 2026 request over HTTP: its own abort signal, and an answer if its stream dies. */
  const exchangeOptions = (msg: JSONRPCRequest): TransportSendOptions => {
    const controller = new AbortController();
    exchanges.set(msg.id, controller);
    return {
      requestSignal: controller.signal,
      onRequestStreamEnd: () =>
        replyError(msg.id, 'the mqtt-mcp hub ended this call without an answer; call it again'),
    };
  };

  const forward = async (msg: JSONRPCMessage, retry = true): Promise<void> => {
    const modern = isModern(msg);
    if (isRequest(msg)) pending.add(msg.id);
    try {
      if (lost && initialized && !modern) {
        await reinitialize(msg);
      }
      const hub = upstream ?? (await open());
      lost = false;
      if (modern && link.perRequest && isRequest(msg)) {
        // A 2026 HTTP request stands alone: sent without waiting for the answers before it (its
        // response head comes only with its first event), and cancelled by aborting its exchange.
        void hub.send(msg, exchangeOptions(msg)).catch((err: Error) => {
          if (exchanges.get(msg.id)?.signal.aborted) return;
          replyError(msg.id, `mqtt-mcp hub at ${link.describe} failed this call (${err.message})`);
        });
        return;
      }
      await hub.send(msg);
    } catch (err) {
      if (retry && initialized && !modern && link.restarted(err)) {
        try {
          await reinitialize(msg);
          return await forward(msg, false);
        } catch (reinitErr) {
          log.warn({ err: (reinitErr as Error).message }, 'hub re-initialisation failed');
        }
      }
      if (isRequest(msg)) {
        replyError(
          msg.id,
          `mqtt-mcp hub at ${link.describe} is unreachable (${(err as Error).message}); is the console running? (MQTT_MCP_HUB_URL)`,
        );
      }
    }
  };

  /** A 2026 cancellation over HTTP aborts the request's own exchange (the spec's signal there). */
  const cancelExchange = (msg: JSONRPCMessage): boolean => {
    if (!link.perRequest || !('method' in msg) || msg.method !== 'notifications/cancelled') {
      return false;
    }
    const id = (msg.params as { requestId?: RequestId } | undefined)?.requestId;
    const exchange = id === undefined ? undefined : exchanges.get(id);
    if (!exchange || id === undefined) return false;
    exchanges.delete(id);
    pending.delete(id);
    exchange.abort();
    return true;
  };

  // Messages go out in order; a request answered over SSE does not hold up the next one.
  let queue = Promise.resolve();
  stdio.onmessage = (msg) => {
    if (isRequest(msg) && msg.method === 'initialize') initialize = msg;
    if ('method' in msg && msg.method === 'notifications/initialized') initialized = true;
    if (cancelExchange(msg)) return;
    queue = queue.then(() => forward(msg));
  };
  await stdio.start();
  log.info({ mode: 'bridge', hub: link.describe }, 'mqtt-mcp stdio bridge ready');
  return async () => {
    const hub = upstream;
    upstream = undefined;
    for (const exchange of exchanges.values()) exchange.abort();
    if (hub instanceof StreamableHTTPClientTransport) {
      await hub.terminateSession().catch(() => undefined);
    }
    await hub?.close().catch(() => undefined);
    await stdio.close();
  };
}
