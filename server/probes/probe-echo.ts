// Probe messages on a private topic: publishing one by sequence number and matching what comes back.
import { decodeProbeSeq, encodeProbePayload, type RoundTripTracker } from '../analysis/round-trip';
import { ToolError } from '../errors';
import type { MessageLink } from '../mqtt/message-link';

/** The run a probe message belongs to and the tracker that times it. */
export interface ProbeEcho {
  runId: string;
  tracker: RoundTripTracker;
}

/**
 * Listens on `topic` and hands each probe of the current run (as `current()` gives it, or none)
 * to its tracker on arrival, then to `onEcho`; returns a function that stops listening.
 */
export function listenForEchoes<E extends ProbeEcho>(
  link: MessageLink,
  topic: string,
  current: () => E | undefined,
  onEcho?: (seq: number, echo: E) => void,
): () => void {
  return link.onMessage((t, payload) => {
    if (t !== topic) return;
    const echo = current();
    if (!echo) return;
    const at = performance.now();
    const seq = decodeProbeSeq(payload, echo.runId);
    if (seq === undefined) return;
    echo.tracker.receive(seq, at);
    onEcho?.(seq, echo);
  });
}

/**
 * Publishes probe `seq` of a run (sent at once, timestamped now); resolves with undefined once
 * acknowledged, or with the error message after marking the probe failed in its tracker.
 */
export function publishProbe(
  link: MessageLink,
  topic: string,
  echo: ProbeEcho,
  seq: number,
  qos: 0 | 1 | 2,
  timeoutMs: number,
): Promise<string | undefined> {
  return link.publish(topic, encodeProbePayload(echo.runId, seq, Date.now()), qos, timeoutMs).then(
    () => undefined,
    (err: unknown) => {
      echo.tracker.fail(seq);
      return ToolError.from(err).message;
    },
  );
}
