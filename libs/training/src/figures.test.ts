import { describe, expect, it } from 'vitest';
import { decodePng } from '@ada/data';
import { accuracyHeatmapSpec } from '@ada/figures';
import { renderAccuracyHeatmap, renderFigure } from './figures.ts';

const history = [
  { epoch: 1, accuracy: { clean: 0.42, fog: 0.31, snow: 0.12 } },
  { epoch: 2, accuracy: { clean: 0.67, fog: 0.55, snow: 0.29 } },
];

describe('renderAccuracyHeatmap (Figure 2 for ada run)', () => {
  it('SVG: title, row names, epochs and every accuracy in percent, in all three panels', async () => {
    const { svg } = await renderAccuracyHeatmap(
      'nominal seed 0',
      ['clean', 'fog', 'snow'],
      history,
    );
    for (const text of ['nominal seed 0', 'clean', 'fog', 'snow', 'epoch', 'normalised per epoch'])
      expect(svg).toContain(text);
    for (const v of ['42', '31', '12', '67', '55', '29'])
      expect(svg.match(new RegExp(`>${v}</text>`, 'g'))).toHaveLength(3);
  });

  it('PNG: a valid RGBA image twice the SVG size, with dark text pixels on white', async () => {
    const { svg, png } = await renderAccuracyHeatmap('t', ['clean', 'fog', 'snow'], history);
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    const img = decodePng(png);
    expect([img.width, img.height]).toEqual([2 * w!, 2 * h!]);
    expect(Array.from(img.data.subarray(0, 3))).toEqual([255, 255, 255]);
    let dark = 0;
    for (let i = 0; i < img.data.length; i += 3)
      if (img.data[i]! < 60 && img.data[i + 1]! < 60 && img.data[i + 2]! < 60) dark++;
    expect(dark).toBeGreaterThan(500);
  });

  it('text is drawn with the packaged font: a title adds ink to the PNG', async () => {
    const ink = async (title?: string): Promise<number> => {
      const { png } = await renderFigure(
        accuracyHeatmapSpec(['clean'], [{ epoch: 1, accuracy: { clean: 0.5 } }], {
          ...(title ? { title } : {}),
        }),
        1,
      );
      const img = decodePng(png);
      let n = 0;
      for (let i = 0; i < img.data.length; i += 3) if (img.data[i]! < 100) n++;
      return n;
    };
    expect(await ink('A long title with many glyphs')).toBeGreaterThan((await ink()) + 100);
  });

  it('names the argument on bad input', async () => {
    await expect(renderAccuracyHeatmap('t', ['clean'], [])).rejects.toThrow(
      /'history' passed to 'renderAccuracyHeatmap'/,
    );
  });
});
