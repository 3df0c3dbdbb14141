// Bridge mode: stdio JSON-RPC to the hub (its Unix socket, or Streamable HTTP) and back, re-initialising after a hub restart.
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import { hubSocketFromUrl, maxRequestBytes, type Config } from '../server/config';
import type { Logger } from '../server/logger';
import { HubConnectionClosedError, SocketClientTransport } from './socket-client-transport';
import { LineStdioServerTransport } from './stdio-transport';

const REINIT_PREFIX = 'mqtt-mcp-bridge-reinit-';

function isRequest(msg: JSONRPCMessage): msg is JSONRPCRequest {
  return 'method' in msg && 'id' in msg && msg.id !== undefined;
}

/** How the bridge reaches the hub: a fresh upstream transport per (re)connection, and its name. */
interface HubLink {
  describe: string;
  create(): Transport;
  /** True when a send error means the hub restarted (its MCP session is gone). */
  restarted(err: unknown): boolean;
}

function hubLink(config: Config): HubLink {
  const socket = hubSocketFromUrl(config.MQTT_MCP_HUB_URL);
  if (socket !== undefined) {
    return {
      describe: `unix:${socket}`,
      create: () => new SocketClientTransport(socket),
      restarted: (err) => err instanceof HubConnectionClosedError,
    };
  }
  const url = new URL('/api/mcp', config.MQTT_MCP_HUB_URL);
  // The hub labels these calls mcp-http: over HTTP it cannot tell a bridge from any other client.
  const headers: Record<string, string> = {};
  if (config.MQTT_MCP_TOKEN) headers.authorization = `Bearer ${config.MQTT_MCP_TOKEN}`;
  return {
    describe: url.origin,
    create: () => new StreamableHTTPClientTransport(url, { requestInit: { headers } }),
    restarted: (err) => {
      const status = err instanceof StreamableHTTPError ? err.code : undefined;
      return status === 404 || status === 400 || status === undefined;
    },
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
  /** Set when the hub side closed the link: the next message re-initialises first. */
  let lost = false;
  let initialize: JSONRPCRequest | undefined;
  let initialized = false;
  let reinits = 0;
  const pending = new Set<string | number>();
  const reinitWaiters = new Map<string, (msg: JSONRPCMessage) => void>();

  const replyError = (id: string | number, message: string) => {
    pending.delete(id);
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
      for (const pendingId of pending) {
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
        pending.delete(msg.id);
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
    for (const pendingId of pending) {
      if (pendingId === currentId) continue;
      replyError(pendingId, 'the mqtt-mcp hub restarted during this call; call the tool again');
    }
    const note =
      'the mqtt-mcp hub restarted: MQTT sessions opened before are gone; call mqtt_establish_connection again';
    log.warn(note);
    notifyClient(note);
  };

  const forward = async (msg: JSONRPCMessage, retry = true): Promise<void> => {
    if (isRequest(msg)) pending.add(msg.id);
    try {
      if (lost && initialized) {
        await reinitialize(msg);
      }
      const hub = upstream ?? (await open());
      await hub.send(msg);
    } catch (err) {
      if (retry && initialized && link.restarted(err)) {
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

  // Messages go out in order; a request answered over SSE does not hold up the next one.
  let queue = Promise.resolve();
  stdio.onmessage = (msg) => {
    if (isRequest(msg) && msg.method === 'initialize') initialize = msg;
    if ('method' in msg && msg.method === 'notifications/initialized') initialized = true;
    queue = queue.then(() => forward(msg));
  };
  await stdio.start();
  log.info({ mode: 'bridge', hub: link.describe }, 'mqtt-mcp stdio bridge ready');
  return async () => {
    const hub = upstream;
    upstream = undefined;
    if (hub instanceof StreamableHTTPClientTransport) {
      await hub.terminateSession().catch(() => undefined);
    }
    await hub?.close().catch(() => undefined);
    await stdio.close();
  };
}
