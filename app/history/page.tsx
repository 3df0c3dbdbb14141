'use client';
// History page: the recorder's record of a broker over the last hour, day or week: traffic, findings, per-device timelines.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTRPC } from '../_trpc/client';
import { findingsOverTime, timelines } from './_components/timeline';
import { ChartCard, paletteSeries } from '../_components/charts/chart-card';
import { Badge, toneOf } from '../_components/ui/badge';
import { Button } from '../_components/ui/button';
import { Card } from '../_components/ui/card';
import { formatNumber, formatTime } from '../_components/ui/format';
import { Options, SelectField } from '../_components/ui/input';
import { PageHeader } from '../_components/ui/page';

const RANGES = [
  { value: 'hour', label: 'Last hour', ms: 3_600_000 },
  { value: 'day', label: 'Last day', ms: 86_400_000 },
  { value: 'week', label: 'Last week', ms: 604_800_000 },
] as const;
const BUCKETS = 60;
const MAX_GROUP_EVENTS = 8;
/** Findings by severity, as stacked bars. */
const SEVERITY_SERIES = [
  paletteSeries('critical', 3, { bars: true }),
  paletteSeries('warning', 4, { bars: true }),
  paletteSeries('info', 0, { bars: true }),
];

/** The History page. */
export default function HistoryPage() {
  const trpc = useTRPC();
  const [range, setRange] = useState<(typeof RANGES)[number]['value']>('hour');
  const [source, setSource] = useState('');
  const [now, setNow] = useState(() => Date.now());
  const span = RANGES.find((r) => r.value === range)?.ms ?? RANGES[0].ms;
  const selection = { from_ms: now - span, to_ms: now, source: source || undefined };
  const status = useQuery(trpc.record.status.queryOptions());
  const counts = useQuery(trpc.record.counts.queryOptions({ ...selection, points: BUCKETS }));
  const events = useQuery(trpc.record.events.queryOptions({ ...selection, limit: 1000 }));
  const list = useMemo(() => events.data?.events ?? [], [events.data]);
  const groups = useMemo(() => timelines(list.filter((e) => e.category !== 'finding')), [list]);
  const findings = useMemo(
    () => findingsOverTime(list, now - span, now, BUCKETS),
    [list, now, span],
  );
  const error = status.error ?? counts.error ?? events.error;
  const sources = status.data?.sources ?? [];

  return (
    <div className="space-y-4">
      <PageHeader title="History">
        What the recorder kept: traffic, findings and per-device events over time, also while nobody
        watched.
      </PageHeader>
      <Card as="div">
        <form
          aria-label="History range"
          onSubmit={(e) => e.preventDefault()}
          className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-end"
        >
          <SelectField
            label="Range"
            value={range}
            onChange={(e) => {
              setRange(e.target.value as typeof range);
              setNow(Date.now());
            }}
          >
            <Options items={RANGES} />
          </SelectField>
          <SelectField label="Source" value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="">All recorded brokers</option>
            {sources.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label}
              </option>
            ))}
          </SelectField>
          <Button onClick={() => setNow(Date.now())}>Refresh</Button>
        </form>
      </Card>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Could not read the record: {error.message}
        </p>
      )}
      {status.data && sources.length === 0 && (
        <p className="text-sm text-slate-500 dark:text-slate-400">
          Nothing recorded yet. Turn recording on for a saved profile (Connections) to keep its
          history.
        </p>
      )}
      <div className="grid gap-4 xl:grid-cols-2">
        <ChartCard
          title={`Messages (${formatNumber(counts.data?.totalMessages ?? 0)} on ${formatNumber(counts.data?.topics ?? 0)} topics)`}
          label="Messages per interval"
          series={[paletteSeries('messages', 0, { bars: true })]}
          data={[
            (counts.data?.buckets ?? []).map((b) => b.t / 1000),
            (counts.data?.buckets ?? []).map((b) => b.messages),
          ]}
          format={formatNumber}
        />
        <ChartCard
          title="Findings over time"
          label="Findings per interval by severity"
          series={SEVERITY_SERIES}
          data={[findings.xs, findings.critical, findings.warning, findings.info]}
          format={formatNumber}
        />
      </div>
      <Card title={`Events by device (${formatNumber(events.data?.total ?? 0)} in the range)`}>
        {groups.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">No event in this range.</p>
        ) : (
          <div className="grid gap-3 md:grid-cols-2">
            {groups.map(([group, items]) => (
              <section
                key={group}
                aria-label={`Events of ${group}`}
                className="min-w-0 rounded-md border border-slate-200 p-3 dark:border-slate-800"
              >
                <h3 className="mb-2 font-mono text-sm font-semibold [overflow-wrap:anywhere]">
                  {group}
                </h3>
                <ol className="space-y-1 text-sm">
                  {items.slice(0, MAX_GROUP_EVENTS).map((e, i) => (
                    <li key={`${e.t}-${i}`} className="flex flex-wrap items-baseline gap-2">
                      <time
                        dateTime={new Date(e.t).toISOString()}
                        className="text-xs tabular-nums text-slate-500 dark:text-slate-400"
                      >
                        {formatTime(new Date(e.t).toISOString())}
                      </time>
                      <Badge tone={toneOf(e.severity ?? e.kind)}>{e.kind}</Badge>
                      <span className="min-w-0 [overflow-wrap:anywhere]">{e.summary}</span>
                    </li>
                  ))}
                </ol>
                {items.length > MAX_GROUP_EVENTS && (
                  <p className="mt-1 text-xs text-slate-500">
                    {items.length - MAX_GROUP_EVENTS} earlier
                  </p>
                )}
              </section>
            ))}
          </div>
        )}
      </Card>
    </div>
  );
}
