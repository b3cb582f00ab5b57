import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../types.ts';
import { compareToReference } from '../testing/index.ts';

describe('jpeg_compression 32x32x3, severities 1..5 (quality 80, 65, 58, 50, 40)', () => {
  it.each(SEVERITIES)(
    'severity %i equals the reference (Pillow + libjpeg-turbo) within +-1',
    (s) => {
      const r = compareToReference('jpeg_compression', s);
      expect(r.maxAbs).toBeLessThanOrEqual(1);
      expect(r.fracDiffer).toBeLessThan(0.001);
    },
  );
});
