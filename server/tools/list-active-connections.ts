// mqtt_list_active_connections: every live session with its state and counters.
import { z } from 'zod';
import { defineTool, READS_HUB } from './kit/define-tool';
import { sessionSummarySchema, summarizeSession } from './kit/session-summary';

/** Lists the live sessions. */
export const listActiveConnections = defineTool({
  name: 'mqtt_list_active_connections',
  description: 'List open sessions with state, broker and counters.',
  kind: 'query',
  annotations: READS_HUB,
  input: z.strictObject({}),
  output: z.object({
    sessions: z.array(sessionSummarySchema),
    count: z.number().int(),
    max_sessions: z.number().int(),
    session_ttl_seconds: z.number().int(),
    demo_broker: z
      .string()
      .optional()
      .describe(
        'URL of the built-in demo broker while it runs; mqtt_establish_connection with no address connects to it unless MQTT_MCP_DEFAULT_BROKER is set',
      ),
    note: z.string().optional(),
  }),
  async handler(_args, ctx) {
    const sessions = ctx.sessions
      .list()
      .map((s) => summarizeSession(s, ctx.sessions))
      .sort((a, b) => a.created_at.localeCompare(b.created_at));
    return {
      sessions,
      count: sessions.length,
      max_sessions: ctx.config.MQTT_MCP_MAX_SESSIONS,
      session_ttl_seconds: ctx.config.MQTT_MCP_SESSION_TTL_SECONDS,
      demo_broker: ctx.demoBrokerUrl,
      note:
        sessions.length === 0
          ? `no open session; call mqtt_establish_connection to open one${ctx.demoBrokerUrl && !ctx.config.MQTT_MCP_DEFAULT_BROKER ? ' (with no address it connects to the demo broker)' : ''}`
          : undefined,
    };
  },
  summarize: (out) => `${out.count} session(s)`,
});
