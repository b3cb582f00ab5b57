import type { TopLevelSpec } from 'vega-lite';
import { checkNonEmpty, FONT } from './check.ts';

/** One value of one metric at one training step (as the gateway's metric history has them). */
export interface MetricPoint {
  metric: string;
  step: number;
  value: number;
}

/**
 * Training curves as a Vega-Lite spec: one line per metric over steps (loss and accuracies), one
 * panel per metric so each keeps its own y scale.
 */
export function metricCurvesSpec(
  points: readonly MetricPoint[],
  options: { title?: string; width?: number } = {},
): TopLevelSpec {
  checkNonEmpty('points', 'metricCurvesSpec', points);
  points.forEach((p, i) => {
    if (!Number.isFinite(p.step) || !Number.isFinite(p.value))
      throw new RangeError(
        `Argument 'points[${i}]' passed to 'metricCurvesSpec' must have finite step and value, got step ${p.step}, value ${p.value}`,
      );
  });
  const metrics = [...new Set(points.map((p) => p.metric))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title ? { title: options.title } : {}),
    config: FONT,
    data: { values: points.map((p) => ({ ...p })) },
    facet: { row: { field: 'metric', type: 'nominal', sort: metrics, title: null } },
    spec: {
      width: options.width ?? 420,
      height: 110,
      mark: {
        type: 'line',
        color: '#21918c',
        ...(points.length <= 60 ? { point: { color: '#21918c' } } : {}),
      },
      encoding: {
        x: { field: 'step', type: 'quantitative', title: 'step', axis: { format: 'd' } },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        tooltip: [
          { field: 'metric', type: 'nominal' },
          { field: 'step', type: 'quantitative' },
          { field: 'value', type: 'quantitative', format: '.4f' },
        ],
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}
