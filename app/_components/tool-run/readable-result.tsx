'use client';
// The readable view of a tool result: verdicts, figures, tables that scroll or become cards, notes.
import type { ReactNode } from 'react';
import { MonitorCharts } from '../charts/monitor';
import { humanize } from './schema-form';
import type { ToolRunResult } from './use-tool-run';
import { Badge, toneOf } from '../ui/badge';
import { formatBytes, formatNumber, formatTime, isIsoTime } from '../ui/format';

const STATUS_KEYS = /(^|_)(state|status|verdict|outcome|result|last_known_state|type)$/;
const CODE_KEYS = new Set([
  'json_schema',
  'payload',
  'last_value',
  'from',
  'to',
  'properties',
  'args',
  'correlation_data',
]);
const NOTE_KEYS = /(^explanation$|(^|_)note$)/;
const MAX_ROWS = 200;
const MAX_CELL = 160;

type Json = Record<string, unknown>;

/** A result key as a label; the unit suffix is dropped because values carry their unit. */
const label = (key: string) => humanize(key).replace(/ \((s|ms|bytes|MB)\)$/, '');

const isRecord = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

function clip(text: string, max = MAX_CELL): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function jsonText(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
}

/** One value of a result, formatted by its key (units, times, badges, code). */
function Value({ name, value, cell }: { name: string; value: unknown; cell?: boolean }) {
  if (value === null || value === undefined) return <span className="text-slate-400">—</span>;
  if (CODE_KEYS.has(name)) {
    const text = jsonText(value);
    return (
      <code
        className="break-all font-mono text-xs"
        title={text.length > MAX_CELL ? text : undefined}
      >
        {clip(text)}
      </code>
    );
  }
  if (typeof value === 'boolean') {
    return <Badge tone={value ? 'sky' : 'slate'}>{value ? 'yes' : 'no'}</Badge>;
  }
  if (typeof value === 'number') {
    let text = formatNumber(value);
    if (/(_|^)ms$/.test(name)) text = `${text} ms`;
    else if (/bytes/.test(name) && !/per_second/.test(name)) text = formatBytes(value);
    else if (/_mb$/.test(name)) text = `${text} MB`;
    else if (/seconds$/.test(name)) text = `${text} s`;
    return <span className="whitespace-nowrap tabular-nums">{text}</span>;
  }
  if (typeof value === 'string') {
    if (STATUS_KEYS.test(name) && value.length < 24)
      return <Badge tone={toneOf(value)}>{value}</Badge>;
    if (isIsoTime(value)) {
      return (
        <time dateTime={value} title={value} className="tabular-nums">
          {formatTime(value)}
        </time>
      );
    }
    const mono = /topic|pattern|session_id|client_id|broker|filter|^id$|device_id/.test(name);
    // In a table cell an identifier stays on one line (the table scrolls), never a letter a line.
    const wrap = cell ? 'whitespace-nowrap' : 'break-all';
    return (
      <span
        className={mono ? `${wrap} font-mono text-xs` : 'break-words'}
        title={value.length > MAX_CELL ? value : undefined}
      >
        {clip(value, 400)}
      </span>
    );
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
    return <NumberSeries values={value as number[]} />;
  }
  const text = jsonText(value);
  return (
    <code className="break-all font-mono text-xs" title={text.length > MAX_CELL ? text : undefined}>
      {clip(text)}
    </code>
  );
}

