// Console tool runs in progress, by run id, so a Cancel can stop one and still receive its partial result.

const KEY = Symbol.for('mqtt-mcp.console-runs');

function runs(): Map<string, AbortController> {
  const g = globalThis as typeof globalThis & { [KEY]?: Map<string, AbortController> };
  g[KEY] ??= new Map();
  return g[KEY];
}

/** Registers a run; the returned controller aborts when `signal` (the stream) aborts too. */
export function startRun(
  runId: string | undefined,
  signal: AbortSignal | undefined,
): AbortController {
  const controller = new AbortController();
  signal?.addEventListener('abort', () => controller.abort(), { once: true });
  if (runId) runs().set(runId, controller);
  return controller;
}

/** Forgets a finished run. */
export function endRun(runId: string | undefined): void {
  if (runId) runs().delete(runId);
}

/** Aborts a run; false when it is unknown or already finished. */
export function cancelRun(runId: string): boolean {
  const controller = runs().get(runId);
  if (!controller) return false;
  controller.abort();
  return true;
}
