'use client';
// Explorer toolbar: session picker, subscription filter, live status and totals of the watch.
import { useEffect, useState, type FormEvent } from 'react';
import { formatCount, formatRate } from './format';
import type { ExplorerWatch } from './use-watch';
import { Badge, type BadgeTone } from '../../_components/ui/badge';
import { Button } from '../../_components/ui/button';
import { SelectField, TextField } from '../../_components/ui/input';
import { formatBytes } from '../../_components/ui/format';
import type { SessionSummary, TopicTreeTotals } from '../../_trpc/types';

const STATUS: Record<ExplorerWatch['status'], { label: string; tone: BadgeTone }> = {
  idle: { label: 'idle', tone: 'slate' },
  connecting: { label: 'connecting', tone: 'amber' },
  live: { label: 'live', tone: 'green' },
  error: { label: 'error', tone: 'red' },
  closed: { label: 'stopped', tone: 'red' },
};

function Totals({ totals }: { totals: TopicTreeTotals }) {
  return (
    <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-300">
      {[
        ['Topics', formatCount(totals.topics)],
        ['Messages', formatCount(totals.messages)],
        ['Rate', formatRate(totals.rate)],
        ['Received', formatBytes(totals.bytes)],
      ].map(([k, v]) => (
        <div key={k} className="flex gap-1">
          <dt className="text-slate-500 dark:text-slate-400">{k}</dt>
          <dd className="font-medium tabular-nums">{v}</dd>
        </div>
      ))}
      {totals.topics_dropped > 0 && (
        <div className="flex gap-1 text-amber-700 dark:text-amber-400">
          <dt>Not tracked</dt>
          <dd className="font-medium tabular-nums">
            {formatCount(totals.topics_dropped)} topics ({formatCount(totals.messages_dropped)}{' '}
            messages)
          </dd>
        </div>
      )}
    </dl>
  );
}

/** The toolbar; `onWatch` applies a session and filter. */
export function ExplorerToolbar({
  sessions,
  sessionId,
  filter,
  watch,
  onWatch,
}: {
  sessions: readonly SessionSummary[];
  sessionId?: string;
  filter: string;
  watch: ExplorerWatch;
  onWatch(sessionId: string | undefined, filter: string): void;
}) {
  const [draft, setDraft] = useState(filter);
  useEffect(() => setDraft(filter), [filter]);
  const status = STATUS[watch.status];
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    onWatch(sessionId, draft.trim() || '#');
  };
  return (
    <div className="space-y-2">
      <form
        onSubmit={onSubmit}
        aria-label="Watch a filter"
        className="grid gap-2 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_auto] sm:items-end"
      >
        <SelectField
          label="Session"
          value={sessionId ?? ''}
          onChange={(e) => onWatch(e.target.value || undefined, filter)}
        >
          {sessionId === undefined && <option value="">No session</option>}
          {sessionId !== undefined && !sessions.some((s) => s.session_id === sessionId) && (
            <option value={sessionId}>{sessionId} (gone)</option>
          )}
          {sessions.map((s) => (
            <option key={s.session_id} value={s.session_id}>
              {s.broker} · {s.client_id} ({s.state})
            </option>
          ))}
        </SelectField>
        <TextField
          label="Filter"
          mono
          spellCheck={false}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <Button type="submit" variant="primary" disabled={!sessionId}>
          Watch
        </Button>
      </form>
      <div className="flex flex-wrap items-center gap-3">
        <Badge tone={status.tone}>
          <span className="sr-only">Watch status: </span>
          {status.label}
        </Badge>
        {watch.model.totals && <Totals totals={watch.model.totals} />}
      </div>
    </div>
  );
}
