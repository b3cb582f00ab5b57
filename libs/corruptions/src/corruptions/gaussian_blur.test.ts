import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../types.ts';
import { compareToReference } from '../testing/index.ts';

describe('gaussian_blur 32x32x3, severities 1..5 (sigma 0.4..1.0)', () => {
  it.each(SEVERITIES)('severity %i matches the reference within +-1', (s) => {
    const r = compareToReference('gaussian_blur', s);
    expect(r.maxAbs).toBeLessThanOrEqual(1);
    expect(r.fracDiffer).toBeLessThan(0.001);
  });
});
