import { describe, expect, it } from 'vitest';
import { ssimBins, ssimHistogramSpec } from './ssim_histogram.ts';
import { renderSvg } from './render.ts';

describe('ssimBins', () => {
  it('4 bins over [0, 1]: 1 falls in the last bin, 0.25 in the second', () => {
    const bins = ssimBins([0, 0.1, 0.25, 0.6, 0.99, 1], 4);
    expect(bins.map((b) => b.count)).toEqual([2, 1, 1, 2]);
    expect(bins[1]).toEqual({ start: 0.25, end: 0.5, count: 1 });
  });
  it('names the argument on bad input', () => {
    expect(() => ssimBins([])).toThrow(/'values' passed to 'ssimBins' must not be empty/);
    expect(() => ssimBins([0.5, Number.NaN])).toThrow(/values\[1\].*\[0, 1\], got NaN/);
    expect(() => ssimBins([0.5], 0)).toThrow(/'bins'.*got 0/);
  });
});

describe('ssimHistogramSpec rendered to SVG', () => {
  it('has one bar per bin with the counts as data, and the mean', async () => {
    const values = [0.8, 0.82, 0.85, 0.9, 0.95];
    const spec = ssimHistogramSpec(values, { bins: 10, title: 'AdA SSIM' });
    const svg = await renderSvg(spec);
    expect(svg).toContain('AdA SSIM');
    expect(svg).toContain('mean 0.864');
    expect(svg).toContain('SSIM to the clean image (n = 5)');
    // the bars carry their counts in their aria descriptions
    expect(svg).toContain('count: 3');
    expect(svg).toContain('count: 2');
  });
});
