export {
  accuracyHeatmapPanelsSpec,
  accuracyHeatmapSpec,
  heatmapCells,
  type AccuracyPoint,
  type HeatmapCell,
  type HeatmapNormalisation,
} from './heatmap.ts';
export {
  ssimBins,
  ssimHistogramFromCountsSpec,
  ssimHistogramSpec,
  type HistogramBin,
} from './ssim_histogram.ts';
export { metricCurvesSpec, type MetricPoint } from './curves.ts';
export { examplesGridSpec, type ExampleTriple } from './examples_grid.ts';
export { renderSvg } from './render.ts';
export type { TopLevelSpec } from 'vega-lite';
