import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../types.ts';
import { compareMadToEnsemble, compareToReference } from '../testing/index.ts';

describe('motion_blur 32x32x3, severities 1..5 (ImageMagick kernel, radius 6..9)', () => {
  it.each(SEVERITIES)(
    'severity %i with reference seeding equals the reference file (grey patch included)',
    (s) => {
      const r = compareToReference('motion_blur', s);
      expect(r.maxAbs, JSON.stringify(r)).toBeLessThanOrEqual(1);
      expect(r.mae).toBeLessThan(0.01);
    },
  );

  it.each(SEVERITIES)('severity %i per-image seeding matches the ensemble mean |c - x|', (s) => {
    const r = compareMadToEnsemble('motion_blur', s, 3);
    expect(r.withinTolerance, JSON.stringify(r)).toBe(true);
  });
});
