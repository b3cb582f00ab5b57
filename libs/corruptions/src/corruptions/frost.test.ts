import { RandomState } from '@ada/data';
import { describe, expect, it } from 'vitest';
import { corruptBatch } from '../apply.ts';
import { FROST_TEXTURES, frostTexture } from '../primitives/frost_texture.ts';
import { SEVERITIES, type Severity } from '../types.ts';
import {
  compareMadToEnsemble,
  loadReferenceImages,
  REF_COUNT,
  referenceStats,
} from '../testing/index.ts';
import { frost } from './frost.ts';

/** 32-image average of the population std of (c - x) / 255, per-image seeding. */
function averageDiffStd(severity: Severity, seed: number): number {
  const { batch } = loadReferenceImages();
  const out = corruptBatch('frost', batch, REF_COUNT, 32, 32, severity, { seed });
  const size = 32 * 32 * 3;
  let total = 0;
  for (let i = 0; i < REF_COUNT; i++) {
    let s = 0;
    let s2 = 0;
    for (let k = i * size; k < (i + 1) * size; k++) {
      const d = (out[k] - batch[k]) / 255;
      s += d;
      s2 += d * d;
    }
    const m = s / size;
    total += Math.sqrt(s2 / size - m * m);
  }
  return total / REF_COUNT;
}

// Frost cannot match the reference files pixel by pixel (synthetic textures instead of the
// reference's photos): it is checked against the reference's 32-seed ensemble statistics.
describe('frost 32x32x3 with synthetic textures, severities 1..5, vs the reference ensemble', () => {
  it.each(SEVERITIES)('severity %i: 32-image mean |c - x| within the ensemble tolerance', (s) => {
    const r = compareMadToEnsemble('frost', s, 6);
    expect(r.withinTolerance, JSON.stringify(r)).toBe(true);
  });

  it.each(SEVERITIES)('severity %i: 32-image std of (c - x) within the ensemble tolerance', (s) => {
    const { mean, sd } = referenceStats('frost', s).ensemble!.avg_over_images.std;
    const ours = averageDiffStd(s, 6);
    expect(Math.abs(ours - mean), `ours ${ours} ref ${mean} +- ${sd}`).toBeLessThanOrEqual(
      Math.max(4 * sd, 0.1 * mean),
    );
  });

  it.each(SEVERITIES)(
    'severity %i: per-image mean |c - x| within 3 sd of the reference ensemble for >= 30 of 32 images',
    (s) => {
      const { batch } = loadReferenceImages();
      const out = corruptBatch('frost', batch, REF_COUNT, 32, 32, s, { seed: 6 });
      const { mad_mean, mad_sd } = referenceStats('frost', s).ensemble!;
      const size = 32 * 32 * 3;
      let inside = 0;
      for (let i = 0; i < REF_COUNT; i++) {
        let sum = 0;
        for (let k = i * size; k < (i + 1) * size; k++) sum += Math.abs(out[k] - batch[k]);
        if (Math.abs(sum / size / 255 - mad_mean[i]) <= 3 * mad_sd[i]) inside++;
      }
      expect(inside).toBeGreaterThanOrEqual(30);
    },
  );

  it('draws texture index and crop like the reference (3 draws) and stays in 0..255', () => {
    const { images } = loadReferenceImages();
    const rng = new RandomState(3);
    const out = frost(images[0], 3, rng);
    const probe = new RandomState(3);
    const spec = FROST_TEXTURES[probe.randint(0, 5)];
    probe.randint(0, spec.height - 32);
    probe.randint(0, spec.width - 32);
    expect(rng.randomSample()).toBe(probe.randomSample());
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out)).toBeLessThanOrEqual(255);
  });

  it('crops a 70x48 image from a texture enlarged beyond the 63 reference rows', () => {
    const image = { height: 70, width: 48, data: new Uint8Array(70 * 48 * 3).fill(100) };
    const out = frost(image, 1, new RandomState(1));
    expect(out.length).toBe(70 * 48 * 3);
  });
});

describe('frostTexture', () => {
  it.each(FROST_TEXTURES.map((t, i) => [i + 1, t.height, t.width] as const))(
    'texture %i is %ix%ix3, deterministic, with its calibrated mean per channel (+-3)',
    (k, h, w) => {
      const spec = FROST_TEXTURES[k - 1];
      const t = frostTexture(spec);
      expect(t.length).toBe(h * w * 3);
      expect(Array.from(frostTexture(spec).subarray(0, 300))).toEqual(
        Array.from(t.subarray(0, 300)),
      );
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let i = c; i < t.length; i += 3) s += t[i];
        expect(Math.abs(s / (h * w) - spec.mean[c])).toBeLessThan(3);
      }
    },
  );
  it('rejects a zero size', () => {
    expect(() => frostTexture({ ...FROST_TEXTURES[0], height: 0 })).toThrow(/Argument 'spec'/);
  });
});
