// mqtt_test_connection: health check of a session or a raw connection string, with a verdict and reasons.
import { randomBytes } from 'node:crypto';
import type { IClientOptions, MqttClient } from 'mqtt';
import { z } from 'zod';
import {
  isBrokerSysTopic,
  parseBrokerFigures,
  SYS_FILTER,
  SysValues,
} from '../analysis/broker-sys';
import {
  authResultFor,
  classifyConnectFailure,
  connectionVerdict,
  type ConnectionFindings,
  type ConnectOutcome,
  type LoopbackLevelFinding,
} from '../analysis/connection-verdict';
import { decodeProbeSeq, encodeProbePayload, RoundTripTracker } from '../analysis/round-trip';
import { median, round } from '../analysis/stats';
import type { Config } from '../config';
import { ToolError } from '../errors';
import { connectError } from '../mqtt/connect-errors';
import { parseConnectionString, type BrokerAddress } from '../mqtt/connection-string';
import { loadMqtt } from '../mqtt/load-mqtt';
import type { Session } from '../mqtt/session';
import { topicMatches } from '../mqtt/topics';
import { defineTool } from './define-tool';
import { sessionIdArg } from './schemas';

const SAMPLES_PER_LEVEL = 5;
const SAMPLE_WAIT_MS = 2000;
const MAX_CONSECUTIVE_LOST = 2;
const SYS_WAIT_MS = 1500;
const SYS_FIGURES_LISTED = 40;
const CLOSE_WAIT_MS = 1000;
const QOS_LEVELS = [0, 1, 2] as const;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
const ms3 = (v: number | undefined | null) => (typeof v === 'number' ? round(v, 3) : null);

/** The few operations the loopback needs, on a session or on a temporary client. */
interface LoopbackLink {
  subscribe(filter: string, qos: 0 | 1 | 2): Promise<number>;
  unsubscribe(filter: string): Promise<void>;
  publish(topic: string, payload: Buffer, qos: 0 | 1 | 2, timeoutMs: number): Promise<void>;
  onMessage(listener: (topic: string, payload: Buffer) => void): () => void;
}

/** What the loopback measured per QoS level. */
interface LoopbackLevel extends LoopbackLevelFinding {
  lost: number;
  publish_errors: number;
  min_ms: number | null;
  max_ms: number | null;
  ack_median_ms: number | null;
}

/** How a raw connect went, with its timings (ms, monotonic). */
interface RawConnect {
  outcome: ConnectOutcome;
  error?: string;
  reasonCode?: number;
  tcpMs: number | null;
  tlsMs: number | null;
  connackMs: number | null;
  totalMs: number | null;
  client?: MqttClient;
}

function sessionLink(session: Session): LoopbackLink {
  return {
    subscribe: (filter, qos) => session.subscribe(filter, qos),
    unsubscribe: (filter) => session.unsubscribe(filter),
    publish: async (topic, payload, qos, timeoutMs) => {
      await session.publish(topic, payload, { qos, retain: false }, timeoutMs);
    },
    onMessage: (listener) => session.onMessage((m) => listener(m.topic, m.payload)),
  };
}

function clientLink(client: MqttClient, broker: string): LoopbackLink {
  return {
    subscribe: async (filter, qos) => {
      let granted: number | undefined;
      try {
        granted = (await client.subscribeAsync(filter, { qos }))[0]?.qos;
      } catch (err) {
        granted = (err as { code?: number }).code ?? 0x80;
      }
      if (granted === undefined || granted >= 0x80) {
        throw new ToolError(
          'BROKER_REJECTED',
          `${broker} refused the subscription to "${filter}"${granted !== undefined ? ` (SUBACK reason code ${granted})` : ''}; the broker's ACL may forbid it`,
        );
      }
      return granted;
    },
    unsubscribe: async () => undefined,
    publish: async (topic, payload, qos, timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          client.publishAsync(topic, payload, { qos, retain: false }),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new ToolError('TIMEOUT', `no acknowledgement within ${timeoutMs} ms`)),
              timeoutMs,
            );
          }),
        ]);
      } catch (err) {
        if (err instanceof ToolError) throw err;
        throw new ToolError(
          'BROKER_REJECTED',
          `${broker} rejected the publish to "${topic}": ${(err as Error).message}`,
        );
      } finally {
        clearTimeout(timer);
      }
    },
    onMessage: (listener) => {
      const handler = (topic: string, payload: Buffer) => listener(topic, payload);
      client.on('message', handler);
      return () => client.off('message', handler);
    },
  };
}

