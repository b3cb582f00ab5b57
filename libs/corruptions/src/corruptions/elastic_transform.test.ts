import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../types.ts';
import { compareMadToEnsemble, compareToReference } from '../testing/index.ts';
import { RandomState } from '@ada/data';
import { elasticTransform } from './elastic_transform.ts';

describe('elastic_transform 32x32x3, severities 1..5', () => {
  it.each(SEVERITIES)('severity %i with reference seeding equals the reference within +-1', (s) => {
    const r = compareToReference('elastic_transform', s);
    expect(r.maxAbs, JSON.stringify(r)).toBeLessThanOrEqual(1);
    expect(r.mae).toBeLessThan(0.01);
  });

  it.each(SEVERITIES)('severity %i per-image seeding matches the ensemble mean |c - x|', (s) => {
    const r = compareMadToEnsemble('elastic_transform', s, 2);
    expect(r.withinTolerance, JSON.stringify(r)).toBe(true);
  });
});

describe('elastic_transform on images smaller than 3x3', () => {
  it.each([
    [1, 1],
    [2, 8],
    [8, 2],
  ])('%ix%i is refused naming the argument and the size', (h, w) => {
    const image = { height: h, width: w, data: new Uint8Array(h * w * 3) };
    expect(() => elasticTransform(image, 3, new RandomState(0))).toThrow(
      `Argument 'image' passed to 'elastic_transform' must be at least 3x3 pixels, got ${h}x${w}`,
    );
  });

  it('3x3 works', () => {
    const image = { height: 3, width: 3, data: new Uint8Array(27).fill(100) };
    expect(elasticTransform(image, 5, new RandomState(0))).toHaveLength(27);
  });
});
