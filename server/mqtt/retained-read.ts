// Reads the values a broker retains on a topic or under a filter: a short subscription.
import { collect } from './collector';
import type { InboundMessage } from './inbound-message';
import type { Session } from './session';

/** How long a read waits for the broker's retained copy after subscribing, by default. */
export const RETAINED_WAIT_MS = 1000;

/**
 * The retained (non-empty) messages under `filter`, one per topic, sorted by topic, read for
 * `waitMs` at QoS 2 (the broker delivers min(its QoS, ours), so each message's own QoS shows);
 * `truncated` when `max` were found and the read stopped there.
 */
export async function readRetainedUnder(
  session: Session,
  filter: string,
  waitMs: number,
  opts: { max: number; signal?: AbortSignal },
): Promise<{ messages: InboundMessage[]; truncated: boolean }> {
  const found = new Map<string, InboundMessage>();
  await collect(session, {
    filters: [filter],
    qos: 2,
    durationMs: waitMs,
    signal: opts.signal,
    onMessage: (message) => {
      if (!message.retain || message.payload.length === 0 || found.has(message.topic)) return;
      found.set(message.topic, message);
      return found.size >= opts.max;
    },
  });
  const messages = [...found.values()].sort((a, b) => (a.topic < b.topic ? -1 : 1));
  return { messages, truncated: found.size >= opts.max };
}

/**
 * The retained message of `topic` (a topic name, no wildcards), or undefined when the broker sends
 * none within `waitMs`. Throws the session's ToolError when it cannot subscribe.
 */
export async function readRetained(
  session: Session,
  topic: string,
  waitMs = RETAINED_WAIT_MS,
  signal?: AbortSignal,
): Promise<InboundMessage | undefined> {
  return (await readRetainedUnder(session, topic, waitMs, { max: 1, signal })).messages[0];
}
