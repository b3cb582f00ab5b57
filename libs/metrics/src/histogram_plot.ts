import { drawText, encodePng, FONT_ADVANCE, FONT_HEIGHT } from '@ada/data';
import { histogram, type HistogramSpec } from './histogram.ts';

/** One sample to plot, e.g. the SSIM values of one radius nu. */
export interface PlotSeries {
  label: string;
  values: ArrayLike<number>;
}

export interface HistogramPlotOptions {
  /** Bins over [min, max]. */
  spec: HistogramSpec;
  title?: string;
  xLabel?: string;
  /** Image size in pixels. Default 640 x 400. */
  width?: number;
  height?: number;
  /** Text scale (glyphs are 3x5 pixels times this). Default 2. */
  textScale?: number;
}

/** Colour-blind-safe palette (Okabe-Ito), cycled over the series. */
const PALETTE: ReadonlyArray<readonly [number, number, number]> = [
  [0, 114, 178],
  [230, 159, 0],
  [0, 158, 115],
  [204, 121, 167],
  [86, 180, 233],
  [213, 94, 0],
];

/**
 * Draws grouped histograms (one bar colour per series, bar height = fraction of that series in
 * the bin) with axes, tick labels, a title and a legend, and encodes the plot as an RGB PNG.
 * Used for the SSIM-per-radius plot of the paper's Figure 1b.
 *
 * @returns PNG bytes, `width` x `height` RGB.
 *
 * ```ts
 * const png = renderHistogramPng([{ label: 'nu=0.015', values: ssims }], { spec: { min: 0.8, max: 1, bins: 20 } });
 * ```
 */
export function renderHistogramPng(
  series: readonly PlotSeries[],
  options: HistogramPlotOptions,
): Uint8Array {
  if (series.length === 0) {
    throw new RangeError(`Argument 'series' passed to 'renderHistogramPng' must not be empty`);
  }
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const ts = options.textScale ?? 2;
  const { spec } = options;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  const fill = (
    x0: number,
    y0: number,
    w: number,
    h: number,
    c: readonly [number, number, number],
  ): void => {
    for (let y = Math.max(0, Math.round(y0)); y < Math.min(height, Math.round(y0 + h)); y++) {
      for (let x = Math.max(0, Math.round(x0)); x < Math.min(width, Math.round(x0 + w)); x++) {
        const i = (y * width + x) * 3;
        rgb[i] = c[0];
        rgb[i + 1] = c[1];
        rgb[i + 2] = c[2];
      }
    }
  };
  const text = (
    s: string,
    x: number,
    y: number,
    c: readonly [number, number, number] = [0, 0, 0],
  ): void => {
    drawText(rgb, width, height, s, Math.round(x), Math.round(y), ts, c);
  };
  const textWidth = (s: string): number => s.length * FONT_ADVANCE * ts;
  const th = FONT_HEIGHT * ts;

  const hists = series.map((s) => histogram(s.values, spec));
  const fractions = hists.map((h, k) => {
    const n = Math.max(1, series[k]!.values.length);
    return h.counts.map((c) => c / n);
  });
  const yMax = Math.max(0.05, ...fractions.flat());
  const yTop = Math.ceil(yMax * 10) / 10;

  const left = 14 + textWidth('0.0') + th;
  const right = width - 12 - textWidth('0.000') / 2;
  const top = 16 + th * 2;
  const bottom = height - (20 + th * 2);
  const plotW = right - left;
  const plotH = bottom - top;
  const black = [0, 0, 0] as const;
  const grey = [225, 225, 225] as const;

  // Grid lines and y ticks (fraction of the series per bin).
  const yTicks = Math.round(yTop * 10);
  for (let k = 0; k <= yTicks; k++) {
    const v = k / 10;
    const y = bottom - (v / yTop) * plotH;
    if (k > 0) fill(left, y, plotW, 1, grey);
    fill(left - 4, y, 4, 1, black);
    text(v.toFixed(1), left - 6 - textWidth(v.toFixed(1)), y - th / 2);
  }
  // Bars: bin k spans a slot, split among the series with a small gap.
  const bins = spec.bins;
  const slot = plotW / bins;
  const barW = (slot * 0.85) / series.length;
  for (let b = 0; b < bins; b++) {
    series.forEach((_, s) => {
      const f = fractions[s]![b]!;
      const h = (f / yTop) * plotH;
      fill(
        left + b * slot + slot * 0.075 + s * barW,
        bottom - h,
        Math.max(1, barW),
        h,
        PALETTE[s % PALETTE.length]!,
      );
    });
  }
  // Axes and x ticks at 5 evenly spaced edges.
  fill(left, top, 1, plotH + 1, black);
  fill(left, bottom, plotW + 1, 1, black);
  const xTicks = 5;
  const decimals = spec.max - spec.min < 0.1 ? 3 : 2;
  for (let k = 0; k <= xTicks; k++) {
    const v = spec.min + ((spec.max - spec.min) * k) / xTicks;
    const x = left + (plotW * k) / xTicks;
    fill(x, bottom, 1, 5, black);
    const label = v.toFixed(decimals);
    text(label, x - textWidth(label) / 2, bottom + 8);
  }
  if (options.xLabel)
    text(options.xLabel, left + plotW / 2 - textWidth(options.xLabel) / 2, bottom + 12 + th);
  text('fraction', 6, 8);
  if (options.title) text(options.title, left + plotW / 2 - textWidth(options.title) / 2, 8);
  // Legend, top-left inside the plot.
  const legendW = 14 + Math.max(...series.map((s) => textWidth(s.label))) + 16;
  const legendH = series.length * (th + 6) + 6;
  fill(left + 8, top + 6, legendW, legendH, [245, 245, 245]);
  series.forEach((s, k) => {
    const y = top + 12 + k * (th + 6);
    fill(left + 14, y, th, th, PALETTE[k % PALETTE.length]!);
    text(s.label, left + 20 + th, y);
  });
  return encodePng(rgb, height, width, 3);
}
