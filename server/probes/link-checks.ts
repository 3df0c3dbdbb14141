// The checks a connection test runs over a live link: the QoS loopback while the broker's $SYS is read.
import type { SysValues } from '../analysis/broker-sys';
import { runLoopback, type LoopbackResult } from './loopback';
import type { MessageLink } from '../mqtt/message-link';
import { awaitKeyFigures, watchSys } from './sys-watch';

/** What the checks found: the loopback (when it ran), the `$SYS` values, and why `$SYS` failed. */
export interface LinkChecks {
  loop?: LoopbackResult;
  sys: SysValues;
  sysError?: string;
}

/**
 * Reads `$SYS` while it runs the loopback on `topic` (unless `loopback` is false), then waits up to
 * `sysWaitMs` from the start for the key figures; the `$SYS` subscription is always dropped.
 */
export async function checkLink(
  link: MessageLink,
  opts: { topic: string; loopback: boolean; budgetMs: number; sysWaitMs: number },
): Promise<LinkChecks> {
  const sysWatch = watchSys(link);
  const sysStartedAt = performance.now();
  let loop: LoopbackResult | undefined;
  let sysError: string | undefined;
  try {
    if (opts.loopback) loop = await runLoopback(link, opts.topic, opts.budgetMs);
    sysError = await sysWatch.subscribed;
    if (!sysError) await awaitKeyFigures(sysWatch.sys, sysStartedAt, opts.sysWaitMs);
  } finally {
    await sysWatch.stop();
  }
  return { loop, sys: sysWatch.sys, sysError };
}