/** A short series of numbers inline; a long one as a sparkline with its range. */
function NumberSeries({ values }: { values: number[] }) {
  if (values.length <= 12) {
    return (
      <span className="font-mono text-xs tabular-nums">
        [{values.map(formatNumber).join(', ')}]
      </span>
    );
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const points = values
    .map((v, i) => `${(i / (values.length - 1)) * 100},${20 - ((v - min) / span) * 18 - 1}`)
    .join(' ');
  return (
    <span className="inline-flex items-center gap-2">
      <svg
        viewBox="0 0 100 20"
        className="h-5 w-24 text-sky-600 dark:text-sky-400"
        aria-hidden="true"
        preserveAspectRatio="none"
      >
        <polyline
          points={points}
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
          vectorEffect="non-scaling-stroke"
        />
      </svg>
      <span className="text-xs tabular-nums text-slate-500 dark:text-slate-400">
        {values.length} values, {formatNumber(min)}–{formatNumber(max)}
      </span>
    </span>
  );
}

/** A verdict or health banner with its reasons. */
function VerdictBanner({
  verdict,
  reasons,
  label,
}: {
  verdict: string;
  reasons: string[];
  label: string;
}) {
  const tone = toneOf(verdict);
  const frame =
    tone === 'green'
      ? 'border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950/40'
      : tone === 'amber'
        ? 'border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950/40'
        : tone === 'red'
          ? 'border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950/40'
          : 'border-slate-300 bg-slate-50 dark:border-slate-700 dark:bg-slate-900';
  return (
    <div className={`rounded-md border p-3 ${frame}`}>
      <div className="flex items-center gap-2">
        <span className="text-sm font-medium">{label}</span>
        <Badge tone={tone} className="uppercase tracking-wide">
          {verdict}
        </Badge>
      </div>
      {reasons.length > 0 && (
        <ul className="mt-2 list-disc space-y-0.5 pl-5 text-sm text-slate-700 dark:text-slate-300">
          {reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** An informational sentence from a result (explanation, notes). */
function Note({ name, text }: { name: string; text: string }) {
  return (
    <p className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950/40 dark:text-sky-100">
      <span className="font-medium">{label(name)}: </span>
      {text}
    </p>
  );
}

/** Scalar fields of an object as a grid of key figures. */
function Figures({ entries }: { entries: Array<[string, unknown]> }) {
  if (entries.length === 0) return null;
  return (
    <dl className="grid grid-cols-[repeat(auto-fill,minmax(10rem,1fr))] gap-2">
      {entries.map(([k, v]) => (
        <div
          key={k}
          className="min-w-0 rounded-md border border-slate-200 bg-white px-3 py-2 dark:border-slate-800 dark:bg-slate-900"
          data-key={k}
        >
          <dt
            className="truncate text-[11px] font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400"
            title={k}
          >
            {label(k)}
          </dt>
          <dd className="mt-0.5 min-w-0 text-sm text-slate-900 dark:text-slate-100">
            <Value name={k} value={v} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A record of many scalar values, or keyed by topics, as a two-column table with raw keys. */
function KeyValueTable({ name, data }: { name: string; data: Json }) {
  return (
    <div className="max-h-96 overflow-auto rounded-md border border-slate-200 dark:border-slate-800">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">{label(name)}</caption>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {Object.entries(data).map(([k, v]) => (
            <tr key={k} className="align-top">
              <th
                scope="row"
                className="w-1/2 break-all px-3 py-1 font-mono text-xs font-normal text-slate-600 dark:text-slate-300"
              >
                {k}
              </th>
              <td className="px-3 py-1">
                <Value name={k} value={v} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function columnsOf(rows: Json[]): string[] {
  const cols: string[] = [];
  for (const row of rows.slice(0, 50))
    for (const k of Object.keys(row)) if (!cols.includes(k)) cols.push(k);
  return cols;
}

/** Columns beyond which a table no longer reads at a glance: records become cards instead. */
const MAX_TABLE_COLUMNS = 8;

function wantsCards(rows: Json[]): boolean {
  if (columnsOf(rows).length > MAX_TABLE_COLUMNS) return true;
  return rows.some((row) =>
    Object.entries(row).some(
      ([k, v]) => !isScalar(v) && k !== 'payload' && k !== 'properties' && jsonText(v).length > 120,
    ),
  );
}

/** An array of records as a table (or as cards when the records hold large nested values). */
function Records({ name, rows, depth }: { name: string; rows: Json[]; depth: number }) {
  const shown = rows.slice(0, MAX_ROWS);
  const more = rows.length - shown.length;
  if (wantsCards(rows) && depth < 3) {
    return (
      <div className="space-y-3">
        {shown.map((row, i) => {
          const title = Object.entries(row).find(([, v]) => typeof v === 'string')?.[1] as
            string | undefined;
          return (
            <div key={i} className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
              {title && <h5 className="mb-2 break-all font-mono text-sm font-semibold">{title}</h5>}
              <ObjectView data={row} depth={depth + 1} />
            </div>
          );
        })}
        {more > 0 && <p className="text-xs text-slate-500">{more} more in the raw JSON</p>}
      </div>
    );
  }
  const cols = columnsOf(shown);
  return (
    // Focusable so that a table wider than the screen scrolls by keyboard too.
    <div
      tabIndex={0}
      className="overflow-x-auto rounded-md border border-slate-200 dark:border-slate-800"
    >
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">{label(name)}</caption>
        <thead className="bg-slate-50 text-[11px] uppercase tracking-wide text-slate-500 dark:bg-slate-800/60 dark:text-slate-400">
          <tr>
            {cols.map((c) => (
              <th key={c} scope="col" className="whitespace-nowrap px-3 py-1.5 font-medium">
                {label(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {shown.map((row, i) => (
            <tr key={i} className="align-top hover:bg-slate-50 dark:hover:bg-slate-800/40">
              {cols.map((c) => (
                <td key={c} className="max-w-[28rem] px-3 py-1.5">
                  <Value name={c} value={row[c]} cell />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 && (
        <p className="px-3 py-1.5 text-xs text-slate-500">{more} more rows in the raw JSON</p>
      )}
    </div>
  );
}

function Section({ name, children, count }: { name: string; children: ReactNode; count?: number }) {
  return (
    <section className="space-y-2" aria-label={label(name)}>
      <h4 className="flex items-center gap-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">
        {label(name)}
        {count !== undefined && <Badge>{count}</Badge>}
      </h4>
      {children}
    </section>
  );
}

/** A result object: verdicts, notes, key figures, then one section per nested value. */
function ObjectView({
  data,
  depth = 0,
  skip = [],
}: {
  data: Json;
  depth?: number;
  skip?: string[];
}) {
  const entries = Object.entries(data).filter(([k, v]) => v !== undefined && !skip.includes(k));
  const banners: ReactNode[] = [];
  const used = new Set<string>();
  if (typeof data.verdict === 'string') {
    banners.push(
      <VerdictBanner
        key="verdict"
        label="Verdict"
        verdict={data.verdict}
        reasons={Array.isArray(data.reasons) ? data.reasons.map(String) : []}
      />,
    );
    used.add('verdict').add('reasons');
  }
  if (isRecord(data.health) && typeof data.health.verdict === 'string') {
    banners.push(
      <VerdictBanner
        key="health"
        label="Health"
        verdict={data.health.verdict}
        reasons={Array.isArray(data.health.reasons) ? data.health.reasons.map(String) : []}
      />,
    );
    used.add('health');
  }
  const notes = entries.filter(
    ([k, v]) => NOTE_KEYS.test(k) && typeof v === 'string' && !used.has(k),
  );
  notes.forEach(([k]) => used.add(k));
  const rest = entries.filter(([k]) => !used.has(k));
  const scalars = rest.filter(([k, v]) => isScalar(v) && !CODE_KEYS.has(k));
  const nested = rest.filter(([k, v]) => !isScalar(v) || CODE_KEYS.has(k));
  return (
    <div className="space-y-4">
      {banners}
      {notes.map(([k, v]) => (
        <Note key={k} name={k} text={v as string} />
      ))}
      <Figures entries={scalars} />
      {nested.map(([k, v]) => (
        <NestedValue key={k} name={k} value={v} depth={depth} />
      ))}
    </div>
  );
}

function NestedValue({ name, value, depth }: { name: string; value: unknown; depth: number }) {
  if (CODE_KEYS.has(name) || depth >= 4) {
    return (
      <Section name={name}>
        <pre className="max-h-80 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs dark:bg-slate-950">
          {JSON.stringify(value, null, 2)}
        </pre>
      </Section>
    );
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return (
        <Section name={name} count={0}>
          <p className="text-sm text-slate-500 dark:text-slate-400">none</p>
        </Section>
      );
    }
    if (value.every(isRecord)) {
      return (
        <Section name={name} count={value.length}>
          <Records name={name} rows={value} depth={depth} />
        </Section>
      );
    }
    if (value.every((v) => typeof v === 'number')) {
      return (
        <Section name={name}>
          <NumberSeries values={value as number[]} />
        </Section>
      );
    }
    return (
      <Section name={name} count={value.length}>
        <ul className="flex flex-wrap gap-1.5">
          {value.map((v, i) => (
            <li
              key={i}
              className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800"
            >
              {clip(jsonText(v), 200)}
            </li>
          ))}
        </ul>
      </Section>
    );
  }
  if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) {
      return (
        <Section name={name}>
          <p className="text-sm text-slate-500 dark:text-slate-400">none</p>
        </Section>
      );
    }
    const flat = Object.values(value).every(isScalar);
    return (
      <Section name={name}>
        {flat && (keys.length > 12 || keys.some((k) => k.includes('/'))) ? (
          <KeyValueTable name={name} data={value} />
        ) : (
          <ObjectView data={value} depth={depth + 1} />
        )}
      </Section>
    );
  }
  return null;
}

/** The readable view of a tool's data; monitor results get their charts first. */
export function ReadableResult({ result }: { result: Extract<ToolRunResult, { ok: true }> }) {
  if (result.tool === 'mqtt_monitor_performance') {
    return (
      <div className="space-y-6">
        <MonitorCharts data={result.data} />
        <ObjectView data={result.data} skip={['traffic']} />
      </div>
    );
  }
  return <ObjectView data={result.data} />;
}
