'use client';
// Running a tool through tools.run: progress while it runs, the result or error at the end, cancel.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ToolName, ToolRunEvent } from '../../_trpc/types';
import { useTRPCClient } from '../../_trpc/client';

/** The final event of a run: the tool's data or its error. */
export type ToolRunResult = Extract<ToolRunEvent, { type: 'result' }>;

/** Progress reported by a timed tool. */
export type ToolRunProgress = Extract<ToolRunEvent, { type: 'progress' }>;

/** Where a run stands. */
export type ToolRunState =
  | { status: 'idle' }
  | {
      status: 'running';
      tool: ToolName;
      args: Record<string, unknown>;
      startedAt: number;
      progress?: ToolRunProgress;
    }
  | {
      status: 'cancelled';
      tool: ToolName;
      args: Record<string, unknown>;
      startedAt: number;
      endedAt: number;
      progress?: ToolRunProgress;
    }
  | {
      status: 'done';
      tool: ToolName;
      args: Record<string, unknown>;
      startedAt: number;
      endedAt: number;
      result: ToolRunResult;
    }
  | {
      status: 'failed';
      tool: ToolName;
      args: Record<string, unknown>;
      startedAt: number;
      endedAt: number;
      message: string;
    };

/**
 * Runs tools through the `tools.run` subscription: progress while it runs, the result at the end;
 * `cancel` unsubscribes, which aborts the tool on the server. A dropped stream is reported, never
 * silently re-subscribed (that would call the tool twice).
 */
export function useToolRun(onResult?: (result: ToolRunResult) => void) {
  const client = useTRPCClient();
  const [state, setState] = useState<ToolRunState>({ status: 'idle' });
  const current = useRef<{ finished: boolean; runId: string; unsubscribe(): void } | null>(null);
  const onResultRef = useRef(onResult);
  useEffect(() => {
    onResultRef.current = onResult;
  }, [onResult]);

  /** Ends the current run's subscription; its callbacks are ignored from now on. */
  const stop = useCallback(() => {
    const run = current.current;
    current.current = null;
    if (run) {
      run.finished = true;
      run.unsubscribe();
    }
  }, []);
  useEffect(() => stop, [stop]);

  const run = useCallback(
    (tool: ToolName, args: Record<string, unknown>) => {
      stop();
      const startedAt = Date.now();
      const self = {
        finished: false,
        started: false,
        runId: crypto.randomUUID(),
        unsubscribe: () => undefined as void,
      };
      current.current = self;
      setState({ status: 'running', tool, args, startedAt });
      const fail = (message: string) => {
        if (self.finished) return;
        stop();
        setState({ status: 'failed', tool, args, startedAt, endedAt: Date.now(), message });
      };
      const handle = client.tools.run.subscribe(
        { name: tool, args, run_id: self.runId },
        {
          onStarted: () => {
            self.started = true;
          },
          onData: (event) => {
            if (self.finished) return;
            if (event.type === 'progress') {
              setState((s) => (s.status === 'running' ? { ...s, progress: event } : s));
              return;
            }
            self.finished = true;
            setState({ status: 'done', tool, args, startedAt, endedAt: Date.now(), result: event });
            onResultRef.current?.(event);
            queueMicrotask(() => {
              if (current.current === self) stop();
            });
          },
          onError: (err) => fail(err.message),
          onConnectionStateChange: (cs) => {
            if (self.started && cs.state === 'connecting') {
              fail(`the connection to the hub was lost${cs.error ? `: ${cs.error.message}` : ''}`);
            }
          },
          onComplete: () => fail('the run ended without a result'),
        },
      );
      self.unsubscribe = () => handle.unsubscribe();
      if (self.finished) handle.unsubscribe();
    },
    [client, stop],
  );

  /** Asks the hub to stop the run; the tool then returns what it has, shown as the result. */
  const cancel = useCallback(() => {
    const run = current.current;
    const giveUp = () => {
      stop();
      setState((s) =>
        s.status === 'running' ? { ...s, status: 'cancelled', endedAt: Date.now() } : s,
      );
    };
    if (!run) return giveUp();
    client.tools.cancel.mutate({ run_id: run.runId }).then((r) => {
      if (!r.cancelled) giveUp();
    }, giveUp);
  }, [client, stop]);

  const reset = useCallback(() => {
    stop();
    setState({ status: 'idle' });
  }, [stop]);

  return { state, run, cancel, reset };
}
