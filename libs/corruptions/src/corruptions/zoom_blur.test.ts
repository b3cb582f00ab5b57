import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../types.ts';
import { compareToReference, referenceParams } from '../testing/index.ts';
import { ZOOM_BLUR_FACTORS } from './zoom_blur.ts';

describe('zoom_blur 32x32x3, severities 1..5', () => {
  it.each(SEVERITIES)('severity %i factors are the exact doubles of np.arange', (s) => {
    expect(ZOOM_BLUR_FACTORS[s]).toEqual(referenceParams('zoom_blur')[s - 1]);
  });
  it.each(SEVERITIES)('severity %i matches the reference within +-1', (s) => {
    const r = compareToReference('zoom_blur', s);
    expect(r.maxAbs).toBeLessThanOrEqual(1);
    expect(r.fracDiffer).toBeLessThan(0.001);
  });
});
