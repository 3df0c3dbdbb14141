// mqtt_test_connection: health check of a session or a raw connection string, with a verdict and reasons.
import { z } from 'zod';
import { brokerFiguresReport, SYS_FILTER, SysValues } from '../../analysis/broker-sys';
import { authMethodFor, authResultFor, connectionVerdict } from '../../analysis/connection-verdict';
import { round } from '../../analysis/stats';
import { checkLink, type LinkChecks } from '../../probes/link-checks';
import { closeClient } from '../../probes/probe-connection';
import { takeProbeSlot } from '../../probes/probe-slots';
import { defineTool, READS_BROKER } from '../kit/define-tool';
import { detailArg, protocolChoiceArg, sessionIdArg } from '../kit/schemas';
import { testConnectionOutput } from './schema';
import { resolveTarget, validateTarget } from './target';

const SYS_WAIT_MS = 1500;
const SYS_FIGURES_LISTED = 40;

const ms3 = (v: number | undefined | null) => (typeof v === 'number' ? round(v, 3) : null);

/** Checks a session or a connection string (connect, authentication, `$SYS`) and gives a verdict; publishes nothing. */
export const testConnection = defineTool({
  name: 'mqtt_test_connection',
  description:
    'Check a session or a connection_string without publishing: connect times, authentication, broker info, pass/warn/fail verdict.',
  kind: 'query',
  annotations: READS_BROKER,
  input: z.strictObject({
    session_id: sessionIdArg.optional(),
    connection_string: z.string().max(2048).optional().describe('Instead of session_id'),
    protocol_version: protocolChoiceArg.optional().describe('auto: 5, else 3.1.1 (4)'),
    tls_ca: z.string().max(65_536).optional(),
    reject_unauthorized: z.boolean().optional(),
    timeout_seconds: z.number().min(1).max(60).default(10),
    detail: detailArg.describe('full: adds the raw $SYS figures'),
  }),
  output: testConnectionOutput,
  async handler(args, ctx) {
    validateTarget(args);
    const startedAt = performance.now();
    const testedAt = new Date().toISOString();
    const timeoutMs = args.timeout_seconds * 1000;
    const target = await resolveTarget(args, ctx.sessions, timeoutMs, () =>
      takeProbeSlot(ctx.slots, ctx.config.MQTT_MCP_MAX_PROBES, ctx.log),
    );
    const { address, session, raw, link, outcome, tlsVerified } = target;
    let checks: LinkChecks | undefined;
    try {
      if (link) {
        checks = await checkLink(link, { sysWaitMs: SYS_WAIT_MS });
      }
    } finally {
      if (raw?.client) await closeClient(raw.client);
      target.release?.();
    }

    const auth = authResultFor(outcome);
    const authMethod = authMethodFor(address.username, address.password);
    const { verdict, reasons } = connectionVerdict({
      target: session ? 'session' : 'connection_string',
      broker: address.redacted,
      outcome,
      error: raw?.error ?? (outcome === 'connected' ? undefined : session?.lastError),
      auth,
      authMethod,
      connackMs: raw?.connackMs ?? null,
      tlsVerified,
      session: session && {
        state: session.state,
        reconnects: session.stats.reconnects,
        lastError: session.lastError,
      },
    });
    const info = brokerFiguresReport(checks?.sys ?? new SysValues(), SYS_FIGURES_LISTED, {
      error: checks?.sysError,
      missing: `the broker published nothing under ${SYS_FILTER} within ${SYS_WAIT_MS / 1000} s: it may not offer $SYS, or its ACL hides it`,
    });
    return {
      target: session ? ('session' as const) : ('connection_string' as const),
      session_id: session?.id,
      broker: address.redacted,
      protocol_version: target.protocolVersion,
      tested_at: testedAt,
      duration_seconds: round((performance.now() - startedAt) / 1000, 3),
      verdict,
      reasons,
      connection: {
        outcome,
        error: raw?.error,
        connack_reason_code: raw?.reasonCode,
        transport: address.scheme,
        tls: target.tls,
        tls_verified: tlsVerified,
        tcp_connect_ms: ms3(raw?.tcpMs),
        tls_handshake_ms: ms3(raw?.tlsMs),
        connack_ms: ms3(raw?.connackMs),
        total_connect_ms: ms3(raw?.totalMs),
        session_state: session?.state,
        reconnects: session?.stats.reconnects,
        last_error: session?.lastError,
        note: target.note,
      },
      authentication: { result: auth, method: authMethod, username: address.username },
      probe: 'mqtt_probe_latency' as const,
      broker_info: {
        available: info.available,
        version: info.version,
        uptime_seconds: info.uptime_seconds,
        clients_connected: info.clients_connected,
        messages_received: info.messages_received,
        messages_sent: info.messages_sent,
        ...(args.detail === 'full'
          ? { figures: info.figures, figures_not_listed: info.figures_not_listed }
          : {}),
        note: link ? info.note : 'not read: there is no connection',
      },
    };
  },
  summarize: (out) => `${out.verdict}: ${out.broker} (${out.connection.outcome})`,
});
