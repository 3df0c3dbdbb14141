// The public view of a session (state, broker, times, counters), shared by tools and the console.
import { z } from 'zod';
import type { Session } from '../../mqtt/session';
import type { SessionManager } from '../../mqtt/session-manager';

/** A session as tools and the console show it. */
export const sessionSummarySchema = z.object({
  session_id: z.string(),
  state: z.enum(['connecting', 'connected', 'reconnecting', 'offline', 'closed']),
  broker: z.string().describe('Broker URL with the password redacted'),
  protocol_version: z.union([z.literal(4), z.literal(5)]),
  client_id: z.string(),
  profile: z.string().optional(),
  opened_by: z.string(),
  created_at: z.string(),
  last_used_at: z.string(),
  expires_at: z.string(),
  subscriptions: z.array(z.object({ filter: z.string(), qos: z.number().int() })),
  messages_received: z.number().int(),
  bytes_received: z.number().int(),
  messages_sent: z.number().int(),
  bytes_sent: z.number().int(),
  oversize_payloads: z.number().int(),
  topics_seen: z.number().int(),
  reconnects: z.number().int(),
  last_error: z.string().optional(),
});

/** Plain data of a session summary. */
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

const iso = (ms: number) => new Date(ms).toISOString();

/** Builds the summary of one session. */
export function summarizeSession(session: Session, manager: SessionManager): SessionSummary {
  const { stats } = session;
  return {
    session_id: session.id,
    state: session.state,
    broker: session.broker,
    protocol_version: session.options.protocolVersion,
    client_id: session.clientId,
    profile: session.options.profile,
    opened_by: session.options.openedBy,
    created_at: iso(session.createdAtMs),
    last_used_at: iso(session.lastUsedAtMs),
    expires_at: iso(manager.expiresAtMs(session)),
    subscriptions: session.subscribedFilters,
    messages_received: stats.messagesReceived,
    bytes_received: stats.bytesReceived,
    messages_sent: stats.messagesSent,
    bytes_sent: stats.bytesSent,
    oversize_payloads: stats.oversizePayloads,
    topics_seen: session.inventory.size,
    reconnects: stats.reconnects,
    last_error: session.lastError,
  };
}
