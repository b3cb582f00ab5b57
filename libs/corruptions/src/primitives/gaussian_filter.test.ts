import { describe, expect, it } from 'vitest';
import { readFixtureJson, readFixtureNpy } from '../testing/index.ts';
import type { BorderMode } from './extend_index.ts';
import { gaussianFilter, gaussianKernel1d } from './gaussian_filter.ts';

interface Manifest {
  gaussian_filter: {
    input: string;
    cases: { file: string; mode: BorderMode; sigma: number; truncate: number }[];
  };
}

describe('gaussianFilter vs scipy.ndimage.gaussian_filter, 9x7x3 float64', () => {
  const m = readFixtureJson<Manifest>('primitives/manifest.json').gaussian_filter;
  const input = readFixtureNpy(`primitives/${m.input}`).data as Float64Array;
  it.each(m.cases)(
    'mode $mode sigma $sigma truncate $truncate',
    ({ file, mode, sigma, truncate }) => {
      const want = readFixtureNpy(`primitives/${file}`).data as Float64Array;
      const got = gaussianFilter(input, 9, 7, 3, sigma, { mode, truncate });
      let maxErr = 0;
      for (let i = 0; i < want.length; i++) maxErr = Math.max(maxErr, Math.abs(got[i] - want[i]));
      expect(maxErr).toBeLessThan(1e-15);
    },
  );
});

describe('gaussianFilter edge cases', () => {
  it('returns a copy for sigma 0 and for a zero radius (sigma 0.05)', () => {
    const src = new Float64Array([1, 2, 3, 4]);
    expect(Array.from(gaussianFilter(src, 2, 2, 1, 0))).toEqual([1, 2, 3, 4]);
    expect(Array.from(gaussianFilter(src, 2, 2, 1, 0.05))).toEqual([1, 2, 3, 4]);
  });
  it('keeps a constant image constant in mode nearest (5x4x2, sigma 1)', () => {
    const out = gaussianFilter(new Float64Array(40).fill(0.3), 5, 4, 2, 1);
    for (const v of out) expect(v).toBeCloseTo(0.3, 14);
  });
  it('has taps summing to 1', () => {
    const w = gaussianKernel1d(0.8, 3);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
  });
  it('rejects a wrong length and a negative sigma', () => {
    expect(() => gaussianFilter(new Float64Array(5), 2, 2, 1, 1)).toThrow(
      /Argument 'src' passed to 'gaussianFilter' must hold 2\*2\*1 values/,
    );
    expect(() => gaussianFilter(new Float64Array(4), 2, 2, 1, -1)).toThrow(/'sigma'/);
  });
});
