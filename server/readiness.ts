// Readiness report of the hub: store, sessions and their states, uptime, version.
import type { Hub } from './hub';
import { VERSION } from './hub';

/** The readiness document served at /api/ready. */
export function readiness(hub: Hub, mcpHttpSessions: number) {
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
    mcp_http_sessions: mcpHttpSessions,
    demo_broker: hub.demo ? { url: hub.demo.url } : null,
    read_only: hub.config.MQTT_MCP_READ_ONLY,
  };
}
