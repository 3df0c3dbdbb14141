'use client';
// The explorer's chart: plotted numeric leaves over the server-side history, growing live.
import { leafLabel, type TopicChartState } from './use-topic-chart';
import { PALETTE, UPlotChart } from '../../_components/charts/uplot';
import { ErrorAlert } from '../../_components/ui/alert';
import { Button } from '../../_components/ui/button';

const number = (v: number) =>
  Math.abs(v) >= 1000 ? v.toFixed(0) : String(Number(v.toPrecision(4)));

/** The chart of the plotted leaves, with a button to remove each one. */
export function ChartPanel({ chart }: { chart: TopicChartState }) {
  const series = chart.leaves.map((leaf, i) => ({
    label: leafLabel(leaf),
    color: PALETTE[i % PALETTE.length] as string,
  }));
  return (
    <div className="space-y-2">
      <ErrorAlert message={chart.error} />
      <UPlotChart
        label="Plotted values"
        series={series}
        data={chart.data}
        format={number}
        minY={null}
      />
      <ul className="flex flex-wrap gap-1.5" aria-label="Plotted values">
        {chart.leaves.map((leaf, i) => (
          <li key={leafLabel(leaf)}>
            <Button
              size="sm"
              variant="ghost"
              aria-label={`Stop plotting ${leafLabel(leaf)}`}
              onClick={() => chart.toggle(leaf)}
            >
              <span aria-hidden="true" style={{ color: series[i]?.color }}>
                ●
              </span>{' '}
              <span className="font-mono">{leafLabel(leaf)}</span>
              <span className="text-slate-500"> ({chart.counts[i] ?? 0} points) ✕</span>
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
