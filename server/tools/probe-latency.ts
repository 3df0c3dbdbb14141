// mqtt_probe_latency: round-trip latency by publishing timestamped probe messages on a private topic.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { sessionLink } from '../mqtt/message-link';
import { latencyFigures, startLatencyProbe, type LatencyProbe } from '../probes/latency-probe';
import { defineTool, TIMED_PUBLISH, type ToolContext } from './kit/define-tool';
import { durationArg, qosArg, sessionInput } from './kit/schemas';
import { assertPublishAllowed } from './kit/topic-access';

const PROBE_NOTE =
  'round trip on one connection (this client -> broker -> this client), from just before the publish to the receipt, on a monotonic clock, matched by sequence number; messages still in flight when the window closed count as lost. This client sets TCP_NODELAY on its socket; the broker must set it too (Mosquitto: set_tcp_nodelay true, off by default), otherwise Nagle and delayed ACKs may add up to 40 ms per message at high rates, which this tool cannot fix.';

const ms = z.number().nullable();

/** Waits durationMs (or until cancelled) with a progress report every second; true when cancelled. */
function waitWindow(ctx: ToolContext, durationMs: number, status: () => string): Promise<boolean> {
  return new Promise((resolve) => {
    const started = Date.now();
    const finish = (cancelled: boolean) => {
      clearInterval(ticker);
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
      resolve(cancelled);
    };
    const onAbort = () => finish(true);
    const ticker = setInterval(
      () => ctx.progress((Date.now() - started) / 1000, durationMs / 1000, status()),
      1000,
    );
    const timer = setTimeout(() => finish(false), durationMs);
    if (ctx.signal.aborted) finish(true);
    else ctx.signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Measures round-trip latency through the broker with probe messages on a private topic. */
export const probeLatency = defineTool({
  name: 'mqtt_probe_latency',
  description:
    'Publish probe messages on a private topic at QoS 0, 1 or 2; report round-trip percentiles, acknowledgement time and loss.',
  ...TIMED_PUBLISH,
  input: sessionInput({
    duration_seconds: durationArg(5),
    rate_per_second: z.number().int().min(1).max(5000).default(100),
    qos: qosArg,
  }),
  output: z.object({
    session_id: z.string(),
    topic: z.string(),
    qos: z.number().int(),
    granted_qos: z.number().int().describe('QoS the broker granted for the probe subscription'),
    rate_per_second: z.object({ requested: z.number(), achieved: z.number() }),
    sent: z.number().int(),
    samples: z.number().int(),
    lost: z.number().int(),
    duplicates: z.number().int(),
    publish_errors: z.number().int(),
    round_trip_ms: z.object({ min: ms, mean: ms, p50: ms, p95: ms, p99: ms, max: ms }),
    ack_median_ms: ms.describe('Publish to PUBACK (QoS 1) or PUBCOMP (QoS 2)'),
    duration_seconds: z.number(),
    stop_reason: z.enum(['duration', 'cancelled']),
    error: z.string().optional(),
    note: z.string(),
  }),
  async handler(args, ctx) {
    const session = ctx.sessions.get(args.session_id);
    const runId = randomBytes(6).toString('hex');
    const topic = `mqtt-mcp/probe/${session.id}/${runId}`;
    assertPublishAllowed(ctx.config, topic, 'topic');
    session.requireConnected();
    const durationMs = args.duration_seconds * 1000;
    const started = performance.now();
    const grantedQos = await session.subscribe(topic, args.qos);
    let probe: LatencyProbe | undefined;
    let cancelled = false;
    try {
      probe = startLatencyProbe(sessionLink(session), {
        topic,
        runId,
        ratePerSecond: args.rate_per_second,
        qos: args.qos,
        publishForMs: durationMs - Math.min(1000, durationMs * 0.2),
      });
      const running = probe;
      cancelled = await waitWindow(
        ctx,
        durationMs,
        () => `${running.tracker.received} probe sample(s)`,
      );
    } finally {
      probe?.stop();
      await session.unsubscribe(topic);
    }
    const figures = latencyFigures(probe);
    return {
      session_id: session.id,
      topic,
      qos: args.qos,
      granted_qos: grantedQos,
      rate_per_second: { requested: args.rate_per_second, achieved: probe.achievedRate() },
      sent: figures.sent,
      samples: figures.samples,
      lost: figures.lost,
      duplicates: figures.duplicates,
      publish_errors: figures.publish_errors,
      round_trip_ms: {
        min: figures.min_ms,
        mean: figures.mean_ms,
        p50: figures.p50_ms,
        p95: figures.p95_ms,
        p99: figures.p99_ms,
        max: figures.max_ms,
      },
      ack_median_ms: probe.ackMedianMs(),
      duration_seconds: Math.round((performance.now() - started) / 10) / 100,
      stop_reason: cancelled ? ('cancelled' as const) : ('duration' as const),
      error: probe.lastError(),
      note:
        figures.duplicates > 0
          ? `${PROBE_NOTE} ${figures.duplicates} probe message(s) arrived more than once; only the first copy counts.`
          : PROBE_NOTE,
    };
  },
  summarize: (out) =>
    `${out.samples} sample(s), p50 ${out.round_trip_ms.p50 ?? '-'} ms, p99 ${out.round_trip_ms.p99 ?? '-'} ms, ${out.lost} lost`,
});
