// mqtt_close_connection: disconnects a session cleanly and frees everything it held.
import { z } from 'zod';
import { defineTool } from './kit/define-tool';
import { sessionIdArg } from './kit/schemas';

/** Closes one session. */
export const closeConnection = defineTool({
  name: 'mqtt_close_connection',
  description: 'Disconnect a session.',
  kind: 'mutation',
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  input: z.strictObject({ session_id: sessionIdArg }),
  output: z.object({
    session_id: z.string(),
    broker: z.string(),
    closed_at: z.string(),
    messages_received: z.number().int(),
    messages_sent: z.number().int(),
  }),
  async handler(args, ctx) {
    const session = await ctx.sessions.close(args.session_id);
    return {
      session_id: session.id,
      broker: session.broker,
      closed_at: new Date().toISOString(),
      messages_received: session.stats.messagesReceived,
      messages_sent: session.stats.messagesSent,
    };
  },
  summarize: (out) => `closed ${out.session_id}`,
});
