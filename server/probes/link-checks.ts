// The checks a connection test runs over a live link: the broker's $SYS, read without publishing.
import type { SysValues } from '../analysis/broker-sys';
import type { MessageLink } from '../mqtt/message-link';
import { awaitKeyFigures, watchSys } from './sys-watch';

/** What the checks found: the `$SYS` values, and why `$SYS` failed. */
export interface LinkChecks {
  sys: SysValues;
  sysError?: string;
}

/** Reads `$SYS`, waiting up to `sysWaitMs` for the key figures; the subscription is always dropped. */
export async function checkLink(
  link: MessageLink,
  opts: { sysWaitMs: number },
): Promise<LinkChecks> {
  const sysWatch = watchSys(link);
  const sysStartedAt = performance.now();
  let sysError: string | undefined;
  try {
    sysError = await sysWatch.subscribed;
    if (!sysError) await awaitKeyFigures(sysWatch.sys, sysStartedAt, opts.sysWaitMs);
  } finally {
    await sysWatch.stop();
  }
  return { sys: sysWatch.sys, sysError };
}
