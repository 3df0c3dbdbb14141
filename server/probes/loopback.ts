// QoS 0/1/2 loopback: a few messages per level published one at a time on a private topic, timed back.
import { randomBytes } from 'node:crypto';
import type { LoopbackLevelFinding } from '../analysis/connection-verdict';
import { RoundTripTracker } from '../analysis/round-trip';
import { median, round } from '../analysis/stats';
import { ToolError } from '../errors';
import type { MessageLink } from '../mqtt/message-link';
import { listenForEchoes, publishProbe, type ProbeEcho } from './probe-echo';
import { sleep } from '../mqtt/sleep';

const SAMPLES_PER_LEVEL = 5;
const SAMPLE_WAIT_MS = 2000;
const MAX_CONSECUTIVE_LOST = 2;
const QOS_LEVELS = [0, 1, 2] as const;

/** What the loopback measured per QoS level. */
export interface LoopbackLevel extends LoopbackLevelFinding {
  lost: number;
  publish_errors: number;
  min_ms: number | null;
  max_ms: number | null;
  ack_median_ms: number | null;
}

/** The QoS the broker granted for the test subscription, the levels, and why it could not run. */
export interface LoopbackResult {
  grantedQos: number | null;
  levels: LoopbackLevel[];
  error?: string;
}

/** The probe being waited for: the others that come back only count in their tracker. */
interface Waiter extends ProbeEcho {
  seq: number;
  done(): void;
}

/** Publishes a few messages per QoS level, one at a time, and times each until it comes back. */
export async function runLoopback(
  link: MessageLink,
  topic: string,
  budgetMs: number,
): Promise<LoopbackResult> {
  const deadline = performance.now() + budgetMs;
  let grantedQos: number;
  try {
    grantedQos = await link.subscribe(topic, 2);
  } catch (err) {
    return { grantedQos: null, levels: [], error: ToolError.from(err).message };
  }
  const runId = randomBytes(6).toString('hex');
  let waiter: Waiter | undefined;
  const off = listenForEchoes(
    link,
    topic,
    () => waiter,
    (seq, w) => {
      if (seq === w.seq) w.done();
    },
  );
  const levels: LoopbackLevel[] = [];
  let lastError: string | undefined;
  try {
    for (const qos of QOS_LEVELS) {
      const tracker = new RoundTripTracker();
      const echo: ProbeEcho = { runId: `${runId}-q${qos}`, tracker };
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
          waiter = { ...echo, seq, done: resolve };
          timer = setTimeout(resolve, waitMs);
        });
        const published = publishProbe(link, topic, echo, seq, qos, waitMs).then((error) => {
          if (error !== undefined) lastError = error;
          else if (qos > 0) acks.push(performance.now() - sentAt);
        });
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
