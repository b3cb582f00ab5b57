import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../types.ts';
import { compareToReference } from '../testing/index.ts';

describe('contrast 32x32x3, severities 1..5', () => {
  it.each(SEVERITIES)('severity %i matches the reference within +-1', (s) => {
    const r = compareToReference('contrast', s);
    expect(r.maxAbs, JSON.stringify(r)).toBeLessThanOrEqual(1);
    expect(r.mae).toBeLessThan(0.01);
  });
});
