'use client';
// A tool run's outcome on screen: progress with Cancel, then the readable view or raw JSON, or the error.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { ReadableResult } from './readable-result';
import type { ToolRunState } from './use-tool-run';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { CopyButton } from '../ui/copy-button';
import { formatDuration } from '../ui/format';

/** A tool error as an alert: `CODE: message`. */
export function ToolErrorAlert({ code, message }: { code: string; message: string }) {
  return (
    <div
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100"
    >
      <span className="font-mono font-semibold">{code}</span>:{' '}
      {message.startsWith(`${code}: `) ? message.slice(code.length + 2) : message}
    </div>
  );
}

/** Progress of a running tool (bar, message, elapsed time) with its Cancel button. */
export function RunProgress({
  state,
  onCancel,
}: {
  state: Extract<ToolRunState, { status: 'running' }>;
  onCancel: () => void;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  const p = state.progress;
  const fraction = p?.total ? Math.min(1, Math.max(0, p.progress / p.total)) : undefined;
  return (
    <div className="space-y-2 rounded-md border border-sky-200 bg-sky-50/60 p-3 dark:border-sky-900 dark:bg-sky-950/30">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-medium" aria-live="polite">
          Running <code className="font-mono">{state.tool}</code>…{' '}
          {formatDuration(Math.max(0, now - state.startedAt))}
        </p>
        <Button variant="danger" size="sm" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      <div
        role="progressbar"
        aria-label={`Progress of ${state.tool}`}
        aria-valuemin={0}
        aria-valuemax={p?.total ?? 100}
        aria-valuenow={fraction === undefined ? undefined : p?.progress}
        aria-valuetext={p?.message}
        className="h-2 overflow-hidden rounded-full bg-sky-100 dark:bg-sky-950"
      >
        <div
          className={`h-full rounded-full bg-sky-500 transition-[width] duration-300 ${fraction === undefined ? 'w-1/3 animate-pulse' : ''}`}
          style={fraction === undefined ? undefined : { width: `${Math.round(fraction * 100)}%` }}
        />
      </div>
      {p?.message && <p className="text-xs text-slate-600 dark:text-slate-300">{p.message}</p>}
    </div>
  );
}

/** The outcome of a run: status line, then tabs with the readable view and the raw JSON. */
export function ToolResult({ state }: { state: ToolRunState }) {
  const baseId = useId();
  const [tab, setTab] = useState<'readable' | 'raw'>('readable');
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  if (state.status === 'idle' || state.status === 'running') return null;
  if (state.status === 'cancelled') {
    return (
      <p
        role="status"
        className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
      >
        Cancelled after {formatDuration(state.endedAt - state.startedAt)}: the tool was stopped on
        the server; its partial outcome is recorded in Activity.
      </p>
    );
  }
  if (state.status === 'failed') {
    return <ToolErrorAlert code="CONNECTION" message={state.message} />;
  }
  const { result } = state;
  const raw = JSON.stringify(
    result.ok ? result.data : { code: result.code, message: result.message },
    null,
    2,
  );
  const onKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft' && e.key !== 'Home' && e.key !== 'End')
      return;
    e.preventDefault();
    const next = tab === 'readable' ? 'raw' : 'readable';
    setTab(next);
    tabs.current[next === 'readable' ? 0 : 1]?.focus();
  };
  const tabClass = (active: boolean) =>
    `-mb-px border-b-2 px-3 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 ${
      active
        ? 'border-sky-500 text-sky-700 dark:text-sky-300'
        : 'border-transparent text-slate-500 hover:text-slate-800 dark:text-slate-400 dark:hover:text-slate-200'
    }`;
  return (
    <section aria-label="Result" className="space-y-3">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <h3 className="font-semibold">Result</h3>
        <Badge tone={result.ok ? 'green' : 'red'}>{result.ok ? 'ok' : 'error'}</Badge>
        <span className="text-slate-500 tabular-nums dark:text-slate-400">
          {formatDuration(result.duration_ms)}
        </span>
        <span className="ml-auto">
          <CopyButton text={raw} label="Copy JSON" />
        </span>
      </div>
      {!result.ok ? (
        <ToolErrorAlert code={result.code} message={result.message} />
      ) : (
        <>
          <div
            role="tablist"
            aria-label="Result view"
            className="flex gap-1 border-b border-slate-200 dark:border-slate-800"
          >
            {(['readable', 'raw'] as const).map((t, i) => (
              <button
                key={t}
                ref={(el) => {
                  tabs.current[i] = el;
                }}
                type="button"
                role="tab"
                id={`${baseId}-tab-${t}`}
                aria-selected={tab === t}
                aria-controls={`${baseId}-panel-${t}`}
                tabIndex={tab === t ? 0 : -1}
                className={tabClass(tab === t)}
                onClick={() => setTab(t)}
                onKeyDown={onKey}
              >
                {t === 'readable' ? 'Readable' : 'Raw JSON'}
              </button>
            ))}
          </div>
          <div
            role="tabpanel"
            id={`${baseId}-panel-${tab}`}
            aria-labelledby={`${baseId}-tab-${tab}`}
            tabIndex={0}
            className="focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 rounded-md"
          >
            {tab === 'readable' ? (
              <ReadableResult result={result} />
            ) : (
              <pre
                data-testid="raw-json"
                className="max-h-[36rem] overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs leading-relaxed dark:bg-slate-950"
              >
                {raw}
              </pre>
            )}
          </div>
        </>
      )}
    </section>
  );
}
