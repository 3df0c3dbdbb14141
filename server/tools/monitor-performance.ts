// mqtt_monitor_performance: real traffic on a filter for a window, broker $SYS figures, optional latency probe.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  isBrokerSysTopic,
  parseBrokerFigures,
  SYS_FILTER,
  SysValues,
} from '../analysis/broker-sys';
import {
  decodeProbeSeq,
  encodeProbePayload,
  probeMessagesDue,
  RoundTripTracker,
} from '../analysis/round-trip';
import { round } from '../analysis/stats';
import { TrafficAccumulator } from '../analysis/traffic';
import type { Config } from '../config';
import { ToolError } from '../errors';
import { collect } from '../mqtt/collector';
import type { Session } from '../mqtt/session';
import { topicMatches, validateTopicFilter } from '../mqtt/topics';
import { defineTool } from './define-tool';
import { durationArg, sessionIdArg, windowOutput, windowResult } from './schemas';

const SYS_FIGURES_LISTED = 100;
const PROBE_TICK_MS = 5;
const PROBE_PUBLISH_TIMEOUT_MS = 2000;
const PROBE_NOTE =
  'round trip on one connection (this client -> broker -> this client), from just before the publish to the receipt, on a monotonic clock, matched by sequence number; messages still in flight when the window closed count as lost. This client sets TCP_NODELAY on its socket; the broker must set it too (Mosquitto: set_tcp_nodelay true, off by default), otherwise Nagle and delayed ACKs may add up to 40 ms per message at high rates, which this tool cannot fix. Probe messages are left out of the traffic figures.';

const topicTrafficSchema = z.object({
  topic: z.string(),
  messages: z.number().int(),
  messages_per_second: z.number(),
  bytes: z.number().int(),
  bytes_per_second: z.number(),
  mean_size_bytes: z.number(),
});

const nullableMs = z.number().nullable();

/** A running latency probe: publishes on a timer while its listener matches what comes back. */
interface ProbeRun {
  tracker: RoundTripTracker;
  lastError(): string | undefined;
  achievedRate(): number;
  stop(): void;
}

function ensureProbeAllowed(config: Config, probeTopic: string): void {
  if (config.MQTT_MCP_READ_ONLY) {
    throw new ToolError(
      'READ_ONLY',
      'latency_probe: the probe publishes test messages, and this server runs read-only (MQTT_MCP_READ_ONLY); call again without latency_probe; nothing was sent',
      { argument: 'latency_probe' },
    );
  }
  const allow = config.MQTT_MCP_PUBLISH_ALLOW;
  if (allow.length > 0 && !allow.some((f) => topicMatches(f, probeTopic))) {
    throw new ToolError(
      'READ_ONLY',
      `latency_probe: the probe topic ${probeTopic} is outside the publish allow-list (MQTT_MCP_PUBLISH_ALLOW: ${allow.join(', ')}); add mqtt-mcp/probe/# or call again without latency_probe; nothing was sent`,
      { argument: 'latency_probe' },
    );
  }
}

function startProbe(
  session: Session,
  topic: string,
  runId: string,
  ratePerSecond: number,
  qos: 0 | 1,
  publishForMs: number,
): ProbeRun {
  const tracker = new RoundTripTracker();
  const startedAt = performance.now();
  const maxBurst = Math.max(1, Math.ceil(ratePerSecond / 20));
  let error: string | undefined;
  let sendingMs: number | undefined;
  const off = session.onMessage((message) => {
    if (message.topic !== topic) return;
    const at = performance.now();
    const seq = decodeProbeSeq(message.payload, runId);
    if (seq !== undefined) tracker.receive(seq, at);
  });
  const tick = () => {
    const elapsed = performance.now() - startedAt;
    if (elapsed >= publishForMs) {
      sendingMs ??= elapsed;
      clearInterval(timer);
      return;
    }
    const due = probeMessagesDue(elapsed, ratePerSecond, tracker.sent, maxBurst);
    for (let i = 0; i < due; i++) {
      const seq = tracker.send(performance.now());
      session
        .publish(
          topic,
          encodeProbePayload(runId, seq, Date.now()),
          { qos, retain: false },
          PROBE_PUBLISH_TIMEOUT_MS,
        )
        .catch((err: unknown) => {
          tracker.fail(seq);
          error = ToolError.from(err).message;
        });
    }
  };
  const timer = setInterval(tick, PROBE_TICK_MS);
  tick();
  return {
    tracker,
    lastError: () => error,
    achievedRate: () => {
      const ms = sendingMs ?? performance.now() - startedAt;
      return ms > 0 ? round((tracker.sent * 1000) / ms, 1) : 0;
    },
    stop: () => {
      sendingMs ??= Math.min(performance.now() - startedAt, publishForMs);
      clearInterval(timer);
      off();
    },
  };
}

