import { describe, expect, it } from 'vitest';
import { corruptBatch } from '../apply.ts';
import { SEVERITIES } from '../types.ts';
import {
  compareMadToEnsemble,
  loadReferenceImages,
  loadReferenceOutput,
  maxAbsDiff,
} from '../testing/index.ts';

describe('gaussian_noise 32x32x3, severities 1..5', () => {
  const { batch } = loadReferenceImages();

  it.each(SEVERITIES)(
    'severity %i with reference seeding equals the reference file within +-1',
    (s) => {
      const out = corruptBatch('gaussian_noise', batch, 32, 32, 32, s, { seeding: 'reference' });
      expect(maxAbsDiff(out, loadReferenceOutput('gaussian_noise', s))).toBeLessThanOrEqual(1);
    },
  );

  it.each(SEVERITIES)('severity %i per-image seeding matches the ensemble mean |c - x|', (s) => {
    const r = compareMadToEnsemble('gaussian_noise', s, 11);
    expect(r.withinTolerance, JSON.stringify(r)).toBe(true);
  });
});
