// Console procedures on sessions: list (with live state) and close.
import { z } from 'zod';
import { summarizeSession } from '../../tools/kit/session-summary';
import { consoleProcedure, router } from '../init';
import { toTrpcError } from '../tool-error';
import { ToolError } from '../../errors';

/** Sessions of every caller. */
export const sessionsRouter = router({
  list: consoleProcedure.query(({ ctx }) =>
    ctx.hub.core.sessions.list().map((s) => summarizeSession(s, ctx.hub.core.sessions)),
  ),
  close: consoleProcedure
    .input(z.object({ session_id: z.string().min(1) }))
    .mutation(async ({ ctx, input }) => {
      const outcome = await ctx.hub.callTool('mqtt_close_connection', input, { caller: 'console' });
      if (!outcome.ok)
        throw toTrpcError(outcome.error ?? new ToolError('INTERNAL', 'close failed'));
      return outcome.data;
    }),
});
