import { decodePng } from '@ada/data';
import { describe, expect, it } from 'vitest';
import { histogram, summarize } from './histogram.ts';
import { renderHistogramPng } from './histogram_plot.ts';

describe('histogram / summarize', () => {
  it('4 bins over [0, 1]: half-open bins, last one closed, outside counted', () => {
    const h = histogram([0, 0.1, 0.25, 0.5, 0.99, 1, 1.5, -0.1, Number.NaN], {
      min: 0,
      max: 1,
      bins: 4,
    });
    expect(h.edges).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(h.counts).toEqual([2, 1, 1, 2]);
    expect(h.outside).toBe(3);
  });
  it('summary of 1..5 matches NumPy percentiles', () => {
    const s = summarize([5, 1, 4, 2, 3]);
    expect(s).toMatchObject({ n: 5, mean: 3, min: 1, median: 3, max: 5 });
    expect(s.std).toBeCloseTo(Math.SQRT2, 12);
    expect(s.p05).toBeCloseTo(1.2, 12);
    expect(s.p95).toBeCloseTo(4.8, 12);
  });
});

describe('renderHistogramPng (320x200, 2 series)', () => {
  it('is a PNG of the requested size, white background, with both series colours drawn', () => {
    const png = renderHistogramPng(
      [
        { label: 'nu=0.0075', values: [0.99, 0.995, 0.98] },
        { label: 'nu=0.015', values: [0.9, 0.95, 0.97] },
      ],
      { spec: { min: 0.8, max: 1, bins: 10 }, width: 320, height: 200, title: 'SSIM' },
    );
    const img = decodePng(png);
    expect([img.width, img.height]).toEqual([320, 200]);
    const has = (c: [number, number, number]): boolean => {
      for (let i = 0; i < img.data.length; i += 3) {
        if (img.data[i] === c[0] && img.data[i + 1] === c[1] && img.data[i + 2] === c[2])
          return true;
      }
      return false;
    };
    expect(has([255, 255, 255])).toBe(true);
    expect(has([0, 114, 178])).toBe(true);
    expect(has([230, 159, 0])).toBe(true);
  });
});
