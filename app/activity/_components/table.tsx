'use client';
// The journal as a dense table, newest first: time, tool, caller, session, status, duration, summary.
import type { JournalRecord } from './export-format';
import { Badge, type BadgeTone } from '../../_components/ui/badge';
import { formatDuration, formatTime } from '../../_components/ui/format';
import { headerCell, ScrollTable } from '../../_components/ui/table';

const CALLER_TONES: Record<string, BadgeTone> = {
  console: 'sky',
  'mcp-http': 'violet',
  'mcp-stdio-bridge': 'green',
  'mcp-stdio': 'amber',
};

/** A caller as a coloured badge. */
export function CallerBadge({ caller }: { caller: string }) {
  return <Badge tone={CALLER_TONES[caller] ?? 'slate'}>{caller}</Badge>;
}

/** A call's status as a badge (the error code for failures, `cancelled` for cancelled calls). */
export function StatusBadge({ entry }: { entry: Pick<JournalRecord, 'status' | 'error_code'> }) {
  if (entry.status === 'cancelled') return <Badge tone="amber">cancelled</Badge>;
  return entry.status === 'ok' ? (
    <Badge tone="green">ok</Badge>
  ) : (
    <Badge tone="red" title={entry.error_code ?? undefined}>
      {entry.error_code ?? 'error'}
    </Badge>
  );
}

const Th = headerCell('whitespace-nowrap px-3 py-2 font-medium');

/** Classes of the summary: a line under the tool on narrow screens, its own cell on wide ones. */
const SUMMARY_CLASSES = {
  div: 'mt-0.5 max-w-[14rem] truncate text-xs text-slate-500 sm:max-w-[20rem] lg:hidden dark:text-slate-400',
  td: 'hidden w-full max-w-0 truncate px-3 py-1.5 text-slate-700 lg:table-cell dark:text-slate-300',
};

/** A call's summary on one line, whole in its tooltip. */
function Summary({ as: Tag, text }: { as: keyof typeof SUMMARY_CLASSES; text: string }) {
  return (
    <Tag className={SUMMARY_CLASSES[Tag]} title={text}>
      {text}
    </Tag>
  );
}

const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);

/** Journal entries as a table; a row opens its details by click or by its tool button. */
export function ActivityTable({
  entries,
  fresh,
  onOpen,
}: {
  entries: readonly JournalRecord[];
  fresh: ReadonlySet<string>;
  onOpen: (entry: JournalRecord) => void;
}) {
  return (
    <ScrollTable label="Tool calls" caption="Tool calls, newest first">
      <thead className="sticky top-0 bg-slate-50 text-[11px] uppercase tracking-wide text-slate-500 dark:bg-slate-800/80 dark:text-slate-400">
        <tr>
          <Th>Time</Th>
          <Th>Tool</Th>
          <Th className="hidden sm:table-cell">Caller</Th>
          <Th className="hidden md:table-cell">Session</Th>
          <Th>Status</Th>
          <Th className="hidden text-right sm:table-cell">Duration</Th>
          <Th className="hidden lg:table-cell">Summary</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {entries.map((e) => (
          <tr
            key={e.id}
            onClick={() => onOpen(e)}
            className={`cursor-pointer align-top hover:bg-slate-50 dark:hover:bg-slate-800/50 ${
              fresh.has(e.id) ? 'bg-sky-50/70 dark:bg-sky-950/30' : ''
            }`}
          >
            <td className="whitespace-nowrap px-3 py-1.5 tabular-nums text-slate-600 dark:text-slate-300">
              <time dateTime={e.ts} title={e.ts}>
                {formatTime(e.ts)}
              </time>
            </td>
            <td className="px-3 py-1.5">
              <button
                type="button"
                onClick={(ev) => {
                  ev.stopPropagation();
                  onOpen(e);
                }}
                className="break-all rounded text-left font-mono sm:whitespace-nowrap sm:break-normal text-xs font-medium text-sky-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-sky-300"
                aria-label={`Details of ${e.tool} at ${e.ts}`}
              >
                {e.tool}
              </button>
              <div className="mt-1 sm:hidden">
                <CallerBadge caller={e.caller} />
              </div>
              <Summary as="div" text={e.summary} />
            </td>
            <td className="hidden px-3 py-1.5 sm:table-cell">
              <CallerBadge caller={e.caller} />
              {e.client_name && (
                <div className="mt-0.5 text-[11px] text-slate-600 dark:text-slate-300">
                  {e.client_name}
                </div>
              )}
            </td>
            <td
              className="hidden whitespace-nowrap px-3 py-1.5 font-mono text-xs md:table-cell"
              title={e.session_id ?? undefined}
            >
              {e.session_id ? shortId(e.session_id) : <span className="text-slate-400">—</span>}
            </td>
            <td className="px-3 py-1.5">
              <StatusBadge entry={e} />
            </td>
            <td className="hidden whitespace-nowrap px-3 py-1.5 text-right tabular-nums sm:table-cell">
              {formatDuration(e.duration_ms)}
            </td>
            <Summary as="td" text={e.summary} />
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
