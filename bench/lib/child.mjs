// The child side of the benchmark helpers: options from the argument, JSON lines out, "go" on stdin.
import mqtt from 'mqtt';

/** `defaults` overridden by the JSON object of the child's first argument. */
export function childOptions(defaults) {
  return { ...defaults, ...JSON.parse(process.argv[2] ?? '{}') };
}

/** Prints one JSON line for the parent. */
export const out = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

/** Wall-clock ms with sub-ms resolution. */
export const wallNow = () => performance.timeOrigin + performance.now();

/** Connects a benchmark client: MQTT 5, no reconnect, as `clientId`. */
export function connectBench(url, clientId) {
  return mqtt.connectAsync(url, { protocolVersion: 5, reconnectPeriod: 0, clientId });
}

/**
 * Prints {"type":"connected"} and resolves once the parent writes "go" (at once when `wait` is
 * false). An orphaned child (its parent gone, stdin closed) exits instead of waiting or going on.
 */
export function connectedAwaitGo(wait = true) {
  out({ type: 'connected' });
  process.stdin.on('end', () => process.exit(0));
  return new Promise((resolve) => {
    process.stdin.on('data', (d) => {
      if (d.toString().includes('go')) resolve();
    });
    if (!wait) resolve();
  });
}

/** Disconnects `client`, prints {"type":"done"} with `figures(endWall)`, and exits. */
export async function finish(client, figures) {
  const endWall = wallNow();
  await client.endAsync(false);
  out({ type: 'done', ...figures(endWall) });
  process.exit(0);
}
