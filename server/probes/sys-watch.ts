// Reads broker figures over a link: listens to `$SYS/broker/#` (subscribing unless already covered).
import { isBrokerSysTopic, SYS_FILTER, SysValues } from '../analysis/broker-sys';
import { ToolError } from '../errors';
import type { MessageLink } from '../mqtt/message-link';
import { sleep } from '../mqtt/sleep';

const KEY_FIGURES = ['version', 'uptime', 'clients/connected'].map(
  (k) => `${SYS_FILTER.slice(0, -1)}${k}`,
);

/** A running `$SYS` read: the values so far, how the subscription went, and how to end it. */
export interface SysWatch {
  sys: SysValues;
  /** Resolves with the reason the subscription failed, or undefined when it holds (or was not needed). */
  subscribed: Promise<string | undefined>;
  /** Stops listening and drops the subscription if it holds. */
  stop(): Promise<void>;
}

/**
 * Collects `$SYS/broker/` values arriving on the link; subscribes to `$SYS/broker/#` unless
 * `subscribe` is false (the caller's own subscription already covers it).
 */
export function watchSys(link: MessageLink, subscribe = true): SysWatch {
  const sys = new SysValues();
  const off = link.onMessage((topic, payload) => {
    if (isBrokerSysTopic(topic)) sys.record(topic, payload.toString('utf8'));
  });
  let held = false;
  const subscribed = subscribe
    ? link.subscribe(SYS_FILTER, 0).then(
        () => {
          held = true;
          return undefined;
        },
        (err: unknown) => ToolError.from(err).message,
      )
    : Promise.resolve(undefined);
  return {
    sys,
    subscribed,
    stop: async () => {
      off();
      // Known to hold: UNSUBSCRIBE goes out at once, in the order the caller stops things.
      if (!held) await subscribed;
      if (held) await link.unsubscribe(SYS_FILTER);
    },
  };
}

/** Waits until the key figures (version, uptime, clients) are in, or `waitMs` after `startedAt`. */
export async function awaitKeyFigures(
  sys: SysValues,
  startedAt: number,
  waitMs: number,
): Promise<void> {
  while (performance.now() - startedAt < waitMs && !KEY_FIGURES.every((k) => sys.values.has(k))) {
    await sleep(25);
  }
}