/** Opens a temporary client and times TCP, TLS and CONNACK; never throws. */
async function connectRaw(
  address: BrokerAddress,
  opts: { protocolVersion: 4 | 5; ca?: string; rejectUnauthorized: boolean; timeoutMs: number },
): Promise<RawConnect> {
  const mqtt = await loadMqtt();
  const tls = address.scheme === 'mqtts' || address.scheme === 'wss';
  const options: IClientOptions = {
    protocol: address.scheme,
    host: address.host,
    port: address.port,
    path: address.path,
    username: address.username,
    password: address.password,
    clientId: `mqtt-mcp-test-${randomBytes(4).toString('hex')}`,
    protocolVersion: opts.protocolVersion,
    clean: true,
    keepalive: 30,
    connectTimeout: opts.timeoutMs + 1000,
    reconnectPeriod: 0,
    resubscribe: false,
    ...(tls ? { ca: opts.ca, rejectUnauthorized: opts.rejectUnauthorized } : {}),
  };
  const client = mqtt.connect(options);
  const t0 = performance.now();
  let tcpAt: number | undefined;
  let tlsAt: number | undefined;
  const stream = client.stream as
    (NodeJS.EventEmitter & { setNoDelay?: (v: boolean) => void }) | undefined;
  stream?.once('connect', () => {
    tcpAt = performance.now();
    stream.setNoDelay?.(true);
  });
  stream?.once('secureConnect', () => {
    tlsAt = performance.now();
  });
  const result = await new Promise<RawConnect>((resolve) => {
    let settled = false;
    const timings = (connackAt?: number): Omit<RawConnect, 'outcome'> => {
      const ready = tlsAt ?? tcpAt;
      return {
        tcpMs: tcpAt === undefined ? null : tcpAt - t0,
        tlsMs: tlsAt === undefined || tcpAt === undefined ? null : tlsAt - tcpAt,
        connackMs: connackAt === undefined || ready === undefined ? null : connackAt - ready,
        totalMs: connackAt === undefined ? null : connackAt - t0,
      };
    };
    const settle = (value: RawConnect) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(
      () =>
        settle({
          outcome: 'timeout',
          error: `${address.redacted} did not answer CONNECT within ${opts.timeoutMs / 1000} s; the port may not be an MQTT broker, or the network drops packets`,
          ...timings(),
        }),
      opts.timeoutMs,
    );
    client.once('connect', () =>
      settle({ outcome: 'connected', client, ...timings(performance.now()) }),
    );
    client.on('error', (err) => {
      const mapped = connectError(err, address.redacted, opts.protocolVersion);
      const cause = (err as { code?: unknown }).code;
      settle({
        outcome: classifyConnectFailure(mapped.code, cause, err.message),
        error: mapped.message,
        reasonCode: typeof cause === 'number' ? cause : undefined,
        ...timings(),
      });
    });
    client.once('close', () =>
      setImmediate(() =>
        settle({
          outcome: 'closed',
          error: `${address.redacted} closed the connection before CONNACK; is this an MQTT port, and does it expect TLS or WebSockets?`,
          ...timings(),
        }),
      ),
    );
  });
  if (result.outcome !== 'connected') client.end(true);
  return result;
}

async function closeClient(client: MqttClient): Promise<void> {
  await Promise.race([client.endAsync(false).catch(() => undefined), sleep(CLOSE_WAIT_MS)]);
  client.end(true);
}

