// Readiness report of the hub: store, sessions and their states, uptime, version.
import type { Hub } from './hub';
import { VERSION } from './hub';
import { writeTier } from './tools/kit/topic-access';

/** What the MCP adapters report about their open connections. */
export interface TransportCounts {
  mcpHttpSessions: number;
  /** Open connections on the local bridge socket; null when the hub has none. */
  bridgeSocketConnections: number | null;
}

/** The readiness document served at /api/ready. */
export function readiness(hub: Hub, transports: TransportCounts) {
  const sessions = hub.core.sessions.list().map((s) => ({
    session_id: s.id,
    state: s.state,
    broker: s.broker,
  }));
  const storeOk = Boolean(hub.store?.isOpen());
  return {
    status: storeOk ? ('ready' as const) : ('degraded' as const),
    version: VERSION,
    uptime_seconds: Math.round((Date.now() - hub.startedAtMs) / 1000),
    store: storeOk ? { open: true } : { open: false, error: hub.storeError ?? 'closed' },
    sessions,
    mcp_http_sessions: transports.mcpHttpSessions,
    bridge_socket:
      transports.bridgeSocketConnections === null
        ? null
        : { listening: true, connections: transports.bridgeSocketConnections },
    demo_broker: hub.demo ? { url: hub.demo.url } : null,
    read_only: writeTier(hub.config) === 'read-only',
  };
}
