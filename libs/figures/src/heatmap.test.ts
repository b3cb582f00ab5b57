import { describe, expect, it } from 'vitest';
import { accuracyHeatmapPanelsSpec, accuracyHeatmapSpec, heatmapCells } from './heatmap.ts';
import { renderSvg } from './render.ts';

const history = [
  { epoch: 1, accuracy: { clean: 0.5, fog: 0.25, snow: 0.1 } },
  { epoch: 2, accuracy: { clean: 0.8, fog: 0.4, snow: 0.2 } },
];

describe('heatmapCells', () => {
  it('raw: 3 rows x 2 epochs, values = accuracy', () => {
    const cells = heatmapCells(['clean', 'fog', 'snow'], history);
    expect(cells).toHaveLength(6);
    expect(cells.map((c) => c.value)).toEqual([0.5, 0.8, 0.25, 0.4, 0.1, 0.2]);
  });
  it('column: each epoch divided by its best (clean)', () => {
    const cells = heatmapCells(['clean', 'fog', 'snow'], history, 'column');
    expect(cells.map((c) => c.value)).toEqual([1, 1, 0.5, 0.5, 0.2, 0.25]);
  });
  it('row: each corruption divided by its best over training', () => {
    const cells = heatmapCells(['clean', 'fog', 'snow'], history, 'row');
    expect(cells.map((c) => c.value)).toEqual([0.625, 1, 0.625, 1, 0.5, 1]);
    expect(cells.map((c) => c.accuracy)).toEqual([0.5, 0.8, 0.25, 0.4, 0.1, 0.2]);
  });
  it('skips rows with no value and keeps 0 where the best is 0', () => {
    const cells = heatmapCells(['clean', 'absent'], [{ epoch: 1, accuracy: { clean: 0 } }], 'row');
    expect(cells).toEqual([{ corruption: 'clean', epoch: 1, accuracy: 0, value: 0 }]);
  });
  it('names the argument on bad input', () => {
    expect(() => heatmapCells(['clean'], [])).toThrow(/'history' passed to 'heatmapCells'/);
    expect(() => heatmapCells(['clean'], [{ epoch: 1, accuracy: { clean: 1.5 } }])).toThrow(
      /accuracy\.clean.*\[0, 1\], got 1\.5/,
    );
  });
});

describe('accuracyHeatmapSpec rendered to SVG', () => {
  it('prints every accuracy in percent, the epochs, the row names and the legend title', async () => {
    const svg = await renderSvg(
      accuracyHeatmapSpec(['clean', 'fog', 'snow'], history, {
        title: 'nominal seed 0',
        normalisation: 'column',
      }),
    );
    expect(svg.startsWith('<svg')).toBe(true);
    for (const label of ['50', '80', '25', '40', '10', '20'])
      expect(svg).toContain(`>${label}</text>`);
    for (const text of ['clean', 'fog', 'snow', 'nominal seed 0', 'accuracy / best at epoch'])
      expect(svg).toContain(text);
    // one rect per cell, in the mark group
    expect(svg.match(/aria-roledescription="rect mark"/g)?.length ?? 0).toBeGreaterThan(0);
  });
});

describe('accuracyHeatmapPanelsSpec', () => {
  it('three panels (raw, per column, per row), each printing the raw accuracies', async () => {
    const svg = await renderSvg(
      accuracyHeatmapPanelsSpec(['clean', 'fog', 'snow'], history, { title: 'Figure 2' }),
    );
    for (const text of [
      'normalised per epoch (column)',
      'normalised per corruption (row)',
      'accuracy / best of row',
      'Figure 2',
    ])
      expect(svg).toContain(text);
    expect(svg.match(/>80<\/text>/g)).toHaveLength(3);
  });
});
