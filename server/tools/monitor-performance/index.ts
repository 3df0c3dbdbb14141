// mqtt_monitor_performance: real traffic on a filter for a window, broker $SYS figures, optional latency probe.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { brokerFiguresReport, SYS_FILTER } from '../../analysis/broker-sys';
import { round } from '../../analysis/stats';
import { TrafficAccumulator } from '../../analysis/traffic';
import type { Config } from '../../config';
import { ToolError } from '../../errors';
import { collect } from '../../mqtt/collector';
import { latencyFigures, startLatencyProbe, type LatencyProbe } from '../../probes/latency-probe';
import { sessionLink } from '../../mqtt/message-link';
import { publishRefusal } from '../../mqtt/publish-policy';
import { watchSys } from '../../probes/sys-watch';
import { validateTopicFilter } from '../../mqtt/topics';
import { processMemory } from '../../metrics/process-memory';
import { defineTool } from '../kit/define-tool';
import { monitorPerformanceOutput } from './schema';
import { durationArg, sessionIdArg, windowResult } from '../kit/schemas';

const SYS_FIGURES_LISTED = 100;
const PROBE_NOTE =
  'round trip on one connection (this client -> broker -> this client), from just before the publish to the receipt, on a monotonic clock, matched by sequence number; messages still in flight when the window closed count as lost. This client sets TCP_NODELAY on its socket; the broker must set it too (Mosquitto: set_tcp_nodelay true, off by default), otherwise Nagle and delayed ACKs may add up to 40 ms per message at high rates, which this tool cannot fix. Probe messages are left out of the traffic figures.';

/** Refuses a latency probe the server may not publish (read-only, allow-list): nothing is sent. */
function ensureProbeAllowed(config: Config, probeTopic: string): void {
  const refusal = publishRefusal(config, probeTopic);
  if (refusal === 'read_only') {
    throw new ToolError(
      'READ_ONLY',
      'latency_probe: the probe publishes test messages, and this server runs read-only (MQTT_MCP_READ_ONLY); call again without latency_probe; nothing was sent',
      { argument: 'latency_probe' },
    );
  }
  if (refusal === 'allow_list') {
    throw new ToolError(
      'READ_ONLY',
      `latency_probe: the probe topic ${probeTopic} is outside the publish allow-list (MQTT_MCP_PUBLISH_ALLOW: ${config.MQTT_MCP_PUBLISH_ALLOW.join(', ')}); add mqtt-mcp/probe/# or call again without latency_probe; nothing was sent`,
      { argument: 'latency_probe' },
    );
  }
}

/** Measures real traffic, broker figures and (optionally) round-trip latency on a session. */
export const monitorPerformance = defineTool({
  name: 'mqtt_monitor_performance',
  title: 'Monitor performance',
  description:
    'Measure traffic on topic_pattern for a window: message and byte rates (mean, peak), top topics, payload sizes, spikes, and $SYS broker figures when published. Replayed retained messages are counted apart. Round-trip latency: mqtt_probe_latency.',
  kind: 'query',
  timed: true,
  annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
  input: z.strictObject({
    session_id: sessionIdArg,
    topic_pattern: z.string().max(65_535).default('#'),
    duration_seconds: durationArg(10),
    include_sys: z.boolean().default(true),
    top: z.number().int().min(1).max(100).default(10),
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
  output: monitorPerformanceOutput,
  async handler(args, ctx) {
    validateTopicFilter(args.topic_pattern);
    const runId = randomBytes(6).toString('hex');
    const session = ctx.sessions.get(args.session_id);
    const probeTopic = args.latency_probe ? `mqtt-mcp/probe/${session.id}/${runId}` : undefined;
    if (probeTopic) ensureProbeAllowed(ctx.config, probeTopic);
    session.requireConnected();
    const before = { ...session.stats };
    const durationMs = args.duration_seconds * 1000;
    const link = sessionLink(session);
    const sysCovered = args.topic_pattern === '$SYS/#' || args.topic_pattern === SYS_FILTER;
    const sysWatch = args.include_sys ? watchSys(link, !sysCovered) : undefined;
    let probeHeld = false;
    let probeError: string | undefined;
    let probe: LatencyProbe | undefined;
    try {
      const sysError = await sysWatch?.subscribed;
      if (probeTopic) {
        try {
          await session.subscribe(probeTopic, args.probe_qos);
          probeHeld = true;
          const drainMs = Math.min(1000, durationMs * 0.2);
          probe = startLatencyProbe(link, {
            topic: probeTopic,
            runId,
            ratePerSecond: args.probe_rate_per_second,
            qos: args.probe_qos,
            publishForMs: durationMs - drainMs,
          });
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
      const probeReport = latencyFigures(probe);
      return {
        session_id: session.id,
        broker: session.broker,
        topic_pattern: args.topic_pattern,
        traffic: { ...report, probe_messages_excluded: probeExcluded },
        broker_figures: sysWatch
          ? brokerFiguresReport(sysWatch.sys, SYS_FIGURES_LISTED, {
              error: sysError,
              missing: `the broker published nothing under ${SYS_FILTER} during the window: it may not offer $SYS, its ACL may hide it, or it publishes less often than every ${round(windowSeconds, 1)} s`,
            })
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
      await Promise.all([
        sysWatch?.stop(),
        probeTopic && probeHeld ? session.unsubscribe(probeTopic) : undefined,
      ]);
    }
  },
  summarize: (out) =>
    `${out.traffic.messages} message(s), ${out.traffic.messages_per_second}/s on ${out.topic_pattern}${out.latency_probe ? `, probe p50 ${out.latency_probe.p50_ms ?? '-'} ms` : ''}`,
});