/** Why the loopback may not publish on this server, or undefined when it may. */
function loopbackBlocked(config: Config, topic: string): string | undefined {
  if (config.MQTT_MCP_READ_ONLY) {
    return 'this server runs read-only (MQTT_MCP_READ_ONLY), so nothing was published';
  }
  const allow = config.MQTT_MCP_PUBLISH_ALLOW;
  if (allow.length > 0 && !allow.some((f) => topicMatches(f, topic))) {
    return `the test topic is outside the publish allow-list (MQTT_MCP_PUBLISH_ALLOW); add mqtt-mcp/test/# to allow it`;
  }
  return undefined;
}

/** Publishes a few messages per QoS level, one at a time, and times each until it comes back. */
async function runLoopback(
  link: LoopbackLink,
  topic: string,
  budgetMs: number,
): Promise<{ grantedQos: number | null; levels: LoopbackLevel[]; error?: string }> {
  const deadline = performance.now() + budgetMs;
  let grantedQos: number;
  try {
    grantedQos = await link.subscribe(topic, 2);
  } catch (err) {
    return { grantedQos: null, levels: [], error: ToolError.from(err).message };
  }
  const runId = randomBytes(6).toString('hex');
  let waiter: { runId: string; seq: number; tracker: RoundTripTracker; done(): void } | undefined;
  const off = link.onMessage((t, payload) => {
    if (t !== topic || !waiter) return;
    const at = performance.now();
    const seq = decodeProbeSeq(payload, waiter.runId);
    if (seq === undefined) return;
    waiter.tracker.receive(seq, at);
    if (seq === waiter.seq) waiter.done();
  });
  const levels: LoopbackLevel[] = [];
  let lastError: string | undefined;
  try {
    for (const qos of QOS_LEVELS) {
      const levelId = `${runId}-q${qos}`;
      const tracker = new RoundTripTracker();
      const acks: number[] = [];
      let lostInRow = 0;
      for (let i = 0; i < SAMPLES_PER_LEVEL && lostInRow < MAX_CONSECUTIVE_LOST; i++) {
        const remaining = deadline - performance.now();
        if (remaining < 50) break;
        const waitMs = Math.min(SAMPLE_WAIT_MS, remaining);
        const before = tracker.received;
        const seq = tracker.send(performance.now());
        const sentAt = performance.now();
        let timer: NodeJS.Timeout | undefined;
        const arrived = new Promise<void>((resolve) => {
          waiter = { runId: levelId, seq, tracker, done: resolve };
          timer = setTimeout(resolve, waitMs);
        });
        const published = link
          .publish(topic, encodeProbePayload(levelId, seq, Date.now()), qos, waitMs)
          .then(
            () => {
              if (qos > 0) acks.push(performance.now() - sentAt);
            },
            (err: unknown) => {
              tracker.fail(seq);
              lastError = ToolError.from(err).message;
            },
          );
        await arrived;
        clearTimeout(timer);
        await Promise.race([published, sleep(deadline - performance.now())]);
        lostInRow = tracker.received > before ? 0 : lostInRow + 1;
      }
      const r = tracker.report();
      levels.push({
        qos,
        sent: r.sent,
        received: r.samples,
        lost: r.lost,
        publish_errors: r.publish_errors,
        min_ms: r.min_ms,
        median_ms: r.median_ms,
        max_ms: r.max_ms,
        ack_median_ms: acks.length > 0 ? round(median(acks), 3) : null,
      });
    }
  } finally {
    waiter = undefined;
    off();
    await link.unsubscribe(topic);
  }
  const received = levels.reduce((n, l) => n + l.received, 0);
  const errors = levels.reduce((n, l) => n + l.publish_errors, 0);
  return {
    grantedQos,
    levels,
    error:
      received === 0 && errors > 0
        ? `the broker rejected the test messages: ${lastError}`
        : undefined,
  };
}

