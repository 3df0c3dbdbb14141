'use client';
// uPlot wrapper: created in an effect, fed with setData, resized by a ResizeObserver, destroyed on unmount.
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import uPlot from 'uplot';

/** One plotted series. */
export interface ChartSeries {
  label: string;
  color: string;
  /** Fill the area under the line. */
  fill?: boolean;
  /** Draw bars instead of a line. */
  bars?: boolean;
  dash?: number[];
}

/** Series colours, distinct in light and dark mode. */
export const PALETTE = [
  '#0ea5e9',
  '#8b5cf6',
  '#10b981',
  '#f59e0b',
  '#f43f5e',
  '#06b6d4',
  '#84cc16',
  '#d946ef',
  '#f97316',
  '#14b8a6',
];

function subscribeTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}

/** True while the `dark` class is on <html>; follows the theme toggle. */
export function useDarkMode(): boolean {
  return useSyncExternalStore(
    subscribeTheme,
    () => document.documentElement.classList.contains('dark'),
    () => false,
  );
}

/** A time-series (or indexed) chart drawn by uPlot into a canvas, sized to its container. */
export function UPlotChart({
  label,
  series,
  data,
  height = 180,
  format = (v) => String(v),
  time = true,
  xFormat,
  minY = 0,
}: {
  /** Accessible name of the chart. */
  label: string;
  series: readonly ChartSeries[];
  /** x values first, then one array per series (null for gaps). */
  data: uPlot.AlignedData;
  height?: number;
  /** Formats y values on the axis and in the legend. */
  format?: (value: number) => string;
  /** x values are Unix seconds (true) or plain numbers. */
  time?: boolean;
  /** Formats x values on the axis when `time` is false. */
  xFormat?: (value: number) => string;
  /** Lowest y of the axis (null lets uPlot decide). */
  minY?: number | null;
}) {
  const wrap = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef({ data, format, xFormat });
  const dark = useDarkMode();
  const shape = JSON.stringify({ series, height, dark, time, minY });

  useEffect(() => {
    latest.current = { data, format, xFormat };
  });

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const axis = dark ? '#94a3b8' : '#64748b';
    const grid = dark ? '#1e293b' : '#e2e8f0';
    const fmt = (v: number | null | undefined) =>
      v === null || v === undefined ? '—' : latest.current.format(v);
    const defs = JSON.parse(shape).series as ChartSeries[];
    const opts: uPlot.Options = {
      width: Math.max(160, el.clientWidth),
      height,
      cursor: { drag: { x: false, y: false, setScale: false } },
      legend: { show: true, live: true },
      scales: {
        x: { time },
        y: {
          range: (_u, dmin, dmax) => {
            const lo = minY ?? dmin ?? 0;
            const hi = Math.max(dmax ?? 0, lo + 1e-9);
            const top = hi === lo ? lo + 1 : hi + (hi - lo) * 0.1;
            return [lo, top];
          },
        },
      },
      series: [
        time
          ? {}
          : {
              label: 'x',
              value: (_u, v) => (v === null ? '—' : (latest.current.xFormat?.(v) ?? String(v))),
            },
        ...defs.map((s): uPlot.Series => ({
          label: s.label,
          stroke: s.color,
          width: 1.5,
          dash: s.dash,
          fill: s.fill || s.bars ? `${s.color}33` : undefined,
          points: { show: false },
          spanGaps: false,
          paths: s.bars ? uPlot.paths.bars?.({ size: [0.7, 48] }) : undefined,
          value: (_u, v) => fmt(v),
        })),
      ],
      axes: [
        {
          stroke: axis,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid, width: 1 },
          values: time
            ? undefined
            : (_u, splits) => splits.map((v) => latest.current.xFormat?.(v) ?? String(v)),
        },
        {
          stroke: axis,
          size: 64,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid, width: 1 },
          values: (_u, splits) => splits.map((v) => fmt(v)),
        },
      ],
    };
    const u = new uPlot(opts, latest.current.data, el);
    plot.current = u;
    const observer = new ResizeObserver(() => {
      const width = Math.max(160, el.clientWidth);
      if (width !== u.width) u.setSize({ width, height });
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [shape, dark, height, time, minY]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return (
    <div
      ref={wrap}
      role="figure"
      aria-label={label}
      className="chart-uplot min-w-0 text-slate-700 dark:text-slate-300 [&_.u-legend]:text-xs [&_.u-legend]:text-left [&_.u-series_th]:font-normal"
    />
  );
}
