// mqtt_establish_connection: opens a session holding one live broker connection.
import { z } from 'zod';
import { ToolError } from '../errors';
import { parseConnectionString, type BrokerAddress } from '../mqtt/connection-string';
import { DEFAULT_PAYLOAD_PREVIEW_BYTES } from '../mqtt/payload';
import type { TlsMaterial } from '../mqtt/session';
import { defineTool, type ToolContext } from './kit/define-tool';
import { protocolChoiceArg } from './kit/schemas';
import { summarizeSession } from './kit/session-summary';

const input = z.strictObject({
  connection_string: z
    .string()
    .max(2048)
    .optional()
    .describe('mqtt(s)://, ws(s)://[user:pass@]host[:port]'),
  profile: z.string().max(100).optional(),
  protocol_version: protocolChoiceArg.default('auto').describe('auto: 5, else 3.1.1 (4)'),
  client_id: z.string().min(1).max(256).optional(),
  keepalive_seconds: z.number().int().min(0).max(65_535).default(60),
  clean: z.boolean().default(true),
  connect_timeout_seconds: z.number().min(1).max(300).optional(),
  tls_ca: z.string().max(65_536).optional(),
  tls_cert: z.string().max(65_536).optional(),
  tls_key: z.string().max(65_536).optional(),
  reject_unauthorized: z.boolean().default(true),
});

const DEMO_NOTE =
  'no address given: connected to the built-in demo broker (simulated devices under demo/#)';

function resolveTarget(
  args: z.output<typeof input>,
  ctx: ToolContext,
): {
  address: BrokerAddress;
  profile?: string;
  tls?: TlsMaterial;
  clientId?: string;
  version?: 4 | 5;
  note?: string;
} {
  if (args.connection_string && args.profile) {
    throw new ToolError('INVALID_INPUT', 'give either connection_string or profile, not both', {
      argument: 'profile',
    });
  }
  if (args.profile) {
    const profile = ctx.profiles?.resolve(args.profile);
    if (!profile) {
      const known = ctx.profiles?.names() ?? [];
      throw new ToolError(
        'NOT_FOUND',
        `profile: no saved broker profile named "${args.profile}"${known.length ? ` (saved: ${known.join(', ')})` : ' (none saved)'}`,
        { argument: 'profile' },
      );
    }
    const parsed = parseConnectionString(profile.connectionString);
    const address: BrokerAddress = {
      ...parsed,
      username: profile.username ?? parsed.username,
      password: profile.password ?? parsed.password,
    };
    return {
      address,
      profile: profile.name,
      tls: profile.tls,
      clientId: profile.clientId,
      version: profile.protocolVersion,
    };
  }
  const target = args.connection_string ?? ctx.config.MQTT_MCP_DEFAULT_BROKER;
  if (target) return { address: parseConnectionString(target) };
  if (ctx.demoBrokerUrl) {
    return { address: parseConnectionString(ctx.demoBrokerUrl), note: DEMO_NOTE };
  }
  throw new ToolError(
    'INVALID_INPUT',
    'connection_string: required (no profile given, no default broker configured in MQTT_MCP_DEFAULT_BROKER, and the built-in demo broker is not running)',
    { argument: 'connection_string' },
  );
}

/** Opens a session with a live connection. */
export const establishConnection = defineTool({
  name: 'mqtt_establish_connection',
  description:
    'Connect to a broker (URL, saved profile or default); returns the session_id other tools take.',
  kind: 'mutation',
  annotations: { readOnlyHint: false, idempotentHint: false, openWorldHint: true },
  input,
  output: z.object({
    session_id: z.string(),
    broker: z.string().describe('Broker URL with the password redacted'),
    protocol_version: z.union([z.literal(4), z.literal(5)]).describe('The protocol in use'),
    protocol_note: z
      .string()
      .optional()
      .describe('Why the protocol differs from MQTT 5, if it does'),
    client_id: z.string(),
    profile: z.string().optional(),
    connected_in_ms: z.number(),
    expires_at: z.string().describe('When the session expires if left unused'),
    note: z.string().optional(),
  }),
  async handler(args, ctx) {
    const target = resolveTarget(args, ctx);
    const hasTls = args.tls_ca || args.tls_cert || args.tls_key || !args.reject_unauthorized;
    if ((args.tls_cert && !args.tls_key) || (args.tls_key && !args.tls_cert)) {
      throw new ToolError('INVALID_INPUT', 'tls_cert and tls_key must be given together', {
        argument: args.tls_cert ? 'tls_key' : 'tls_cert',
      });
    }
    const tls: TlsMaterial | undefined = hasTls
      ? {
          ca: args.tls_ca,
          cert: args.tls_cert,
          key: args.tls_key,
          rejectUnauthorized: args.reject_unauthorized,
        }
      : target.tls;
    const version = target.version ?? args.protocol_version;
    const started = performance.now();
    const session = await ctx.sessions.open({
      address: target.address,
      protocolVersion: version,
      clientId: args.client_id ?? target.address.clientId ?? target.clientId,
      keepaliveSeconds: args.keepalive_seconds,
      clean: args.clean,
      connectTimeoutMs:
        (args.connect_timeout_seconds ?? ctx.config.MQTT_MCP_CONNECT_TIMEOUT_SECONDS) * 1000,
      tls,
      profile: target.profile,
      openedBy: ctx.caller,
      previewBytes: DEFAULT_PAYLOAD_PREVIEW_BYTES,
      maxPayloadBytes: ctx.config.MQTT_MCP_MAX_PAYLOAD_BYTES,
      signal: ctx.signal,
    });
    const summary = summarizeSession(session, ctx.sessions);
    return {
      session_id: session.id,
      broker: session.broker,
      protocol_version: session.options.protocolVersion,
      protocol_note: session.protocolNote,
      client_id: session.clientId,
      profile: target.profile,
      connected_in_ms: Math.round((performance.now() - started) * 100) / 100,
      expires_at: summary.expires_at,
      note: target.note,
    };
  },
  summarize: (out) => `session ${out.session_id} to ${out.broker}`,
});
