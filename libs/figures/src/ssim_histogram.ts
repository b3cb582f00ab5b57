import type { TopLevelSpec } from 'vega-lite';
import { checkFiniteIn01, checkNonEmpty, FONT } from './check.ts';

/** One bar of the SSIM histogram: examples with SSIM in [start, end). */
export interface HistogramBin {
  start: number;
  end: number;
  count: number;
}

/**
 * Counts of `values` (SSIM of each AdA image against its clean image, in [0, 1]) in `bins` equal
 * bins over [0, 1]; 1 falls in the last bin. Binned here, not by the chart, so the dashboard and
 * the CLI show the same bars and tests can read them.
 */
export function ssimBins(values: readonly number[], bins = 20): HistogramBin[] {
  checkNonEmpty('values', 'ssimBins', values);
  if (!(Number.isInteger(bins) && bins >= 1 && bins <= 1000))
    throw new RangeError(
      `Argument 'bins' passed to 'ssimBins' must be an integer in [1, 1000], got ${bins}`,
    );
  const counts = new Array<number>(bins).fill(0);
  values.forEach((v, i) => {
    checkFiniteIn01(`values[${i}]`, 'ssimBins', v);
    counts[Math.min(bins - 1, Math.floor(v * bins))]! += 1;
  });
  return counts.map((count, i) => ({ start: i / bins, end: (i + 1) / bins, count }));
}

/**
 * Figure 1b of the paper as a Vega-Lite spec: histogram of the SSIM between AdA images and their
 * clean originals, with the mean marked by a rule.
 */
export function ssimHistogramSpec(
  values: readonly number[],
  options: { title?: string; bins?: number } = {},
): TopLevelSpec {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return histogramSpec(ssimBins(values, options.bins), values.length, mean, options.title);
}

/**
 * Figure 1b from counts already binned (e.g. a run's recorded AdA SSIM): `counts[i]` images in
 * the i-th of `counts.length` equal bins over [0, 1], and the `mean` SSIM of those images.
 */
export function ssimHistogramFromCountsSpec(
  counts: readonly number[],
  mean: number,
  options: { title?: string } = {},
): TopLevelSpec {
  const fn = 'ssimHistogramFromCountsSpec';
  checkNonEmpty('counts', fn, counts);
  counts.forEach((c, i) => {
    if (!(Number.isInteger(c) && c >= 0))
      throw new RangeError(
        `Argument 'counts[${i}]' passed to '${fn}' must be an integer >= 0, got ${c}`,
      );
  });
  const n = counts.reduce((s, c) => s + c, 0);
  if (n === 0) throw new RangeError(`Argument 'counts' passed to '${fn}' must count some images`);
  if (!(Number.isFinite(mean) && mean >= -1 && mean <= 1))
    throw new RangeError(`Argument 'mean' passed to '${fn}' must be in [-1, 1], got ${mean}`);
  const bins = counts.map((count, i) => ({
    start: i / counts.length,
    end: (i + 1) / counts.length,
    count,
  }));
  return histogramSpec(bins, n, mean, options.title);
}

function histogramSpec(
  bins: HistogramBin[],
  n: number,
  mean: number,
  title: string | undefined,
): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(title ? { title } : {}),
    config: FONT,
    width: 360,
    height: 180,
    layer: [
      {
        data: { values: bins },
        mark: { type: 'rect', color: '#3b528b', stroke: '#ffffff', strokeWidth: 0.5 },
        encoding: {
          x: {
            field: 'start',
            type: 'quantitative',
            scale: { domain: [0, 1] },
            title: `SSIM to the clean image (n = ${n})`,
          },
          x2: { field: 'end' },
          y: { field: 'count', type: 'quantitative', title: 'images' },
          tooltip: [
            { field: 'start', type: 'quantitative', format: '.2f' },
            { field: 'end', type: 'quantitative', format: '.2f' },
            { field: 'count', type: 'quantitative' },
          ],
        },
      },
      {
        data: { values: [{ mean, label: `mean ${mean.toFixed(3)}` }] },
        layer: [
          {
            mark: { type: 'rule', color: '#c0392b', strokeWidth: 2 },
            encoding: { x: { field: 'mean', type: 'quantitative' } },
          },
          {
            mark: {
              type: 'text',
              align: 'right',
              dx: -4,
              dy: -4,
              color: '#a93226',
              y: 0,
              baseline: 'top',
            },
            encoding: {
              x: { field: 'mean', type: 'quantitative' },
              text: { field: 'label', type: 'nominal' },
            },
          },
        ],
      },
    ],
  };
}
