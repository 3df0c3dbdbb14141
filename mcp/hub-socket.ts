// The hub's local bridge socket: MCP as newline-delimited JSON-RPC over a Unix socket, one server per connection.
//
// `docker exec -i <container> mqtt-mcp` (and any bridge on the hub's own host) reaches the hub here
// instead of through Next.js and Streamable HTTP: same registry, same sessions, same journal, caller
// `mcp-stdio-bridge`. The socket file is created 0600 in the data dir, so only the hub's own user
// can connect (as trusted as loopback); a stale file left by a killed hub is replaced, a live one
// held by another hub is left alone.
import { chmodSync, mkdirSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import type { ToolHost } from '../server/core';
import { partKey, type PartsOwner } from '../server/process-parts';
import type { Logger } from '../server/logger';
import { serveLines } from './serve-lines';
import { LineStdioServerTransport } from './stdio-transport';

/** Longest socket path most systems accept (sun_path is 104 or 108 bytes). */
const MAX_SOCKET_PATH = 100;

/** A listening bridge socket. */
export interface HubSocket {
  path: string;
  /** Open bridge connections. */
  connections(): number;
  close(): Promise<void>;
}

function inUse(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  });
}

/** Serves one bridge connection in the protocol generation its first message asks for. */
function serve(socket: Socket, host: ToolHost, maxLineBytes: number, log: Logger): void {
  const transport = new LineStdioServerTransport(socket, socket, maxLineBytes);
  socket.on('error', (err) => log.debug({ err: err.message }, 'bridge socket error'));
  const handle = serveLines(transport, host, 'mcp-stdio-bridge', {
    log,
    onclose: () => socket.destroy(),
  });
  socket.on('close', () => void handle.close());
}

/**
 * Listens on `path` for stdio bridges; undefined when the path is unusable or another hub holds it.
 * A line over `maxLineBytes` (MQTT_MCP_MAX_REQUEST_BYTES) is skipped unread and answered -32600.
 */
export async function listenHubSocket(
  path: string,
  host: ToolHost,
  log: Logger,
  maxLineBytes: number,
): Promise<HubSocket | undefined> {
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    log.warn(
      { path },
      'bridge socket path too long; local bridges must use MQTT_MCP_HUB_URL=http://…',
    );
    return undefined;
  }
  if (await inUse(path)) {
    log.warn({ path }, 'another hub already listens on the bridge socket; not taking it over');
    return undefined;
  }
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    unlinkSync(path);
  } catch {
    // No stale socket to remove.
  }
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serve(socket, host, maxLineBytes, log);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
    chmodSync(path, 0o600);
  } catch (err) {
    server.close();
    log.warn({ err, path }, 'could not open the bridge socket; local bridges must use http://');
    return undefined;
  }
  server.on('error', (err) => log.warn({ err }, 'bridge socket listener error'));
  log.info({ path }, 'bridge socket listening');
  return {
    path,
    connections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Key of the hub's bridge socket among its process parts. */
export const HUB_SOCKET_PART = partKey<HubSocket>('hub-socket');

/** Opens the hub's bridge socket once per process (from instrumentation.ts); closed with the hub. */
export async function startHubSocket(
  path: string | undefined,
  hub: ToolHost & PartsOwner & { log: Logger },
  maxLineBytes: number,
): Promise<HubSocket | undefined> {
  const open = hub.parts.find(HUB_SOCKET_PART);
  if (open || !path) return open;
  const socket = await listenHubSocket(path, hub, hub.log, maxLineBytes);
  if (!socket) return undefined;
  const kept = hub.parts.set(HUB_SOCKET_PART, socket);
  if (kept !== socket) await socket.close();
  const stop = () => void kept.close();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return kept;
}

/** The hub's bridge socket and its open connections, for readiness; null when none. */
export function hubSocketStatus(hub: PartsOwner): { path: string; connections: number } | null {
  const socket = hub.parts.find(HUB_SOCKET_PART);
  return socket ? { path: socket.path, connections: socket.connections() } : null;
}
