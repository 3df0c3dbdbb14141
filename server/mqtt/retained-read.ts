// Reads the value a broker retains on one topic: a short subscription to that exact topic.
import { collect } from './collector';
import type { InboundMessage } from './inbound-message';
import type { Session } from './session';

/** How long a read waits for the broker's retained copy after subscribing, by default. */
export const RETAINED_WAIT_MS = 1000;

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
  let found: InboundMessage | undefined;
  await collect(session, {
    filters: [topic],
    qos: 0,
    durationMs: waitMs,
    signal,
    onMessage: (message) => {
      if (!message.retain || message.topic !== topic) return false;
      found = message;
      return true;
    },
  });
  return found;
}
