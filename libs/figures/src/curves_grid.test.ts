import { describe, expect, it } from 'vitest';
import { metricCurvesSpec } from './curves.ts';
import { examplesGridSpec } from './examples_grid.ts';
import { renderSvg } from './render.ts';

describe('metricCurvesSpec', () => {
  it('one panel per metric, with its name and the steps on the axis', async () => {
    const svg = await renderSvg(
      metricCurvesSpec([
        { metric: 'loss', step: 10, value: 2.3 },
        { metric: 'loss', step: 20, value: 1.7 },
        { metric: 'accuracy', step: 20, value: 0.4 },
      ]),
    );
    expect(svg).toContain('>loss</text>');
    expect(svg).toContain('>accuracy</text>');
    expect(svg).toContain('step: 20; value: 1.7; metric: loss');
  });
  it('refuses a non-finite value, naming the point', () => {
    expect(() => metricCurvesSpec([{ metric: 'loss', step: 1, value: Number.NaN }])).toThrow(
      /'points\[0\]'.*value NaN/,
    );
  });
});

describe('examplesGridSpec', () => {
  it('three image panels per example, headed clean / AdA / amplified difference', async () => {
    const png =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
    const spec = examplesGridSpec(
      [
        { clean: png, ada: png, difference: png, caption: 'cat' },
        { clean: png, ada: png, difference: png },
      ],
      { size: 32 },
    );
    const svg = await renderSvg(spec);
    expect(svg.match(/<image /g)).toHaveLength(6);
    for (const text of ['clean', 'AdA', 'amplified difference', '1: cat', '>2</text>'])
      expect(svg).toContain(text);
  });
});
