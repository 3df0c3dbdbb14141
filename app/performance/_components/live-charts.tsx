'use client';
// Live charts of the hub's metrics: metrics.recent for history, then metrics.live (one sample a second).
import { useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useMemo, useState } from 'react';
import type uPlot from 'uplot';
import type { MetricsSample } from '../../_trpc/types';
import { useTRPC } from '../../_trpc/client';
import {
  ChartCard,
  paletteColor,
  paletteSeries,
  type ChartCardProps,
} from '../../_components/charts/chart-card';
import { BYTE_INCRS, type ChartSeries } from '../../_components/charts/uplot';
import { Badge, toneOf } from '../../_components/ui/badge';
import { Card } from '../../_components/ui/card';
import { StatTile } from '../../_components/ui/stat';
import { formatBytes, formatNumber, formatTime } from '../../_components/ui/format';
import { headerCell, ScrollTable } from '../../_components/ui/table';
import { sessionLabels } from './series-labels';

/** Samples kept in the browser (five minutes at one a second). */
export const KEEP_SAMPLES = 300;
/** Window of the rolling error rate, in samples (seconds). */
const ERROR_WINDOW = 60;

/** Merges new samples into a list: deduplicated by time, in order, the newest KEEP_SAMPLES kept. */
export function mergeSamples(
  current: readonly MetricsSample[],
  incoming: readonly MetricsSample[],
): MetricsSample[] {
  const byTime = new Map<string, MetricsSample>();
  for (const s of current) byTime.set(s.at, s);
  for (const s of incoming) byTime.set(s.at, s);
  return [...byTime.values()].sort((a, b) => a.at.localeCompare(b.at)).slice(-KEEP_SAMPLES);
}

interface Derived {
  sessionSeries: ChartSeries[];
  colorOf: Map<string, string>;
  labelOf: Map<string, string>;
  messages: uPlot.AlignedData;
  bytes: uPlot.AlignedData;
  latency: uPlot.AlignedData;
  errors: uPlot.AlignedData;
  memory: uPlot.AlignedData;
  errorRate: number | null;
  callsInWindow: number;
}

function derive(samples: readonly MetricsSample[]): Derived {
  const xs = samples.map((s) => Date.parse(s.at) / 1000);
  const ids: string[] = [];
  const seen: MetricsSample['sessions'] = [];
  for (const s of samples)
    for (const r of s.sessions)
      if (!ids.includes(r.session_id)) {
        ids.push(r.session_id);
        seen.push(r);
      }
  const labelOf = sessionLabels(seen);
  const perSession = (pick: 'messages_per_s' | 'bytes_per_s') =>
    ids.map((id) =>
      samples.map((s) => {
        const r = s.sessions.find((x) => x.session_id === id);
        return r ? r[pick] : null;
      }),
    );
  const rate: Array<number | null> = [];
  let calls = 0;
  let errs = 0;
  samples.forEach((s, i) => {
    calls += s.tool_calls;
    errs += s.tool_errors;
    const old = samples[i - ERROR_WINDOW];
    if (old) {
      calls -= old.tool_calls;
      errs -= old.tool_errors;
    }
    rate.push(calls > 0 ? (errs / calls) * 100 : null);
  });
  const colorOf = new Map(ids.map((id, i) => [id, paletteColor(i)]));
  return {
    colorOf,
    labelOf,
    sessionSeries: [
      { label: 'all sessions', color: '#64748b', dash: [4, 3] },
      ...ids.map((id) => ({ label: labelOf.get(id) ?? id, color: colorOf.get(id) as string })),
    ],
    messages: [xs, samples.map((s) => s.messages_per_s), ...perSession('messages_per_s')],
    bytes: [xs, samples.map((s) => s.bytes_per_s), ...perSession('bytes_per_s')],
    latency: [xs, samples.map((s) => s.latency_p50_ms), samples.map((s) => s.latency_p95_ms)],
    errors: [xs, rate, samples.map((s) => s.tool_calls)],
    memory: [xs, samples.map((s) => s.rss_mb), samples.map((s) => s.heap_used_mb)],
    errorRate: rate.at(-1) ?? null,
    callsInWindow: calls,
  };
}

const Th = headerCell('px-3 py-1.5 font-medium');

const ms = (v: number) => `${formatNumber(v)} ms`;
const pct = (v: number) => `${formatNumber(v)} %`;
const mb = (v: number) => `${formatNumber(v)} MB`;
const perSecond = (v: number) => `${formatNumber(v)}/s`;
const bytesPerSecond = (v: number) => `${formatBytes(v)}/s`;

