import { describe, expect, it } from 'vitest';
import { ssimBins, ssimHistogramFromCountsSpec, ssimHistogramSpec } from './ssim_histogram.ts';
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

describe('ssimHistogramFromCountsSpec rendered to SVG', () => {
  it('20 recorded bins: the same bars as binning the values, n from the counts', async () => {
    const values = [0.31, 0.34, 0.62, 0.97, 1];
    const counts = ssimBins(values, 20).map((b) => b.count);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const fromCounts = ssimHistogramFromCountsSpec(counts, mean, { title: 'trained on' });
    expect(fromCounts).toEqual(ssimHistogramSpec(values, { bins: 20, title: 'trained on' }));
    const svg = await renderSvg(fromCounts);
    expect(svg).toContain('SSIM to the clean image (n = 5)');
    expect(svg).toContain('mean 0.648');
  });
  it('names the argument on bad input', () => {
    const fn = ssimHistogramFromCountsSpec;
    expect(() => fn([], 0.5)).toThrow(
      /'counts' passed to 'ssimHistogramFromCountsSpec' must not be empty/,
    );
    expect(() => fn([1, -1], 0.5)).toThrow(/'counts\[1\]'.*integer >= 0, got -1/);
    expect(() => fn([0, 0], 0.5)).toThrow(/'counts'.*must count some images/);
    expect(() => fn([1], Number.NaN)).toThrow(/'mean'.*got NaN/);
  });
});
