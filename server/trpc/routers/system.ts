// Console procedures about this server: readiness, MCP setup (token, URLs), demo broker control.
import { consoleProcedure, router } from '../init';
import { readiness } from '../../readiness';
import { VERSION } from '../../hub';
import { hubSocketPath, type Config } from '../../config';
import { installLocation, type InstallLocation } from '../../install-location';
import { ToolError } from '../../errors';
import { toTrpcError } from '../tool-error';
import { accessSummary, writeTier } from '../../tools/kit/topic-access';

function tokenFile(config: Config): string {
  return config.MQTT_MCP_TOKEN
    ? "MQTT_MCP_TOKEN in the hub's environment"
    : `${config.MQTT_MCP_DATA_DIR.replace(/\/+$/, '')}/token`;
}

let location: InstallLocation | undefined;

/** Server information and the demo broker. */
export const systemRouter = router({
  ready: consoleProcedure.query(({ ctx }) =>
    readiness(ctx.hub, { mcpHttpSessions: 0, bridgeSocketConnections: null }),
  ),
  mcpSetup: consoleProcedure.query(({ ctx }) => ({
    // Only to callers that hold the token already or sit on this machine: an authenticating proxy
    // (MQTT_MCP_TRUSTED_PROXY) lets its users use the console, not obtain the MCP credential.
    token: ctx.via === 'proxy' ? null : ctx.hub.token,
    token_hint:
      ctx.via === 'proxy'
        ? `the token is not shown through the proxy: read ${tokenFile(ctx.hub.config)} on the hub's host (for a container: docker exec <container> cat ${tokenFile(ctx.hub.config)})`
        : null,
    version: VERSION,
    read_only: writeTier(ctx.hub.config) === 'read-only',
    port: ctx.hub.config.PORT,
    socket_path: hubSocketPath(ctx.hub.config) ?? null,
    // Paths of the machine only to callers that may see the token (not through the proxy).
    install: (() => {
      location ??= installLocation();
      return ctx.via === 'proxy' ? { ...location, checkout: null, bin: null } : location;
    })(),
  })),
  /** The write tier and topic lists in force (the console's header badge). */
  access: consoleProcedure.query(({ ctx }) => accessSummary(ctx.hub.config)),
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
