import { RandomState } from '@ada/data';
import { describe, expect, it } from 'vitest';
import { plasmaFractal } from '../primitives/plasma_fractal.ts';
import { SEVERITIES } from '../types.ts';
import { compareMadToEnsemble, compareToReference } from '../testing/index.ts';

describe('fog 32x32x3, severities 1..5', () => {
  it.each(SEVERITIES)(
    'severity %i with reference seeding matches the reference within +-1',
    (s) => {
      const r = compareToReference('fog', s);
      expect(r.maxAbs, JSON.stringify(r)).toBeLessThanOrEqual(1);
      expect(r.mae).toBeLessThan(0.01);
    },
  );

  it.each(SEVERITIES)('severity %i per-image seeding matches the ensemble mean |c - x|', (s) => {
    const r = compareMadToEnsemble('fog', s, 5);
    expect(r.withinTolerance, JSON.stringify(r)).toBe(true);
  });
});

describe('plasmaFractal', () => {
  it.each([2, 8, 32])('mapsize %i spans exactly [0, 1]', (size) => {
    const p = plasmaFractal(size, 2, new RandomState(7));
    expect(p.length).toBe(size * size);
    expect(Math.min(...p)).toBe(0);
    expect(Math.max(...p)).toBe(1);
  });
  it('rejects a mapsize that is not a power of two', () => {
    expect(() => plasmaFractal(24, 2, new RandomState(1))).toThrow(/Argument 'mapsize'/);
  });
});
