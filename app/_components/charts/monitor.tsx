'use client';
// Charts of an mqtt_monitor_performance result: per-second rates, payload size distribution, top topics.
import { useMemo } from 'react';
import { paletteSeries } from './chart-card';
import { BYTE_INCRS, UPlotChart, type ChartSeries } from './uplot';
import { Badge } from '../ui/badge';
import { StatTile } from '../ui/stat';
import { formatBytes, formatNumber, formatTime } from '../ui/format';
import type { ToolOutputs } from '../../_trpc/types';

/** The data of an mqtt_monitor_performance result. */
export type MonitorResult = ToolOutputs['mqtt_monitor_performance'];

type TopicTraffic = MonitorResult['traffic']['top_by_rate'][number];

/** Horizontal bars of named values, scaled to the largest; `stacked` puts long names above. */
function BarList({
  label,
  rows,
  format,
  stacked = false,
}: {
  label: string;
  rows: Array<{ name: string; value: number; mono?: boolean; extra?: string }>;
  format: (v: number) => string;
  stacked?: boolean;
}) {
  const max = Math.max(1e-9, ...rows.map((r) => r.value));
  const bar = (r: (typeof rows)[number]) => (
    <div className="flex items-center gap-2">
      <div className="h-2.5 flex-1 overflow-hidden rounded-sm bg-slate-100 dark:bg-slate-800">
        <div
          className="h-full rounded-sm bg-sky-500"
          style={{ width: `${Math.max(1, (r.value / max) * 100)}%` }}
        />
      </div>
      <span className="w-20 shrink-0 text-right text-xs tabular-nums">{format(r.value)}</span>
      {r.extra && (
        <span className="w-16 shrink-0 text-right text-xs tabular-nums text-slate-500 dark:text-slate-400">
          {r.extra}
        </span>
      )}
    </div>
  );
  return (
    <table className="w-full table-fixed text-sm">
      <caption className="sr-only">{label}</caption>
      <tbody>
        {rows.map((r) =>
          stacked ? (
            <tr key={r.name}>
              <td className="py-1">
                <span className={`block break-all ${r.mono ? 'font-mono text-xs' : ''}`}>
                  {r.name}
                </span>
                <span className="mt-1 block">{bar(r)}</span>
              </td>
            </tr>
          ) : (
            <tr key={r.name} className="align-middle">
              <th scope="row" className="w-12 py-1 pr-3 text-left font-normal">
                {r.name}
              </th>
              <td className="py-1">{bar(r)}</td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}

function TopTopics({
  title,
  rows,
  by,
}: {
  title: string;
  rows: TopicTraffic[];
  by: 'rate' | 'bytes';
}) {
  return (
    <div className="min-w-0">
      <h4 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">
        {title}
      </h4>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">no traffic</p>
      ) : (
        <BarList
          label={title}
          stacked
          rows={rows.map((t) => ({
            name: t.topic,
            mono: true,
            value: by === 'rate' ? t.messages_per_second : t.bytes_per_second,
            extra: by === 'rate' ? `${formatNumber(t.messages)} msg` : formatBytes(t.bytes),
          }))}
          format={(v) => (by === 'rate' ? `${formatNumber(v)}/s` : `${formatBytes(v)}/s`)}
        />
      )}
    </div>
  );
}

const second = (v: number) => `${v} s`;

/** Bars of one value per second of the monitor's window, under a heading. */
function PerSecondChart({
  title,
  series,
  data,
  ...chart
}: {
  title: string;
  label: string;
  series: ChartSeries;
  data: [number[], number[]];
  format: (v: number) => string;
  yIncrs?: number[];
}) {
  return (
    <div className="min-w-0">
      <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">
        {title}
      </h4>
      <UPlotChart
        series={[series]}
        data={data}
        time={false}
        xFormat={second}
        xLabel="second"
        xRange={[-0.5, Math.max(0.5, data[0].length - 0.5)]}
        height={160}
        {...chart}
      />
    </div>
  );
}

/** The charts and tables of one monitor result. */
export function MonitorCharts({ data }: { data: MonitorResult }) {
  const { traffic } = data;
  const ps = traffic.per_second;
  const series = useMemo(() => {
    const xs = ps.messages.map((_, i) => i);
    return {
      messages: [xs, ps.messages] as [number[], number[]],
      bytes: [xs, ps.bytes] as [number[], number[]],
    };
  }, [ps]);
  const sizes = traffic.payload_size_bytes;
  return (
    <div className="space-y-5" data-testid="monitor-charts">
      <div className="grid grid-cols-2 gap-2 md:grid-cols-4">
        <StatTile
          label="Messages"
          value={formatNumber(traffic.messages)}
          hint={`${formatNumber(traffic.messages_per_second)}/s mean`}
        />
        <StatTile
          label="Bytes"
          value={formatBytes(traffic.bytes)}
          hint={`${formatBytes(traffic.bytes_per_second)}/s mean`}
        />
        <StatTile
          label="Peak rate"
          value={`${formatNumber(ps.peak_messages_per_second)}/s`}
          hint={`${formatBytes(ps.peak_bytes_per_second)}/s peak`}
        />
        <StatTile
          label="Topics"
          value={formatNumber(traffic.topic_count)}
          hint={
            traffic.retained_replayed.messages > 0
              ? `${traffic.retained_replayed.messages} retained replayed`
              : undefined
          }
        />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <PerSecondChart
          title="Messages per second"
          label={`Messages per second of ${data.topic_pattern}, peak ${ps.peak_messages_per_second}`}
          series={paletteSeries('messages/s', 0, { bars: true })}
          data={series.messages}
          format={formatNumber}
        />
        <PerSecondChart
          title="Bytes per second"
          label={`Bytes per second of ${data.topic_pattern}`}
          series={paletteSeries('bytes/s', 1, { bars: true })}
          data={series.bytes}
          format={formatBytes}
          yIncrs={BYTE_INCRS}
        />
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="min-w-0">
          <h4 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">
            Payload size distribution
          </h4>
          {sizes ? (
            <BarList
              label="Payload size distribution"
              rows={[
                { name: 'min', value: sizes.min },
                { name: 'p50', value: sizes.p50 },
                { name: 'mean', value: sizes.mean },
                { name: 'p95', value: sizes.p95 },
                { name: 'max', value: sizes.max },
              ]}
              format={formatBytes}
            />
          ) : (
            <p className="text-sm text-slate-500 dark:text-slate-400">no payloads measured</p>
          )}
        </div>
        <TopTopics title="Top topics by rate" rows={traffic.top_by_rate} by="rate" />
        <TopTopics title="Top topics by bytes" rows={traffic.top_by_bytes} by="bytes" />
      </div>
      {traffic.spikes.length > 0 && (
        <div>
          <h4 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">
            Spikes
          </h4>
          <ul className="flex flex-wrap gap-2">
            {traffic.spikes.map((s) => (
              <li key={s.at}>
                <Badge tone="amber">
                  {formatTime(s.at)} · {s.messages} msg · ×{formatNumber(s.factor)}
                </Badge>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
