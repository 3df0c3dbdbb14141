// Console tool runs in progress, by run id, so a Cancel can stop one and still receive its partial result.

/** The console's runs in progress; the hub owns one (`hub.parts.consoleRuns`). */
export class ConsoleRuns {
  private readonly runs = new Map<string, AbortController>();

  /** Registers a run; the returned controller aborts when `signal` (the stream) aborts too. */
  start(runId: string | undefined, signal: AbortSignal | undefined): AbortController {
    const controller = new AbortController();
    signal?.addEventListener('abort', () => controller.abort(), { once: true });
    if (runId) this.runs.set(runId, controller);
    return controller;
  }

  /** Forgets a finished run. */
  end(runId: string | undefined): void {
    if (runId) this.runs.delete(runId);
  }

  /** Aborts a run; false when it is unknown or already finished. */
  cancel(runId: string): boolean {
    const controller = this.runs.get(runId);
    if (!controller) return false;
    controller.abort();
    return true;
  }
}
