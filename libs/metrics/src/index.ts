/** @ada/metrics: SSIM, accuracy, mCE, result tables. */
export { ssim } from './ssim.ts';
export { ssimPlain } from './ssim_plain.ts';
export { gaussianTaps } from './ssim_window.ts';
export type { SsimOptions } from './ssim_options.ts';
export { accuracy, argmaxRows, topOneError } from './accuracy.ts';
export { SEVERITIES, corruptionError, corruptionErrors, meanCorruptionError } from './mce.ts';
export type { SeverityErrors } from './mce.ts';
export { TABLE1_COLUMNS, TABLE2_COLUMNS, corruptionColumns, resultTable } from './result_table.ts';
export type { ResultColumn, ResultRow } from './result_table.ts';
export { histogram, summarize } from './histogram.ts';
export type { Histogram, HistogramSpec, Summary } from './histogram.ts';
export { renderHistogramPng } from './histogram_plot.ts';
export type { HistogramPlotOptions, PlotSeries } from './histogram_plot.ts';
