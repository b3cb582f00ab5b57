import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../types.ts';
import { compareMadToEnsemble, compareToReference } from '../testing/index.ts';

describe('spatter 32x32x3, severities 1..5 (1-3 water, 4-5 mud)', () => {
  it.each(SEVERITIES)('severity %i with reference seeding equals the reference within +-1', (s) => {
    const r = compareToReference('spatter', s);
    expect(r.maxAbs, JSON.stringify(r)).toBeLessThanOrEqual(1);
    expect(r.mae).toBeLessThan(0.01);
  });

  it.each(SEVERITIES)('severity %i per-image seeding matches the ensemble mean |c - x|', (s) => {
    const r = compareMadToEnsemble('spatter', s, 4);
    expect(r.withinTolerance, JSON.stringify(r)).toBe(true);
  });
});
