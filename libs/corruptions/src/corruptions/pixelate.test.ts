import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../types.ts';
import { compareToReference } from '../testing/index.ts';

describe('pixelate 32x32x3, severities 1..5 (30, 28, 27, 24, 20 px)', () => {
  it.each(SEVERITIES)('severity %i equals the reference (Pillow BOX) within +-1', (s) => {
    const r = compareToReference('pixelate', s);
    expect(r.maxAbs).toBeLessThanOrEqual(1);
    expect(r.fracDiffer).toBeLessThan(0.001);
  });
});
