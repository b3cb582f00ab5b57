import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../types.ts';
import { compareMadToEnsemble, compareToReference } from '../testing/index.ts';

describe('shot_noise 32x32x3, severities 1..5', () => {
  it.each(SEVERITIES)('severity %i with reference seeding equals the reference within +-1', (s) => {
    const r = compareToReference('shot_noise', s);
    expect(r.maxAbs).toBeLessThanOrEqual(1);
    expect(r.fracDiffer).toBeLessThan(0.001);
  });
  it.each(SEVERITIES)('severity %i per-image seeding matches the ensemble mean |c - x|', (s) => {
    const r = compareMadToEnsemble('shot_noise', s, 3);
    expect(r.withinTolerance, JSON.stringify(r)).toBe(true);
  });
});
