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
  /** Plot against the right-hand axis (formatted by `rightFormat`). */
  right?: boolean;
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

/** Tick steps of byte axes: 1-2-5 below 1 KiB, then 1-2-5 multiples of KiB, MiB and GiB. */
export const BYTE_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500].concat(
  ...[1024, 1024 ** 2, 1024 ** 3].map((unit) =>
    [1, 2, 5, 10, 20, 50, 100, 200, 500].map((m) => m * unit),
  ),
);

const AXIS_FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

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

/** Width of a y axis sized to its longest label (uPlot's documented auto-size pattern). */
function autoSize(self: uPlot, values: string[] | null, axisIdx: number, cycleNum: number): number {
  const axis = self.axes[axisIdx] as uPlot.Axis & { _size?: number };
  if (cycleNum > 1 && axis._size) return axis._size;
  const longest = (values ?? []).reduce((a, v) => (v.length > a.length ? v : a), '');
  self.ctx.font = AXIS_FONT;
  return Math.ceil(longest ? self.ctx.measureText(longest).width : 0) + 18;
}

const clock = (seconds: number) =>
  new Date(seconds * 1000).toLocaleTimeString('en-GB', { hour12: false });

/** Shows the newest values in the legend while the pointer is not over the plot. */
function showLatest(u: uPlot): void {
  const n = u.data[0]?.length ?? 0;
  if (n > 0 && (u.cursor.left ?? -1) < 0) u.setLegend({ idx: n - 1 });
}

/** A time-series (or indexed) chart drawn by uPlot into a canvas, sized to its container. */
export function UPlotChart({
  label,
  series,
  data,
  height = 180,
  format = (v) => String(v),
  rightFormat,
  time = true,
  xFormat,
  xLabel,
  xRange,
  yIncrs,
  minY = 0,
}: {
  /** Accessible name of the chart. */
  label: string;
  series: readonly ChartSeries[];
  /** x values first, then one array per series (null for gaps). */
  data: uPlot.AlignedData;
  height?: number;
  /** Formats y values on the left axis and in the legend. */
  format?: (value: number) => string;
  /** Formats values of `right` series (axis and legend). */
  rightFormat?: (value: number) => string;
  /** x values are Unix seconds (true) or plain numbers. */
  time?: boolean;
  /** Formats x values when `time` is false. */
  xFormat?: (value: number) => string;
  /** Legend name of the x value. Default `time` (or `x` when `time` is false). */
  xLabel?: string;
  /** Fixed x range (e.g. padding around bars). */
  xRange?: [number, number];
  /** Tick steps of the left axis (e.g. BYTE_INCRS); uPlot's 1-2-5 steps otherwise. */
  yIncrs?: number[];
  /** Lowest y of the axis (null lets uPlot decide). */
  minY?: number | null;
}) {
  const wrap = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef({ data, format, rightFormat, xFormat, xLabel });
  const dark = useDarkMode();
  const shape = JSON.stringify({ series, height, time, minY, xRange, yIncrs });

  useEffect(() => {
    latest.current = { data, format, rightFormat, xFormat, xLabel };
  });

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const {
      series: defs,
      height,
      time,
      minY,
      xRange,
    } = JSON.parse(shape) as {
      series: ChartSeries[];
      height: number;
      time: boolean;
      minY: number | null;
      xRange?: [number, number];
    };
    const axisColor = dark ? '#94a3b8' : '#64748b';
    const grid = dark ? '#1e293b' : '#e2e8f0';
    const fmt = (v: number | null | undefined, right = false) => {
      if (v === null || v === undefined) return '—';
      const f = right
        ? (latest.current.rightFormat ?? latest.current.format)
        : latest.current.format;
      return f(v);
    };
    const xFmt = (v: number) => (time ? clock(v) : (latest.current.xFormat?.(v) ?? String(v)));
    const range: uPlot.Range.Function = (_u, dmin, dmax) => {
      const lo = minY ?? dmin ?? 0;
      const hi = Math.max(dmax ?? 0, lo);
      return [lo, hi === lo ? lo + 1 : hi + (hi - lo) * 0.1];
    };
    const yAxis = (scale: string, right: boolean): uPlot.Axis => ({
      scale,
      side: right ? 1 : 3,
      stroke: axisColor,
      font: AXIS_FONT,
      size: autoSize,
      incrs: right ? undefined : yIncrs,
      grid: { show: !right, stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1, size: 4 },
      values: (_u, splits) => splits.map((v) => fmt(v, right)),
    });
    const hasRight = defs.some((s) => s.right);
    const opts: uPlot.Options = {
      width: Math.max(160, el.clientWidth),
      height,
      cursor: { drag: { x: false, y: false, setScale: false } },
      legend: { show: true, live: true },
      scales: {
        x: { time, ...(xRange ? { range: () => xRange } : {}) },
        y: { range },
        ...(hasRight ? { r: { range } } : {}),
      },
      series: [
        {
          label: latest.current.xLabel ?? (time ? 'time' : 'x'),
          value: (_u, v) => (v === null ? '—' : xFmt(v)),
        },
        ...defs.map((s): uPlot.Series => ({
          label: s.label,
          scale: s.right ? 'r' : 'y',
          stroke: s.color,
          width: 1.5,
          dash: s.dash,
          fill: s.fill || s.bars ? `${s.color}33` : undefined,
          points: { show: false },
          spanGaps: false,
          paths: s.bars ? uPlot.paths.bars?.({ size: [0.7, 48] }) : undefined,
          value: (_u, v) => fmt(v, s.right),
        })),
      ],
      axes: [
        {
          stroke: axisColor,
          font: AXIS_FONT,
          space: time ? 70 : 40,
          incrs: time ? undefined : [1, 2, 5, 10, 20, 30, 60, 120, 300, 600],
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid, width: 1, size: 4 },
          values: (_u, splits) => splits.map(xFmt),
        },
        yAxis('y', false),
        ...(hasRight ? [yAxis('r', true)] : []),
      ],
      hooks: { ready: [showLatest], setCursor: [showLatest] },
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
  }, [shape, dark]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    u.setData(data);
    showLatest(u);
  }, [data]);

  return (
    <div
      ref={wrap}
      role="figure"
      aria-label={label}
      className="chart-uplot min-w-0 text-slate-700 dark:text-slate-300 [&_.u-legend]:text-xs! [&_.u-legend_th]:font-normal! [&_.u-legend_.u-marker]:h-2.5! [&_.u-legend_.u-marker]:w-2.5!"
    />
  );
}
