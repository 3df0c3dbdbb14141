// Where this hub runs (a local checkout, a Docker container, Umbrel) and the paths a setup snippet needs.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the hub runs. */
export type InstallKind = 'local' | 'docker' | 'umbrel';

/** The hub's place and, for a local checkout, its root and stdio entry. */
export interface InstallLocation {
  kind: InstallKind;
  /** Absolute path of the checkout (local only). */
  checkout: string | null;
  /** Absolute path of the stdio entry `bin/mqtt-mcp.js` (local only). */
  bin: string | null;
}

/** What the detection reads; the defaults read the real process and file system. */
export interface LocationProbe {
  cwd: string;
  env: Record<string, string | undefined>;
  exists(path: string): boolean;
  read(path: string): string | undefined;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

const realProbe = (): LocationProbe => ({
  cwd: process.cwd(),
  env: process.env,
  exists: existsSync,
  read: readText,
});

/** The nearest directory at or above `from` holding this project's package.json and bin entry. */
function findCheckout(from: string, probe: LocationProbe): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = probe.read(join(dir, 'package.json'));
    if (pkg && /"name"\s*:\s*"mqtt-mcp"/.test(pkg) && probe.exists(join(dir, 'bin/mqtt-mcp.js'))) {
      return dir;
    }
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Detects where the hub runs: Umbrel (a container behind Umbrel's app proxy), another container
 * (`/.dockerenv`), else a local checkout found from the working directory.
 */
export function installLocation(probe: LocationProbe = realProbe()): InstallLocation {
  const inContainer = probe.exists('/.dockerenv');
  if (inContainer) {
    const proxy = probe.env.MQTT_MCP_TRUSTED_PROXY ?? '';
    const umbrel = /app_proxy/.test(proxy) || probe.env.APP_PROXY_HOST !== undefined;
    return { kind: umbrel ? 'umbrel' : 'docker', checkout: null, bin: null };
  }
  const checkout = findCheckout(probe.cwd, probe);
  return { kind: 'local', checkout, bin: checkout ? join(checkout, 'bin/mqtt-mcp.js') : null };
}
