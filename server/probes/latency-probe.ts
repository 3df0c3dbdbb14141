// A latency probe: probe messages published at a steady rate on a private topic, timed back on arrival.
import { probeMessagesDue, RoundTripTracker } from '../analysis/round-trip';
import { median, round } from '../analysis/stats';
import type { MessageLink } from '../mqtt/message-link';
import { listenForEchoes, publishProbe, type ProbeEcho } from './probe-echo';

// A 1 ms tick spreads probes evenly: at 1,000 msg/s larger bursts queue behind themselves.
const PROBE_TICK_MS = 1;
const PROBE_PUBLISH_TIMEOUT_MS = 2000;

/** A running latency probe: publishes on a timer while its listener matches what comes back. */
export interface LatencyProbe {
  tracker: RoundTripTracker;
  lastError(): string | undefined;
  achievedRate(): number;
  /** Median publish-to-PUBACK (QoS 1) or PUBCOMP (QoS 2) time in ms; null at QoS 0 or without acks. */
  ackMedianMs(): number | null;
  stop(): void;
}

/** Where, how fast and for how long a latency probe publishes (the caller holds the subscription). */
export interface LatencyProbeOptions {
  topic: string;
  runId: string;
  ratePerSecond: number;
  qos: 0 | 1 | 2;
  publishForMs: number;
}

/** Starts publishing probe messages at once; stops sending after `publishForMs`, listening on `stop()`. */
export function startLatencyProbe(link: MessageLink, opts: LatencyProbeOptions): LatencyProbe {
  const { topic, ratePerSecond, qos, publishForMs } = opts;
  const echo: ProbeEcho = { runId: opts.runId, tracker: new RoundTripTracker() };
  const { tracker } = echo;
  const startedAt = performance.now();
  const maxBurst = Math.max(1, Math.ceil(ratePerSecond / 20));
  let error: string | undefined;
  const acks: number[] = [];
  let sendingMs: number | undefined;
  const off = listenForEchoes(link, topic, () => echo);
  const tick = () => {
    const elapsed = performance.now() - startedAt;
    if (elapsed >= publishForMs) {
      sendingMs ??= elapsed;
      clearInterval(timer);
      return;
    }
    const due = probeMessagesDue(elapsed, ratePerSecond, tracker.sent, maxBurst);
    for (let i = 0; i < due; i++) {
      const sentAt = performance.now();
      const seq = tracker.send(sentAt);
      publishProbe(link, topic, echo, seq, qos, PROBE_PUBLISH_TIMEOUT_MS).then((e) => {
        if (e !== undefined) error = e;
        else if (qos > 0) acks.push(performance.now() - sentAt);
      });
    }
  };
  const timer = setInterval(tick, PROBE_TICK_MS);
  tick();
  return {
    tracker,
    lastError: () => error,
    ackMedianMs: () => (acks.length > 0 ? round(median(acks), 3) : null),
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

/** The round-trip figures of a probe as the tool reports them (all zero and null without one). */
export function latencyFigures(probe: LatencyProbe | undefined) {
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
