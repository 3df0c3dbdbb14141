// A chart in a titled card, and series in the palette's colours.
import type { ComponentProps } from 'react';
import { PALETTE, UPlotChart, type ChartSeries } from './uplot';
import { Card } from '../ui/card';

/** The palette's `index`-th colour, wrapping around. */
export const paletteColor = (index: number): string => PALETTE[index % PALETTE.length] as string;

/** A series named `label` in the palette's `index`-th colour. */
export function paletteSeries(
  label: string,
  index: number,
  options: Omit<ChartSeries, 'label' | 'color'> = {},
): ChartSeries {
  return { label, color: paletteColor(index), ...options };
}

/** Props of a ChartCard: the card's title (and class), then the chart's own props. */
export type ChartCardProps = { title: string; className?: string } & ComponentProps<
  typeof UPlotChart
>;

/** A chart in a card titled `title`. */
export function ChartCard({ title, className, ...chart }: ChartCardProps) {
  return (
    <Card title={title} className={className}>
      <UPlotChart {...chart} />
    </Card>
  );
}