/** Subscribes to `$SYS/broker/#` and collects figures until the key ones are in or time is up. */
function watchSys(link: LoopbackLink): {
  sys: SysValues;
  subscribed: Promise<string | undefined>;
  stop(): Promise<void>;
} {
  const sys = new SysValues();
  const off = link.onMessage((topic, payload) => {
    if (isBrokerSysTopic(topic)) sys.record(topic, payload.toString('utf8'));
  });
  const subscribed = link.subscribe(SYS_FILTER, 0).then(
    () => undefined,
    (err: unknown) => ToolError.from(err).message,
  );
  return {
    sys,
    subscribed,
    stop: async () => {
      off();
      if ((await subscribed) === undefined) await link.unsubscribe(SYS_FILTER);
    },
  };
}

async function awaitSys(sys: SysValues, startedAt: number): Promise<void> {
  const keys = ['version', 'uptime', 'clients/connected'].map(
    (k) => `${SYS_FILTER.slice(0, -1)}${k}`,
  );
  while (performance.now() - startedAt < SYS_WAIT_MS && !keys.every((k) => sys.values.has(k))) {
    await sleep(25);
  }
}

const levelSchema = z.object({
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  sent: z.number().int(),
  received: z.number().int(),
  lost: z.number().int(),
  publish_errors: z.number().int(),
  min_ms: z.number().nullable(),
  median_ms: z.number().nullable(),
  max_ms: z.number().nullable(),
  ack_median_ms: z
    .number()
    .nullable()
    .describe('Median time to PUBACK (QoS 1) or PUBCOMP (QoS 2); null for QoS 0'),
});

