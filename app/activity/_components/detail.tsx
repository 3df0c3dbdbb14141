'use client';
// Detail drawer of one journal entry (a modal <dialog>: Escape closes, focus stays inside).
import Link from 'next/link';
import { useEffect, useRef, type ReactNode } from 'react';
import type { JournalRecord } from './export-format';
import { CallerBadge, StatusBadge } from './table';
import { mcpCall } from '../../_components/tool-run/schema-form';
import { ToolErrorAlert } from '../../_components/tool-run/tool-result';
import { Button, buttonClasses } from '../../_components/ui/button';
import { CopyButton } from '../../_components/ui/copy-button';
import { formatBytes, formatDuration } from '../../_components/ui/format';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_minmax(0,1fr)] gap-2 py-1.5">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">
        {label}
      </dt>
      <dd className="min-w-0 text-sm">{children}</dd>
    </div>
  );
}

const asArgs = (args: unknown): Record<string, unknown> =>
  args && typeof args === 'object' && !Array.isArray(args) ? (args as Record<string, unknown>) : {};

/** The details of one call: client, redacted arguments, result summary or error; null closes it. */
export function ActivityDetail({
  entry,
  onClose,
}: {
  entry: JournalRecord | null;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (entry && !d.open) d.showModal();
    if (!entry && d.open) d.close();
  }, [entry]);

  const args = entry ? JSON.stringify(entry.args, null, 2) : '';
  return (
    <dialog
      ref={dialog}
      aria-labelledby="activity-detail-title"
      onClose={onClose}
      onClick={(e) => {
        if (e.target === dialog.current) onClose();
      }}
      className="fixed inset-y-0 right-0 left-auto m-0 h-full max-h-none w-full max-w-xl overflow-y-auto border-l border-slate-200 bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-950/40 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100"
    >
      {entry && (
        <div className="flex min-h-full flex-col">
          <header className="sticky top-0 flex items-start justify-between gap-3 border-b border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
            <div className="min-w-0">
              <h2 id="activity-detail-title" className="break-all font-mono text-sm font-semibold">
                {entry.tool}
              </h2>
              <p className="text-xs text-slate-500 dark:text-slate-400">{entry.ts}</p>
            </div>
            <Button size="sm" onClick={onClose} aria-label="Close details">
              Close
            </Button>
          </header>
          <div className="flex-1 space-y-4 px-4 py-3">
            <dl className="divide-y divide-slate-100 dark:divide-slate-800">
              <Row label="Caller">
                <CallerBadge caller={entry.caller} />
              </Row>
              <Row label="Status">
                <StatusBadge entry={entry} />
              </Row>
              {entry.client_name && (
                <Row label="MCP client">
                  <span className="break-all font-mono text-xs">
                    {entry.client_name}
                    {entry.client_version ? ` ${entry.client_version}` : ''}
                  </span>
                </Row>
              )}
              <Row label="Session">
                <span className="break-all font-mono text-xs">{entry.session_id ?? '—'}</span>
              </Row>
              <Row label="Duration">{formatDuration(entry.duration_ms)}</Row>
              <Row label="Result size">{formatBytes(entry.result_bytes)}</Row>
              <Row label="Call id">
                <span className="break-all font-mono text-xs">{entry.id}</span>
              </Row>
            </dl>
            {entry.status === 'error' ? (
              <ToolErrorAlert
                code={entry.error_code ?? 'ERROR'}
                message={entry.error_message ?? entry.summary}
              />
            ) : (
              <section aria-label="Result summary">
                <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">
                  {entry.status === 'cancelled' ? 'Cancelled; partial result' : 'Result summary'}
                </h3>
                <p className="text-sm">{entry.summary}</p>
              </section>
            )}
            <section aria-label="Arguments">
              <div className="mb-1 flex items-center justify-between gap-2">
                <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">
                  Arguments{' '}
                  <span className="font-normal normal-case text-slate-500">(redacted)</span>
                </h3>
                <CopyButton text={args} label="Copy" />
              </div>
              <pre className="max-h-96 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs dark:bg-slate-950">
                {args}
              </pre>
            </section>
          </div>
          <footer className="sticky bottom-0 flex flex-wrap gap-2 border-t border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
            <Link
              href={{
                pathname: '/tools',
                query: { tool: entry.tool, args: JSON.stringify(entry.args ?? {}) },
              }}
              className={buttonClasses('primary', 'sm')}
            >
              Open in Tools
            </Link>
            <CopyButton label="Copy as MCP call" text={mcpCall(entry.tool, asArgs(entry.args))} />
          </footer>
        </div>
      )}
    </dialog>
  );
}
