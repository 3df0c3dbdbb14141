// Addresses of authenticating proxies (Umbrel's app proxy) whose requests may use the console API.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

const REFRESH_MS = 60_000;

/** Normalises an address for comparison (IPv4-mapped IPv6 to IPv4, lower case). */
export function normalizeAddress(address: string): string {
  return address.replace(/^::ffff:/i, '').toLowerCase();
}

/** Resolves the configured proxy names (or IPs) and answers whether a peer address is one of them. */
export class TrustedProxies {
  private addresses = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(readonly names: readonly string[]) {}

  /** Resolves now and then every minute (containers may be recreated with new addresses). */
  start(): void {
    if (this.names.length === 0 || this.timer) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  /** Stops refreshing. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Resolves every name; names that do not resolve are skipped until the next refresh. */
  async refresh(): Promise<void> {
    const next = new Set<string>();
    for (const name of this.names) {
      if (isIP(name)) {
        next.add(normalizeAddress(name));
        continue;
      }
      try {
        for (const a of await lookup(name, { all: true })) next.add(normalizeAddress(a.address));
      } catch {
        // Not resolvable right now (proxy not started yet): retried at the next refresh.
      }
    }
    this.addresses = next;
  }

  /** True when the peer address belongs to a trusted proxy. */
  has(peer: string | null | undefined): boolean {
    return Boolean(peer) && this.addresses.has(normalizeAddress(peer as string));
  }
}
