// Serves one line connection (stdio, or a bridge on the hub socket) in either protocol generation.
import type { Server, Transport } from '@modelcontextprotocol/server';
import { serveStdio, type StdioServerHandle } from '@modelcontextprotocol/server/stdio';
import type { ToolHost } from '../server/core';
import type { Logger } from '../server/logger';
import type { Caller } from '../server/tools/kit/define-tool';
import { cancelledIdOf, listenRequestOf, TappedTransport } from './listen-tap';
import { ResourceWatcher, watcherFor } from './resource-watch';
import { createMcpServer } from './server';
import type { Era } from './tool-results';
import { UriSubscriptions } from './uri-subscriptions';

/** Options of one served connection. */
export interface ServeLinesOptions {
  log: Logger;
  /** Called once when the connection ends (the peer closed, or the handle was closed). */
  onclose?(): void;
  /** Called with each server instance the connection creates (its era decided by the opening). */
  onServer?(server: Server, era: Era): void;
}

/**
 * Serves the connection with `serveStdio`: the opening message picks the generation (`initialize`
 * = 2025-11-25, an enveloped request = 2026-07-28) and one server is pinned for the connection. The
 * URIs named by 2026 `subscriptions/listen` requests are watched while their listen is open; each
 * change goes out through the pinned server, which serveStdio routes onto the matching streams.
 */
export function serveLines(
  wire: Transport,
  host: ToolHost,
  caller: Caller,
  options: ServeLinesOptions,
): StdioServerHandle {
  let modern: Server | undefined;
  const listens = new UriSubscriptions(watcherFor(host), (uri) => {
    void modern?.sendResourceUpdated({ uri }).catch(() => undefined);
  });
  const tap = new TappedTransport(wire, {
    inbound: (message) => {
      const listen = listenRequestOf(message);
      if (listen) {
        try {
          listens.add(listen.id, listen.uris.filter(ResourceWatcher.watchable));
        } catch (err) {
          options.log.warn({ err: (err as Error).message }, 'resource watch refused');
        }
        return;
      }
      const cancelled = cancelledIdOf(message);
      if (cancelled !== undefined) listens.remove(cancelled);
    },
    closed: () => {
      listens.clear();
      options.onclose?.();
    },
  });
  return serveStdio(
    ({ era }) => {
      const server = createMcpServer(host, caller, era);
      if (era === 'modern') modern = server;
      options.onServer?.(server, era);
      return server;
    },
    {
      transport: tap,
      onerror: (err) => options.log.debug({ err: err.message }, 'mcp connection error'),
    },
  );
}