/** Checks a session or a connection string end to end and gives a verdict with reasons. */
export const testConnection = defineTool({
  name: 'mqtt_test_connection',
  title: 'Test connection',
  description:
    'Health check of EITHER an open session (session_id) OR a raw connection_string (a temporary client, not a session, always closed). Reports TCP/TLS connect and CONNACK times, the authentication result apart from network failures, QoS 0/1/2 loopback round trips (5 messages per level, publish to receipt, on a private topic mqtt-mcp/test/<random>: this publishes test messages), broker version/uptime/clients from $SYS when available, and a verdict (pass, warn, fail) with reasons in plain English. A failed connection is a result with verdict fail, not an error. Credentials are never echoed.',
  kind: 'query',
  annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
  input: z.strictObject({
    session_id: sessionIdArg.optional(),
    connection_string: z
      .string()
      .max(2048)
      .optional()
      .describe(
        'Broker address to test instead of a session: mqtt://, mqtts://, ws:// or wss://[user:pass@]host[:port]',
      ),
    protocol_version: z
      .union([z.literal(4), z.literal(5)])
      .optional()
      .describe('MQTT protocol for connection_string: 4 = 3.1.1, 5 = MQTT 5 (default 5)'),
    tls_ca: z
      .string()
      .max(65_536)
      .optional()
      .describe('PEM CA certificate(s) to trust (connection_string)'),
    reject_unauthorized: z
      .boolean()
      .optional()
      .describe('Verify the broker certificate (connection_string; default true)'),
    timeout_seconds: z
      .number()
      .min(1)
      .max(60)
      .default(10)
      .describe('Time allowed for CONNACK, and again for the loopback (1-60, default 10)'),
  }),
  output: z.object({
    target: z.enum(['session', 'connection_string']),
    session_id: z.string().optional(),
    broker: z.string().describe('Broker URL with the password redacted'),
    protocol_version: z.union([z.literal(4), z.literal(5)]),
    tested_at: z.string(),
    duration_seconds: z.number().describe('How long the whole test took'),
    verdict: z.enum(['pass', 'warn', 'fail']),
    reasons: z.array(z.string()),
    connection: z.object({
      outcome: z.enum([
        'connected',
        'not_connected',
        'auth_failed',
        'rejected',
        'refused',
        'dns_failed',
        'unreachable',
        'reset',
        'tls_failed',
        'timeout',
        'closed',
        'error',
      ]),
      error: z.string().optional(),
      connack_reason_code: z.number().int().optional(),
      transport: z.enum(['mqtt', 'mqtts', 'ws', 'wss']),
      tls: z.boolean(),
      tls_verified: z.boolean().nullable().describe('null without TLS'),
      tcp_connect_ms: z.number().nullable().describe('connect() to TCP up, DNS included'),
      tls_handshake_ms: z.number().nullable(),
      connack_ms: z.number().nullable().describe('Connection up (TCP or TLS) to CONNACK'),
      total_connect_ms: z.number().nullable().describe('connect() to CONNACK'),
      session_state: z.string().optional(),
      reconnects: z.number().int().optional(),
      last_error: z.string().optional(),
      note: z.string().optional(),
    }),
    authentication: z.object({
      result: z.enum(['ok', 'failed', 'not_attempted', 'unknown']),
      method: z.enum(['username_password', 'username_only', 'anonymous']),
      username: z.string().optional(),
    }),
    loopback: z.object({
      topic: z.string(),
      status: z.enum(['ok', 'partial', 'failed', 'skipped']),
      granted_qos: z.number().int().nullable(),
      levels: z.array(levelSchema),
      note: z.string().optional(),
    }),
    broker_info: z.object({
      available: z.boolean(),
      version: z.string().optional(),
      uptime_seconds: z.number().optional(),
      clients_connected: z.number().optional(),
      messages_received: z.number().optional(),
      messages_sent: z.number().optional(),
      figures: z.record(z.string(), z.string()),
      figures_not_listed: z.number().int(),
      note: z.string().optional(),
    }),
  }),
  async handler(args, ctx) {
    if ((args.session_id === undefined) === (args.connection_string === undefined)) {
      throw new ToolError(
        'INVALID_INPUT',
        args.session_id === undefined
          ? 'session_id or connection_string: give exactly one (neither was given)'
          : 'session_id and connection_string: give exactly one, not both',
        { argument: 'connection_string' },
      );
    }
    if (args.session_id !== undefined) {
      const extra = (['protocol_version', 'tls_ca', 'reject_unauthorized'] as const).find(
        (k) => args[k] !== undefined,
      );
      if (extra) {
        throw new ToolError(
          'INVALID_INPUT',
          `${extra}: applies to connection_string only; a session keeps the settings it was opened with`,
          { argument: extra },
        );
      }
    }
    const startedAt = performance.now();
    const testedAt = new Date().toISOString();
    const timeoutMs = args.timeout_seconds * 1000;
    const topic = `mqtt-mcp/test/${randomBytes(8).toString('hex')}`;
    const blocked = loopbackBlocked(ctx.config, topic);

    let address: BrokerAddress | undefined;
    let session: Session | undefined;
    let raw: RawConnect | undefined;
    let link: LoopbackLink | undefined;
    let protocolVersion: 4 | 5;
    let note: string | undefined;
    if (args.session_id !== undefined) {
      session = ctx.sessions.get(args.session_id);
      address = session.options.address;
      protocolVersion = session.options.protocolVersion;
      if (session.state === 'connected') link = sessionLink(session);
    } else {
      address = parseConnectionString(args.connection_string ?? '');
      protocolVersion = args.protocol_version ?? 5;
      const notes: string[] = [];
      if (address.clientId) {
        notes.push(
          `the client id "${address.clientId}" in the connection string was not used, so that the test cannot disconnect a live client with that id`,
        );
      }
      const tlsScheme = address.scheme === 'mqtts' || address.scheme === 'wss';
      if (!tlsScheme && (args.tls_ca !== undefined || args.reject_unauthorized !== undefined)) {
        notes.push(
          'tls_ca and reject_unauthorized apply to mqtts:// and wss:// only; they were ignored',
        );
      }
      note = notes.length > 0 ? notes.join('; ') : undefined;
      raw = await connectRaw(address, {
        protocolVersion,
        ca: args.tls_ca,
        rejectUnauthorized: args.reject_unauthorized ?? true,
        timeoutMs,
      });
      if (raw.client) link = clientLink(raw.client, address.redacted);
    }

    const tls = address.scheme === 'mqtts' || address.scheme === 'wss';
    const tlsVerified = !tls
      ? null
      : session
        ? (session.options.tls?.rejectUnauthorized ?? true)
        : (args.reject_unauthorized ?? true);
    const outcome: ConnectOutcome = raw
      ? raw.outcome
      : session?.state === 'connected'
        ? 'connected'
        : 'not_connected';
    const sysWatch = link ? watchSys(link) : undefined;
    const sysStartedAt = performance.now();
    let loop: Awaited<ReturnType<typeof runLoopback>> | undefined;
    let sysError: string | undefined;
    try {
      if (link && !blocked) loop = await runLoopback(link, topic, timeoutMs);
      if (sysWatch) {
        sysError = await sysWatch.subscribed;
        if (!sysError) await awaitSys(sysWatch.sys, sysStartedAt);
      }
    } finally {
      await sysWatch?.stop();
      if (raw?.client) await closeClient(raw.client);
    }

    const auth = authResultFor(outcome);
    const authMethod: ConnectionFindings['authMethod'] =
      address.username === undefined
        ? 'anonymous'
        : address.password === undefined
          ? 'username_only'
          : 'username_password';
    const levels = loop?.levels ?? [];
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
      grantedQos: loop?.grantedQos ?? null,
      loopback: levels,
      loopbackSkipped: outcome === 'connected' ? blocked : undefined,
      loopbackError: loop?.error,
      loopbackTimeoutMs: timeoutMs,
    });
    const sent = levels.reduce((n, l) => n + l.sent, 0);
    const received = levels.reduce((n, l) => n + l.received, 0);
    const loopbackStatus: 'ok' | 'partial' | 'failed' | 'skipped' = !loop
      ? 'skipped'
      : loop.error || received === 0
        ? 'failed'
        : received < sent
          ? 'partial'
          : 'ok';
    const sys = sysWatch?.sys;
    const figures = sys ? parseBrokerFigures(sys.values) : undefined;
    const listed = sys?.listed(SYS_FIGURES_LISTED) ?? { figures: {}, not_listed: 0 };
    const sysAvailable = (sys?.values.size ?? 0) > 0;
    return {
      target: session ? ('session' as const) : ('connection_string' as const),
      session_id: session?.id,
      broker: address.redacted,
      protocol_version: protocolVersion,
      tested_at: testedAt,
      duration_seconds: round((performance.now() - startedAt) / 1000, 3),
      verdict,
      reasons,
      connection: {
        outcome,
        error: raw?.error,
        connack_reason_code: raw?.reasonCode,
        transport: address.scheme,
        tls,
        tls_verified: tlsVerified,
        tcp_connect_ms: ms3(raw?.tcpMs),
        tls_handshake_ms: ms3(raw?.tlsMs),
        connack_ms: ms3(raw?.connackMs),
        total_connect_ms: ms3(raw?.totalMs),
        session_state: session?.state,
        reconnects: session?.stats.reconnects,
        last_error: session?.lastError,
        note: session
          ? 'the session connection was already open: connect times are not measured; test its connection_string for them'
          : note,
      },
      authentication: { result: auth, method: authMethod, username: address.username },
      loopback: {
        topic,
        status: loopbackStatus,
        granted_qos: loop?.grantedQos ?? null,
        levels,
        note: blocked ? blocked : !link ? 'not run: there is no connection' : loop?.error,
      },
      broker_info: {
        available: sysAvailable,
        version: figures?.version,
        uptime_seconds: figures?.uptime_seconds,
        clients_connected: figures?.clients_connected,
        messages_received: figures?.messages_received,
        messages_sent: figures?.messages_sent,
        figures: listed.figures,
        figures_not_listed: listed.not_listed,
        note: !link
          ? 'not read: there is no connection'
          : sysError
            ? `no broker figures: ${sysError}`
            : sysAvailable
              ? undefined
              : `the broker published nothing under ${SYS_FILTER} within ${SYS_WAIT_MS / 1000} s: it may not offer $SYS, or its ACL hides it`,
      },
    };
  },
  summarize: (out) => `${out.verdict}: ${out.broker} (${out.connection.outcome})`,
});
