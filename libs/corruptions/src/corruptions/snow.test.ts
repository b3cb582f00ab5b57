import { RandomState } from '@ada/data';
import { describe, expect, it } from 'vitest';
import { snow } from './snow.ts';
import { SEVERITIES } from '../types.ts';
import { compareMadToEnsemble, compareToReference } from '../testing/index.ts';

describe('snow 32x32x3, severities 1..5 (zoom 1..2.25, ImageMagick motion blur)', () => {
  it.each(SEVERITIES)('severity %i with reference seeding equals the reference within +-1', (s) => {
    const r = compareToReference('snow', s);
    expect(r.maxAbs, JSON.stringify(r)).toBeLessThanOrEqual(1);
    expect(r.mae).toBeLessThan(0.01);
  });

  it.each(SEVERITIES)('severity %i per-image seeding matches the ensemble mean |c - x|', (s) => {
    const r = compareMadToEnsemble('snow', s, 0);
    expect(r.withinTolerance, JSON.stringify(r)).toBe(true);
  });

  it('rejects a non-square 4x5 image', () => {
    const image = { height: 4, width: 5, data: new Uint8Array(60) };
    expect(() => snow(image, 1, new RandomState(1))).toThrow(/must be square/);
  });
});
