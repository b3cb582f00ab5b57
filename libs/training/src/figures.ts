import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import {
  accuracyHeatmapPanelsSpec,
  renderSvg,
  type AccuracyPoint,
  type TopLevelSpec,
} from '@ada/figures';

/** Per-corruption accuracy measured at one point of training (Figure 2 of the paper). */
export type HistoryPoint = AccuracyPoint;

/** A figure in both forms the CLI writes: the SVG text and a PNG rasterised from it. */
export interface RenderedFigure {
  svg: string;
  png: Uint8Array;
}

const require = createRequire(import.meta.url);
/**
 * The fonts figures are rasterised with: DejaVu Sans from an npm package, so a PNG has the same
 * readable text on a fresh machine with no system fonts (vega's SVG names DejaVu Sans first).
 */
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) =>
  require.resolve(`dejavu-fonts-ttf/ttf/${f}`),
);

/**
 * Renders a Vega-Lite spec (from `@ada/figures`) to SVG, and the SVG to a PNG with resvg at
 * `scale` times its size (default 2, for sharp text).
 */
export async function renderFigure(spec: TopLevelSpec, scale = 2): Promise<RenderedFigure> {
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 8))
    throw new RangeError(
      `Argument 'scale' passed to 'renderFigure' must be in (0, 8], got ${scale}`,
    );
  const svg = await renderSvg(spec);
  const png = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: scale },
    font: {
      fontFiles: FONT_FILES,
      loadSystemFonts: false,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  })
    .render()
    .asPng();
  return { svg, png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength) };
}

/**
 * Figure 2 of the paper for one run: per-corruption accuracy through training as three heatmaps
 * (raw, normalised per epoch, normalised per corruption), one row per name in `rows`, one column
 * per evaluation epoch, accuracy in percent printed in each cell.
 */
export async function renderAccuracyHeatmap(
  title: string,
  rows: readonly string[],
  history: readonly HistoryPoint[],
): Promise<RenderedFigure> {
  if (history.length === 0)
    throw new RangeError(`Argument 'history' passed to 'renderAccuracyHeatmap' must not be empty`);
  return renderFigure(accuracyHeatmapPanelsSpec(rows, history, { title }));
}
