import type { TopLevelSpec } from 'vega-lite';
import { checkFiniteIn01, checkNonEmpty, FONT } from './check.ts';

/** Per-corruption accuracy measured at one point of training (one column of Figure 2). */
export interface AccuracyPoint {
  epoch: number;
  /** Accuracy in [0, 1] per corruption name, plus `clean`. */
  accuracy: Readonly<Record<string, number>>;
}

/**
 * How Figure 2's cells are scaled. `raw`: accuracy itself. `column`: each epoch's accuracies
 * divided by that epoch's best (which corruptions lag behind at that point of training). `row`:
 * each corruption's accuracies divided by its best over training (when each one is learned).
 */
export type HeatmapNormalisation = 'raw' | 'column' | 'row';

/** One cell of the heatmap: the value the colour shows and the accuracy behind it. */
export interface HeatmapCell {
  corruption: string;
  epoch: number;
  accuracy: number;
  value: number;
}

/**
 * The cells of Figure 2: one per (row, evaluation point) that has an accuracy, in row order then
 * epoch order, scaled by `normalisation`. Rows without any value are left out; a column or row
 * whose best value is 0 keeps 0 (nothing to scale by).
 */
export function heatmapCells(
  rows: readonly string[],
  history: readonly AccuracyPoint[],
  normalisation: HeatmapNormalisation = 'raw',
): HeatmapCell[] {
  checkNonEmpty('history', 'heatmapCells', history);
  const cells: HeatmapCell[] = [];
  for (const corruption of rows) {
    for (const point of history) {
      const accuracy = point.accuracy[corruption];
      if (accuracy === undefined) continue;
      checkFiniteIn01(
        `history[epoch ${point.epoch}].accuracy.${corruption}`,
        'heatmapCells',
        accuracy,
      );
      cells.push({ corruption, epoch: point.epoch, accuracy, value: accuracy });
    }
  }
  if (normalisation === 'raw') return cells;
  const key = (c: HeatmapCell): string =>
    normalisation === 'column' ? `e${c.epoch}` : `c${c.corruption}`;
  const best = new Map<string, number>();
  for (const c of cells) best.set(key(c), Math.max(best.get(key(c)) ?? 0, c.accuracy));
  return cells.map((c) => {
    const b = best.get(key(c))!;
    return { ...c, value: b > 0 ? c.accuracy / b : 0 };
  });
}

const LEGEND_TITLE: Record<HeatmapNormalisation, string> = {
  raw: 'accuracy',
  column: 'accuracy / best at epoch',
  row: 'accuracy / best of row',
};

type HeatmapView = Extract<TopLevelSpec, { layer: unknown }>;

/** One heatmap panel (data, encodings, layers), without the top-level properties. */
function heatmapPanel(
  rows: readonly string[],
  history: readonly AccuracyPoint[],
  normalisation: HeatmapNormalisation,
  title: string | undefined,
): Omit<HeatmapView, '$schema' | 'config'> {
  const cells = heatmapCells(rows, history, normalisation).map((c) => ({
    ...c,
    label: (100 * c.accuracy).toFixed(0),
  }));
  const present = rows.filter((r) => cells.some((c) => c.corruption === r));
  const epochs = history.map((h) => h.epoch);
  const y = {
    field: 'corruption',
    type: 'nominal',
    sort: present,
    title: 'corruption (severity 3)',
  } as const;
  const x = {
    field: 'epoch',
    type: 'ordinal',
    sort: epochs,
    title: 'epoch',
    axis: { labelAngle: 0 },
  } as const;
  return {
    ...(title ? { title } : {}),
    data: { values: cells },
    width: { step: 34 },
    height: { step: 20 },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          x,
          y,
          color: {
            field: 'value',
            type: 'quantitative',
            scale: { scheme: 'viridis', domain: [0, 1] },
            legend: { title: LEGEND_TITLE[normalisation], format: '.0%' },
          },
          tooltip: [
            { field: 'corruption', type: 'nominal' },
            { field: 'epoch', type: 'ordinal' },
            { field: 'accuracy', type: 'quantitative', format: '.1%' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          x,
          y,
          text: { field: 'label', type: 'nominal' },
          color: {
            condition: { test: 'datum.value > 0.6', value: '#111111' },
            value: '#ffffff',
          },
        },
      },
    ],
  };
}

/**
 * Figure 2 of the paper as a Vega-Lite spec: one row per corruption (in `rows` order, `clean`
 * usually first), one column per evaluation epoch, colour = accuracy (or its normalised value),
 * accuracy in percent printed in each cell.
 *
 * ```ts
 * const spec = accuracyHeatmapSpec(['clean', 'fog'], [{ epoch: 1, accuracy: { clean: 0.5, fog: 0.3 } }]);
 * const svg = await renderSvg(spec);
 * ```
 */
export function accuracyHeatmapSpec(
  rows: readonly string[],
  history: readonly AccuracyPoint[],
  options: { title?: string; normalisation?: HeatmapNormalisation } = {},
): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: FONT,
    ...heatmapPanel(rows, history, options.normalisation ?? 'raw', options.title),
  };
}

/**
 * The whole of Figure 2: the raw, column-normalised and row-normalised heatmaps side by side,
 * each with its own colour legend. Every cell prints the raw accuracy in percent.
 */
export function accuracyHeatmapPanelsSpec(
  rows: readonly string[],
  history: readonly AccuracyPoint[],
  options: { title?: string } = {},
): TopLevelSpec {
  const panels = (['raw', 'column', 'row'] as const).map((n) =>
    heatmapPanel(rows, history, n, PANEL_TITLE[n]),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title ? { title: options.title } : {}),
    config: FONT,
    hconcat: panels,
    resolve: { scale: { color: 'independent' } },
  };
}

const PANEL_TITLE: Record<HeatmapNormalisation, string> = {
  raw: 'accuracy',
  column: 'normalised per epoch (column)',
  row: 'normalised per corruption (row)',
};
