// Timed collection on a session: subscribe, listen for a window (stop early, cancel), unsubscribe.
import type { InboundMessage } from './inbound-message';
import { RetainedPayloads } from './retained-payloads';
import type { Outage, Session } from './session';
import { topicMatches } from './topics';

const RETAINED_MEMORY = 50_000;

/** Why a collection window ended. */
export type StopReason = 'duration' | 'max_messages' | 'cancelled' | 'session_closed';

/** Options of one collection window. */
export interface CollectOptions {
  filters: string[];
  qos: 0 | 1 | 2;
  durationMs: number;
  /** Called for each matching message; return true to stop the window. */
  onMessage(message: InboundMessage): boolean | void;
  signal?: AbortSignal;
  /** Called about every `progressEveryMs` with the elapsed time and messages matched so far. */
  onProgress?(elapsedMs: number, matched: number): void;
  progressEveryMs?: number;
}

/** What happened during a collection window. */
export interface CollectOutcome {
  startedAtMs: number;
  endedAtMs: number;
  matched: number;
  stopReason: StopReason;
  /** Periods inside the window when the session was disconnected. */
  outages: Outage[];
}

/** Runs one collection window on a session; subscriptions are always released afterwards. */
export async function collect(session: Session, opts: CollectOptions): Promise<CollectOutcome> {
  const subscribed: string[] = [];
  let matched = 0;
  let done = false;
  let resolveStop: (reason: StopReason) => void = () => undefined;
  const stopped = new Promise<StopReason>((resolve) => {
    resolveStop = resolve;
  });
  const stop = (reason: StopReason) => {
    done = true;
    resolveStop(reason);
  };
  // Another listener's SUBSCRIBE on an overlapping filter makes the broker replay retained values
  // to the whole session: a replay this window already holds is not counted again.
  const retainedSeen = new RetainedPayloads(RETAINED_MEMORY);
  const off = session.onMessage((message) => {
    if (done) return;
    // Hardening: under a flood or a big retained replay the duration timer fires late (MQTT.js
    // works through the socket backlog in one chain of ticks), so the window also ends on the
    // first message that arrives after its deadline.
    if (message.receivedAtMs >= startedAtMs + opts.durationMs) {
      stop('duration');
      return;
    }
    if (!opts.filters.some((f) => topicMatches(f, message.topic))) return;
    if (message.retain && retainedSeen.repeats(message.topic, message.payload)) return;
    matched++;
    if (opts.onMessage(message) === true) stop('max_messages');
  });
  const onAbort = () => stop('cancelled');
  const onClosed = () => stop('session_closed');
  session.once('closed', onClosed);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  // The window starts before SUBSCRIBE, so retained replays fall inside it and SUBACK time counts.
  const startedAtMs = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let ticker: NodeJS.Timeout | undefined;
  try {
    for (const filter of opts.filters) {
      // Hardening: SUBACK is awaited at most until the window ends (TIMEOUT after that), so a
      // broker that never answers SUBSCRIBE cannot hold the tool past its duration.
      const windowLeftMs = opts.durationMs - (Date.now() - startedAtMs);
      await session.subscribe(filter, opts.qos, Math.max(1, windowLeftMs));
      subscribed.push(filter);
    }
    if (opts.signal?.aborted) stop('cancelled');
    const left = Math.max(0, opts.durationMs - (Date.now() - startedAtMs));
    timer = setTimeout(() => stop('duration'), left);
    ticker = setInterval(() => {
      session.touch();
      opts.onProgress?.(Date.now() - startedAtMs, matched);
    }, opts.progressEveryMs ?? 1000);
    const stopReason = await stopped;
    const endedAtMs = Date.now();
    return {
      startedAtMs,
      endedAtMs,
      matched,
      stopReason,
      outages: session.outagesSince(startedAtMs).map((o) => ({ ...o })),
    };
  } finally {
    clearTimeout(timer);
    clearInterval(ticker);
    off();
    retainedSeen.release();
    session.off('closed', onClosed);
    opts.signal?.removeEventListener('abort', onAbort);
    // Hardening: the references are dropped at once (synchronously), but the result does not wait
    // for UNSUBACK: under a flood or a big retained replay the broker sends it behind every queued
    // message, which held the tool well past its window. Failures are ignored, as before.
    void Promise.all(subscribed.map((f) => session.unsubscribe(f))).catch(() => undefined);
    session.touch();
  }
}
