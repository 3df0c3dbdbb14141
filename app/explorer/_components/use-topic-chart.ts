'use client';
// Chart state of the explorer: which numeric leaves are plotted, their series from the server, aligned for uPlot.
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type uPlot from 'uplot';
import { useTRPC } from '../../_trpc/client';

/** How often plotted series are read again (the line grows), in ms. */
const REFRESH_MS = 1000;
/** Most series on the chart at once. */
export const MAX_PLOTTED = 8;

/** One plotted leaf: a topic and a path in its JSON payload (`''` for a numeric payload). */
export interface PlottedLeaf {
  topic: string;
  path: string;
}

/** The chart's state and data. */
export interface TopicChartState {
  leaves: PlottedLeaf[];
  isPlotted(leaf: PlottedLeaf): boolean;
  toggle(leaf: PlottedLeaf): void;
  clear(): void;
  /** x (Unix seconds) then one array per leaf; a leaf holds its last value until its next one. */
  data: uPlot.AlignedData;
  /** Points read per leaf. */
  counts: number[];
  error?: string;
}

const same = (a: PlottedLeaf, b: PlottedLeaf) => a.topic === b.topic && a.path === b.path;

/** The name of a plotted leaf in a legend. */
export function leafLabel(leaf: PlottedLeaf): string {
  return leaf.path === '' ? leaf.topic : `${leaf.topic} › ${leaf.path}`;
}

/** Aligns series of [ms, value] on one time axis, carrying each value forward to the next. */
export function alignSeries(
  series: ReadonlyArray<ReadonlyArray<[number, number]>>,
): uPlot.AlignedData {
  const xs = [...new Set(series.flatMap((s) => s.map(([t]) => t)))].sort((a, b) => a - b);
  const columns = series.map((points) => {
    const out: Array<number | null> = [];
    let i = 0;
    let last: number | null = null;
    for (const x of xs) {
      while (i < points.length && (points[i] as [number, number])[0] <= x) {
        last = (points[i] as [number, number])[1];
        i++;
      }
      out.push(last);
    }
    return out;
  });
  return [xs.map((ms) => ms / 1000), ...columns];
}

/** Plotted leaves of `filter` on `sessionId`, re-read every second while any is plotted. */
export function useTopicChart(sessionId: string | undefined, filter: string): TopicChartState {
  const trpc = useTRPC();
  const [leaves, setLeaves] = useState<PlottedLeaf[]>([]);
  const query = useQuery(
    trpc.explorer.series.queryOptions(
      sessionId && leaves.length > 0
        ? { session_id: sessionId, filter, series: leaves }
        : skipToken,
      { placeholderData: keepPreviousData, refetchInterval: REFRESH_MS },
    ),
  );
  const series = query.data?.series;
  const data = useMemo(
    () => alignSeries(leaves.map((l) => series?.find((s) => same(s, l))?.points ?? [])),
    [leaves, series],
  );
  return {
    leaves,
    isPlotted: (leaf) => leaves.some((l) => same(l, leaf)),
    toggle: (leaf) =>
      setLeaves((prev) =>
        prev.some((l) => same(l, leaf))
          ? prev.filter((l) => !same(l, leaf))
          : [...prev, leaf].slice(-MAX_PLOTTED),
      ),
    clear: () => setLeaves([]),
    data,
    counts: leaves.map((l) => series?.find((s) => same(s, l))?.points.length ?? 0),
    error: query.error?.message,
  };
}