function processMemory() {
  const m = process.memoryUsage();
  const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
  return {
    rss_mb: mb(m.rss),
    heap_used_mb: mb(m.heapUsed),
    heap_total_mb: mb(m.heapTotal),
    external_mb: mb(m.external),
  };
}

/** Measures real traffic, broker figures and (optionally) round-trip latency on a session. */
export const monitorPerformance = defineTool({
  name: 'mqtt_monitor_performance',
  title: 'Monitor performance',
  description:
    'Measure the real traffic on a topic filter (default #) for a window: messages/s and bytes/s overall and per second (peak, mean), the top topics by rate and by bytes, payload sizes (min/mean/p50/p95/max), spikes; broker figures from $SYS/broker/# when the broker publishes them (version, uptime, clients, message counters, load); the session counters and this process memory. Retained messages replayed on subscribe are counted apart, not as traffic. Read-only unless latency_probe is true: the probe then publishes timestamped messages on a private topic mqtt-mcp/probe/<session>/<random> at probe_rate_per_second and reports round-trip p50/p95/p99 (probe traffic is left out of the traffic figures). Sends progress every second and can be cancelled (returns what it has).',
  kind: 'query',
  timed: true,
  annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
  input: z.strictObject({
    session_id: sessionIdArg,
    topic_pattern: z
      .string()
      .max(65_535)
      .default('#')
      .describe('Topic filter to measure, wildcards allowed (default #)'),
    duration_seconds: durationArg(10),
    include_sys: z
      .boolean()
      .default(true)
      .describe('Also read the broker figures under $SYS/broker/# (default true)'),
    top: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(10)
      .describe('Topics listed by rate and by bytes (1-100, default 10)'),
    latency_probe: z
      .boolean()
      .default(false)
      .describe(
        'Publish timestamped probe messages on a private topic and measure the round trip (default false: this writes to the broker)',
      ),
    probe_rate_per_second: z
      .number()
      .int()
      .min(1)
      .max(5000)
      .default(100)
      .describe('Probe messages per second (1-5000, default 100)'),
    probe_qos: z
      .union([z.literal(0), z.literal(1)])
      .default(0)
      .describe('QoS of the probe messages, 0 or 1 (default 0)'),
  }),
  output: z.object({
    session_id: z.string(),
    broker: z.string().describe('Broker URL with the password redacted'),
    topic_pattern: z.string(),
    traffic: z.object({
      messages: z
        .number()
        .int()
        .describe('Live messages that matched (retained replays and probe messages excluded)'),
      bytes: z.number().int(),
      messages_per_second: z.number(),
      bytes_per_second: z.number(),
      per_second: z.object({
        started_at: z.string(),
        seconds: z.number().int().describe('Whole seconds in the series'),
        messages: z.array(z.number().int()),
        bytes: z.array(z.number().int()),
        peak_messages_per_second: z.number(),
        mean_messages_per_second: z.number(),
        min_messages_per_second: z.number(),
        peak_bytes_per_second: z.number(),
        mean_bytes_per_second: z.number(),
      }),
      payload_size_bytes: z
        .object({
          min: z.number(),
          mean: z.number(),
          p50: z.number(),
          p95: z.number(),
          max: z.number(),
        })
        .nullable(),
      topic_count: z.number().int(),
      top_by_rate: z.array(topicTrafficSchema),
      top_by_bytes: z.array(topicTrafficSchema),
      topics_not_listed: z.number().int(),
      topics_not_tracked: z.number().int().describe('Topics over the tracking bound, counted only'),
      spikes: z.array(z.object({ at: z.string(), messages: z.number().int(), factor: z.number() })),
      retained_replayed: z
        .object({ messages: z.number().int(), bytes: z.number().int() })
        .describe('Retained messages the broker replayed on subscribe (not traffic)'),
      probe_messages_excluded: z.number().int(),
    }),
    broker_figures: z
      .object({
        available: z.boolean(),
        version: z.string().optional(),
        uptime_seconds: z.number().optional(),
        clients_connected: z.number().optional(),
        clients_total: z.number().optional(),
        clients_maximum: z.number().optional(),
        messages_received: z.number().optional(),
        messages_sent: z.number().optional(),
        bytes_received: z.number().optional(),
        bytes_sent: z.number().optional(),
        subscriptions: z.number().optional(),
        retained_messages: z.number().optional(),
        heap_current_bytes: z.number().optional(),
        load: z
          .record(z.string(), z.number())
          .describe('Moving averages per minute under $SYS/broker/load/'),
        figures: z.record(z.string(), z.string()).describe('Latest value per $SYS topic'),
        figures_not_listed: z.number().int(),
        note: z.string().optional(),
      })
      .nullable()
      .describe('null when include_sys is false'),
    latency_probe: z
      .object({
        topic: z.string(),
        qos: z.number().int(),
        requested_rate_per_second: z.number(),
        achieved_rate_per_second: z.number(),
        sent: z.number().int(),
        samples: z.number().int(),
        lost: z.number().int(),
        duplicates: z.number().int(),
        publish_errors: z.number().int(),
        min_ms: nullableMs,
        mean_ms: nullableMs,
        p50_ms: nullableMs,
        p95_ms: nullableMs,
        p99_ms: nullableMs,
        max_ms: nullableMs,
        error: z.string().optional(),
        note: z.string(),
      })
      .nullable()
      .describe('null unless latency_probe is true'),
    session: z.object({
      state: z.string(),
      messages_received: z.number().int(),
      bytes_received: z.number().int(),
      messages_sent: z.number().int(),
      bytes_sent: z.number().int(),
      oversize_payloads: z.number().int(),
      reconnects: z.number().int(),
      messages_received_in_window: z.number().int(),
      bytes_received_in_window: z.number().int(),
      messages_sent_in_window: z.number().int(),
      last_error: z.string().optional(),
    }),
    process: z.object({
      rss_mb: z.number(),
      heap_used_mb: z.number(),
      heap_total_mb: z.number(),
      external_mb: z.number(),
    }),
    explanation: z.string().optional(),
    ...windowOutput,
  }),
  async handler(args, ctx) {
    validateTopicFilter(args.topic_pattern);
    const runId = randomBytes(6).toString('hex');
    const session = ctx.sessions.get(args.session_id);
    const probeTopic = args.latency_probe ? `mqtt-mcp/probe/${session.id}/${runId}` : undefined;
    if (probeTopic) ensureProbeAllowed(ctx.config, probeTopic);
    session.requireConnected();
    const before = { ...session.stats };
    const durationMs = args.duration_seconds * 1000;
    const sys = new SysValues();
    const offSys = args.include_sys
      ? session.onMessage((m) => {
          if (isBrokerSysTopic(m.topic)) sys.record(m.topic, m.payload.toString('utf8'));
        })
      : () => undefined;
    const held: string[] = [];
    let sysError: string | undefined;
    let probeError: string | undefined;
    let probe: ProbeRun | undefined;
    try {
      const sysCovered = args.topic_pattern === '$SYS/#' || args.topic_pattern === SYS_FILTER;
      if (args.include_sys && !sysCovered) {
        try {
          await session.subscribe(SYS_FILTER, 0);
          held.push(SYS_FILTER);
        } catch (err) {
          sysError = ToolError.from(err).message;
        }
      }
      if (probeTopic) {
        try {
          await session.subscribe(probeTopic, args.probe_qos);
          held.push(probeTopic);
          const drainMs = Math.min(1000, durationMs * 0.2);
          probe = startProbe(
            session,
            probeTopic,
            runId,
            args.probe_rate_per_second,
            args.probe_qos,
            durationMs - drainMs,
          );
        } catch (err) {
          probeError = ToolError.from(err).message;
        }
      }
      const traffic = new TrafficAccumulator(Date.now());
      let probeExcluded = 0;
      const running = probe;
      const outcome = await collect(session, {
        filters: [args.topic_pattern],
        qos: 0,
        durationMs,
        signal: ctx.signal,
        onMessage(message) {
          if (message.topic === probeTopic) probeExcluded++;
          else
            traffic.add(
              message.topic,
              message.payload.length,
              message.receivedAtMs,
              message.retain,
            );
        },
        onProgress: (elapsedMs) =>
          ctx.progress(
            Math.round(elapsedMs / 100) / 10,
            args.duration_seconds,
            `${traffic.count} message(s) after ${Math.round(elapsedMs / 1000)} s${running ? `, ${running.tracker.received} probe sample(s)` : ''}`,
          ),
      });
      probe?.stop();
      const windowSeconds = (outcome.endedAtMs - outcome.startedAtMs) / 1000;
      const countedSeconds = (outcome.endedAtMs - traffic.originMs) / 1000;
      const report = traffic.report(outcome.endedAtMs, countedSeconds, args.top);
      const stats = session.stats;
      const replayed = report.retained_replayed.messages;
      const listed = sys.listed(SYS_FIGURES_LISTED);
      const sysAvailable = sys.values.size > 0;
      const probeReport = probeFigures(probe);
      return {
        session_id: session.id,
        broker: session.broker,
        topic_pattern: args.topic_pattern,
        traffic: { ...report, probe_messages_excluded: probeExcluded },
        broker_figures: args.include_sys
          ? {
              available: sysAvailable,
              ...parseBrokerFigures(sys.values),
              figures: listed.figures,
              figures_not_listed: listed.not_listed,
              note: sysError
                ? `no broker figures: ${sysError}`
                : sysAvailable
                  ? undefined
                  : `the broker published nothing under ${SYS_FILTER} during the window: it may not offer $SYS, its ACL may hide it, or it publishes less often than every ${round(windowSeconds, 1)} s`,
            }
          : null,
        latency_probe: probeTopic
          ? {
              topic: probeTopic,
              qos: args.probe_qos,
              requested_rate_per_second: args.probe_rate_per_second,
              achieved_rate_per_second: probe?.achievedRate() ?? 0,
              ...probeReport,
              error: probeError ?? probe?.lastError(),
              note:
                probeReport.duplicates > 0
                  ? `${PROBE_NOTE} ${probeReport.duplicates} probe message(s) arrived more than once; only the first copy counts.`
                  : PROBE_NOTE,
            }
          : null,
        session: {
          state: session.state,
          messages_received: stats.messagesReceived,
          bytes_received: stats.bytesReceived,
          messages_sent: stats.messagesSent,
          bytes_sent: stats.bytesSent,
          oversize_payloads: stats.oversizePayloads,
          reconnects: stats.reconnects,
          messages_received_in_window: stats.messagesReceived - before.messagesReceived,
          bytes_received_in_window: stats.bytesReceived - before.bytesReceived,
          messages_sent_in_window: stats.messagesSent - before.messagesSent,
          last_error: session.lastError,
        },
        process: processMemory(),
        explanation:
          report.messages === 0
            ? `no live message matched ${args.topic_pattern} in ${round(windowSeconds, 1)} s${replayed > 0 ? ` (${replayed} retained message(s) were replayed on subscribe; they are stored values, not traffic)` : ''}; the pattern is valid; try a wider pattern (e.g. #) or a longer duration`
            : undefined,
        ...windowResult(outcome),
      };
    } finally {
      probe?.stop();
      offSys();
      await Promise.all(held.map((filter) => session.unsubscribe(filter)));
    }
  },
  summarize: (out) =>
    `${out.traffic.messages} message(s), ${out.traffic.messages_per_second}/s on ${out.topic_pattern}${out.latency_probe ? `, probe p50 ${out.latency_probe.p50_ms ?? '-'} ms` : ''}`,
});

function probeFigures(probe: ProbeRun | undefined) {
  const r = probe?.tracker.report() ?? new RoundTripTracker().report();
  return {
    sent: r.sent,
    samples: r.samples,
    lost: r.lost,
    duplicates: r.duplicates,
    publish_errors: r.publish_errors,
    min_ms: r.min_ms,
    mean_ms: r.mean_ms,
    p50_ms: r.p50_ms,
    p95_ms: r.p95_ms,
    p99_ms: r.p99_ms,
    max_ms: r.max_ms,
  };
}
