import type { TopLevelSpec } from 'vega-lite';
import { checkNonEmpty, FONT } from './check.ts';

/** One example of Figure 1a: image URLs (http(s) or data: URLs) of its three panels. */
export interface ExampleTriple {
  clean: string;
  ada: string;
  /** |ada - clean| amplified so the perturbation is visible. */
  difference: string;
  /** Optional caption, e.g. the class name or the SSIM. */
  caption?: string;
}

const PANELS = ['clean', 'ada', 'difference'] as const;
const PANEL_TITLE: Record<(typeof PANELS)[number], string> = {
  clean: 'clean',
  ada: 'AdA',
  difference: 'amplified difference',
};

/**
 * Figure 1a of the paper as a Vega-Lite spec: one row per example, columns clean / AdA /
 * amplified difference, each an image mark of `size` pixels.
 */
export function examplesGridSpec(
  examples: readonly ExampleTriple[],
  options: { title?: string; size?: number } = {},
): TopLevelSpec {
  checkNonEmpty('examples', 'examplesGridSpec', examples);
  const size = options.size ?? 64;
  const values = examples.flatMap((e, i) =>
    PANELS.map((panel) => ({
      example: e.caption ? `${i + 1}: ${e.caption}` : `${i + 1}`,
      panel: PANEL_TITLE[panel],
      url: e[panel],
    })),
  );
  const rows = values.filter((_, i) => i % PANELS.length === 0).map((v) => v.example);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title ? { title: options.title } : {}),
    config: { ...FONT, view: { stroke: null } },
    data: { values },
    width: { step: size + 8 },
    height: { step: size + 8 },
    mark: { type: 'image', width: size, height: size, aspect: false, smooth: false },
    encoding: {
      x: {
        field: 'panel',
        type: 'nominal',
        sort: PANELS.map((p) => PANEL_TITLE[p]),
        title: null,
        axis: { orient: 'top', ticks: false, domain: false, labelAngle: 0 },
      },
      y: {
        field: 'example',
        type: 'nominal',
        sort: rows,
        title: 'example',
        axis: { ticks: false, domain: false },
      },
      url: { field: 'url', type: 'nominal' },
    },
  };
}
