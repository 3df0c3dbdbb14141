// mqtt_monitor_performance: real traffic on a filter for a window and broker $SYS figures (read-only).
import { z } from 'zod';
import { brokerFiguresReport, SYS_FILTER } from '../../analysis/broker-sys';
import { round } from '../../analysis/stats';
import { TrafficAccumulator } from '../../analysis/traffic';
import { collect } from '../../mqtt/collector';
import { sessionLink } from '../../mqtt/message-link';
import { watchSys } from '../../probes/sys-watch';
import { validateTopicFilter } from '../../mqtt/topics';
import { processMemory } from '../../metrics/process-memory';
import { defineTool, TIMED_READ } from '../kit/define-tool';
import { monitorPerformanceOutput } from './schema';
import {
  detailArg,
  durationArg,
  sessionInput,
  topicPatternArg,
  windowResult,
} from '../kit/schemas';

const SYS_FIGURES_LISTED = 100;
/** Measures real traffic and broker figures on a session (read-only). */
export const monitorPerformance = defineTool({
  name: 'mqtt_monitor_performance',
  description:
    'Measure traffic on topic_pattern: rates, top topics, payload sizes, spikes, $SYS broker figures.',
  ...TIMED_READ,
  input: sessionInput({
    topic_pattern: topicPatternArg('#'),
    duration_seconds: durationArg(10),
    include_sys: z.boolean().default(true),
    top: z.number().int().min(1).max(100).default(10),
    detail: detailArg,
  }),
  output: monitorPerformanceOutput,
  async handler(args, ctx) {
    validateTopicFilter(args.topic_pattern);
    const session = ctx.sessions.get(args.session_id);
    session.requireConnected();
    const before = { ...session.stats };
    const durationMs = args.duration_seconds * 1000;
    const link = sessionLink(session);
    const sysCovered = args.topic_pattern === '$SYS/#' || args.topic_pattern === SYS_FILTER;
    const sysWatch = args.include_sys ? watchSys(link, !sysCovered) : undefined;
    try {
      const sysError = await sysWatch?.subscribed;
      const traffic = new TrafficAccumulator(Date.now());
      const outcome = await collect(session, {
        filters: [args.topic_pattern],
        qos: 0,
        durationMs,
        signal: ctx.signal,
        onMessage(message) {
          traffic.add(message.topic, message.payload.length, message.receivedAtMs, message.retain);
        },
        onProgress: (elapsedMs) =>
          ctx.progress(
            Math.round(elapsedMs / 100) / 10,
            args.duration_seconds,
            `${traffic.count} message(s) after ${Math.round(elapsedMs / 1000)} s`,
          ),
      });
      const windowSeconds = (outcome.endedAtMs - outcome.startedAtMs) / 1000;
      const countedSeconds = (outcome.endedAtMs - traffic.originMs) / 1000;
      const report = traffic.report(outcome.endedAtMs, countedSeconds, args.top);
      const stats = session.stats;
      const replayed = report.retained_replayed.messages;
      const full = args.detail === 'full';
      const byRate = new Set(report.top_by_rate.map((r) => r.topic));
      const figures = sysWatch
        ? brokerFiguresReport(sysWatch.sys, SYS_FIGURES_LISTED, {
            error: sysError,
            missing: `the broker published nothing under ${SYS_FILTER} during the window: it may not offer $SYS, its ACL may hide it, or it publishes less often than every ${round(windowSeconds, 1)} s`,
          })
        : null;
      return {
        session_id: session.id,
        broker: session.broker,
        topic_pattern: args.topic_pattern,
        // Summary: top_by_bytes without the rows top_by_rate already has, parsed $SYS figures only.
        traffic: full
          ? report
          : { ...report, top_by_bytes: report.top_by_bytes.filter((r) => !byRate.has(r.topic)) },
        broker_figures:
          figures && !full
            ? { ...figures, figures: undefined, figures_not_listed: undefined }
            : figures,
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
      await sysWatch?.stop();
    }
  },
  summarize: (out) =>
    `${out.traffic.messages} message(s), ${out.traffic.messages_per_second}/s on ${out.topic_pattern}`,
});
