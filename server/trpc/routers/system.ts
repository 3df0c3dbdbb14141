// Console procedures about this server: readiness, MCP setup (token, URLs), demo broker control.
import { consoleProcedure, router } from '../init';
import { readiness } from '../../readiness';
import { VERSION } from '../../hub';
import { hubSocketPath } from '../../config';
import { ToolError } from '../../errors';
import { toTrpcError } from '../tool-error';

/** Server information and the demo broker. */
export const systemRouter = router({
  ready: consoleProcedure.query(({ ctx }) =>
    readiness(ctx.hub, { mcpHttpSessions: 0, bridgeSocketConnections: null }),
  ),
  mcpSetup: consoleProcedure.query(({ ctx }) => ({
    token: ctx.hub.token,
    version: VERSION,
    read_only: ctx.hub.config.MQTT_MCP_READ_ONLY,
    port: ctx.hub.config.PORT,
    socket_path: hubSocketPath(ctx.hub.config) ?? null,
  })),
  demoStatus: consoleProcedure.query(({ ctx }) =>
    ctx.hub.demo
      ? { running: true as const, url: ctx.hub.demo.url, ...ctx.hub.demo.stats() }
      : { running: false as const },
  ),
  connectDemo: consoleProcedure.mutation(async ({ ctx }) => {
    try {
      return await ctx.hub.connectDemo('console');
    } catch (err) {
      if (!(err instanceof ToolError)) ctx.hub.log.error({ err }, 'demo connect failed');
      throw toTrpcError(ToolError.from(err));
    }
  }),
  stopDemo: consoleProcedure.mutation(async ({ ctx }) => {
    await ctx.hub.stopDemo();
    return { running: false as const };
  }),
});
