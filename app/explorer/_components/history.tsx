'use client';
// History of one topic, newest first, each message shown as its diff to the one before it.
import { useState } from 'react';
import { diffPayloads, type DiffablePayload, type JsonChange, type PayloadDiff } from './diff';
import { prettyPayload } from './format';
import { Badge } from '../../_components/ui/badge';
import { Button } from '../../_components/ui/button';
import { formatBytes } from '../../_components/ui/format';

/** A kept message as the history query returns it. */
export interface HistoryRecord extends DiffablePayload {
  received_at: string;
  qos: number;
  retain: boolean;
  size_bytes: number;
  payload_truncated?: true;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

function JsonChangeLine({ c }: { c: JsonChange }) {
  const path = c.path || '(value)';
  if (c.kind === 'added') {
    return (
      <li className="text-emerald-700 dark:text-emerald-400">
        + {path}: {short(c.after)}
      </li>
    );
  }
  if (c.kind === 'removed') {
    return (
      <li className="text-red-700 dark:text-red-400">
        − {path}: {short(c.before)}
      </li>
    );
  }
  return (
    <li>
      <span className="text-slate-600 dark:text-slate-300">{path}: </span>
      <del className="text-red-700 dark:text-red-400">{short(c.before)}</del>
      <span className="text-slate-400"> → </span>
      <ins className="text-emerald-700 no-underline dark:text-emerald-400">{short(c.after)}</ins>
    </li>
  );
}

function DiffView({ diff, record }: { diff: PayloadDiff; record: HistoryRecord }) {
  const pre = 'overflow-x-auto whitespace-pre-wrap break-all font-mono text-xs';
  if (diff.kind === 'first') {
    return (
      <pre className={`${pre} text-slate-700 dark:text-slate-300`}>{prettyPayload(record)}</pre>
    );
  }
  if (diff.kind === 'same') {
    return <p className="text-xs text-slate-500 dark:text-slate-400">Same payload as before.</p>;
  }
  if (diff.kind === 'json') {
    return (
      <ul className={`${pre} space-y-0.5`} aria-label="Changes from the previous payload">
        {diff.changes.map((c, i) => (
          <JsonChangeLine key={i} c={c} />
        ))}
        {diff.truncated && <li className="text-slate-500">… more changes</li>}
      </ul>
    );
  }
  return (
    <ul className={pre} aria-label="Changes from the previous payload">
      {diff.lines.map((l, i) =>
        l.op === '…' ? (
          <li key={i} className="text-slate-400">
            ⋯ {l.count} unchanged line{l.count === 1 ? '' : 's'}
          </li>
        ) : (
          <li
            key={i}
            className={
              l.op === '+'
                ? 'bg-emerald-50 text-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-300'
                : l.op === '-'
                  ? 'bg-red-50 text-red-800 dark:bg-red-950/40 dark:text-red-300'
                  : 'text-slate-600 dark:text-slate-400'
            }
          >
            {l.op} {l.text}
          </li>
        ),
      )}
    </ul>
  );
}

function time(iso: string): string {
  const d = new Date(iso);
  return `${d.toLocaleTimeString('en-GB', { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** Messages rendered before a "show all" button (a busy topic keeps hundreds). */
export const HISTORY_SHOWN = 50;

/** The kept history of a topic (oldest first in `records`), rendered newest first with diffs. */
export function HistoryList({ records }: { records: readonly HistoryRecord[] }) {
  const [all, setAll] = useState(false);
  const from = all ? 0 : Math.max(0, records.length - HISTORY_SHOWN);
  const items = records
    .slice(from)
    .map((r, i) => ({ r, diff: diffPayloads(records[from + i - 1], r) }))
    .reverse();
  return (
    <>
      <ol className="divide-y divide-slate-100 dark:divide-slate-800" aria-label="Message history">
        {items.map(({ r, diff }, i) => (
          <li key={`${r.received_at}-${i}`} className="space-y-1 py-2">
            <div className="flex flex-wrap items-center gap-1.5 text-xs text-slate-500 dark:text-slate-400">
              <time
                dateTime={r.received_at}
                className="font-mono text-slate-700 dark:text-slate-300"
              >
                {time(r.received_at)}
              </time>
              <span>QoS {r.qos}</span>
              <span>{formatBytes(r.size_bytes)}</span>
              {r.retain && <Badge tone="violet">retained</Badge>}
              {r.payload_truncated && <Badge tone="amber">cut</Badge>}
              {r.payload_format !== 'json' && <Badge>{r.payload_format}</Badge>}
            </div>
            <DiffView diff={diff} record={r} />
          </li>
        ))}
      </ol>
      {from > 0 && (
        <Button size="sm" variant="ghost" onClick={() => setAll(true)}>
          Show {from} older message{from === 1 ? '' : 's'}
        </Button>
      )}
    </>
  );
}
