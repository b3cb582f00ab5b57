import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../types.ts';
import { compareToReference } from '../testing/index.ts';
import { DEFOCUS_BLUR_PARAMS, defocusKernel } from './defocus_blur.ts';

describe('defocus_blur 32x32x3, severities 1..5', () => {
  it.each(SEVERITIES)('severity %i kernel is 17x17, sums to 1, disk as in params.json', (s) => {
    const [radius, alias] = DEFOCUS_BLUR_PARAMS[s];
    const { kernel, size } = defocusKernel(radius, alias);
    expect(size).toBe(17);
    expect(kernel.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });
  it.each(SEVERITIES)('severity %i matches the reference within +-1', (s) => {
    const r = compareToReference('defocus_blur', s);
    expect(r.maxAbs).toBeLessThanOrEqual(1);
    expect(r.fracDiffer).toBeLessThan(0.01);
  });
});