/** Stat tiles, four live charts and the per-session table of the Performance page. */
export function LiveCharts() {
  const trpc = useTRPC();
  const [samples, setSamples] = useState<MetricsSample[]>([]);
  const [seeded, setSeeded] = useState<readonly MetricsSample[] | undefined>(undefined);
  const recent = useQuery(
    trpc.metrics.recent.queryOptions(undefined, { staleTime: Infinity, refetchOnMount: 'always' }),
  );
  if (recent.data && recent.data !== seeded) {
    setSeeded(recent.data);
    setSamples((prev) => mergeSamples(prev, recent.data));
  }
  const live = useSubscription(
    trpc.metrics.live.subscriptionOptions(undefined, {
      onData: (sample) => setSamples((prev) => mergeSamples(prev, [sample])),
    }),
  );
  const d = useMemo(() => derive(samples), [samples]);
  const last = samples.at(-1);
  const connected = live.status === 'pending';
  const charts: ChartCardProps[] = [
    {
      title: 'Messages per second, per session',
      label: 'Messages per second per session',
      series: d.sessionSeries,
      data: d.messages,
      format: perSecond,
    },
    {
      title: 'Bytes per second, per session',
      label: 'Bytes per second per session',
      series: d.sessionSeries,
      data: d.bytes,
      format: bytesPerSecond,
      yIncrs: BYTE_INCRS,
    },
    {
      title: "Instant tool-call latency (last minute; timed tools' windows excluded)",
      label: 'Latency p50 and p95 of instant tool calls in milliseconds',
      series: [paletteSeries('p50', 0), paletteSeries('p95', 3)],
      data: d.latency,
      format: ms,
    },
    {
      title: 'Tool-call error rate (rolling 60 s) and calls',
      label: 'Tool-call error rate in percent and calls per second',
      series: [
        paletteSeries('error rate', 4, { fill: true }),
        paletteSeries('calls/s', 2, { bars: true, right: true }),
      ],
      data: d.errors,
      format: pct,
      rightFormat: perSecond,
    },
    {
      title: 'Process memory',
      className: 'xl:col-span-2',
      label: 'Process memory, RSS and heap used, in megabytes',
      series: [paletteSeries('RSS', 1, { fill: true }), paletteSeries('heap used', 5)],
      data: d.memory,
      format: mb,
      height: 160,
    },
  ];

  return (
    <div className="space-y-4" data-samples={samples.length}>
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-300">
        <Badge tone={connected ? 'green' : 'amber'}>{connected ? 'live' : 'connecting'}</Badge>
        <span aria-live="off" data-testid="metrics-last">
          {samples.length} samples
          {last ? ` · last at ${formatTime(last.at)}` : ''}
        </span>
        {live.error && <span className="text-red-700 dark:text-red-400">{live.error.message}</span>}
      </div>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-5">
        <StatTile
          size="lg"
          label="Messages/s"
          value={last ? formatNumber(last.messages_per_s) : '—'}
          hint={`${last?.sessions.length ?? 0} session(s)`}
        />
        <StatTile size="lg" label="Bytes/s" value={last ? formatBytes(last.bytes_per_s) : '—'} />
        <StatTile
          size="lg"
          label="Latency p95"
          value={last?.latency_p95_ms != null ? ms(last.latency_p95_ms) : '—'}
          hint={
            last?.latency_p50_ms != null ? `p50 ${ms(last.latency_p50_ms)}` : 'no calls in 60 s'
          }
        />
        <StatTile
          size="lg"
          label="Error rate (60 s)"
          value={d.errorRate === null ? '—' : pct(d.errorRate)}
          hint={`${d.callsInWindow} call(s)`}
        />
        <StatTile
          size="lg"
          label="Memory (RSS)"
          value={last ? mb(last.rss_mb) : '—'}
          hint={last ? `heap ${mb(last.heap_used_mb)}` : undefined}
        />
      </div>
      <div className="grid gap-4 xl:grid-cols-2">
        {charts.map((c) => (
          <ChartCard key={c.title} {...c} />
        ))}
      </div>
      <Card title="Sessions now" bodyClassName="p-0">
        {!last || last.sessions.length === 0 ? (
          <p className="p-4 text-sm text-slate-500 dark:text-slate-400">
            No open session. Open one on Connections or Tools to see its traffic here.
          </p>
        ) : (
          <ScrollTable label="Session rates">
            <thead className="bg-slate-50 text-[11px] uppercase tracking-wide text-slate-500 dark:bg-slate-800/60 dark:text-slate-400">
              <tr>
                <Th>Session</Th>
                <Th>State</Th>
                <Th className="text-right">Messages/s</Th>
                <Th className="text-right">Bytes/s</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {last.sessions.map((s) => (
                <tr key={s.session_id}>
                  <td className="px-3 py-1.5 font-mono text-xs">
                    <span
                      className="mr-2 inline-block h-2 w-2 rounded-full"
                      style={{ background: d.colorOf.get(s.session_id) }}
                      aria-hidden="true"
                    />
                    <span className="font-sans text-sm">{d.labelOf.get(s.session_id)}</span>
                    <span className="ml-2 text-slate-500 dark:text-slate-400">
                      {s.session_id.slice(0, 8)}
                    </span>
                  </td>
                  <td className="px-3 py-1.5">
                    <Badge tone={toneOf(s.state)}>{s.state}</Badge>
                  </td>
                  <td className="px-3 py-1.5 text-right tabular-nums">
                    {formatNumber(s.messages_per_s)}
                  </td>
                  <td className="px-3 py-1.5 text-right tabular-nums">
                    {formatBytes(s.bytes_per_s)}
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </Card>
    </div>
  );
}
