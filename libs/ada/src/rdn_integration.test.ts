import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import { loadUpscalerNetwork, type CorruptionNetwork } from '@ada/models';
import { initBackend } from '@ada/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdaAugmenter } from './augmenter.ts';
import { medianRadius } from './radii.ts';
import { signStepRatios } from './step_rule.ts';

let net: CorruptionNetwork;
beforeAll(async () => {
  await initBackend({ log: false });
  net = await loadUpscalerNetwork('rdn-slim-x2');
});
afterAll(() => net.dispose());

/** A fixed linear classifier on per-channel means. */
const classify = (x: Tensor4D): Tensor2D =>
  tf.tidy(() =>
    tf.matMul(
      tf.mean(x, [1, 2]) as Tensor2D,
      tf.tensor2d([
        [4, -4],
        [0, 1],
        [-4, 4],
      ]),
    ),
  );

describe('AdA with the pretrained RDN (rdn-slim-x2, [2,32,32,3], 1 step)', () => {
  it.each(['per-example', 'shared'] as const)(
    '%s: feasible offsets, images in [0,1], no leaks',
    (offsets) => {
      const x = tf.tidy(
        () =>
          tf.image.resizeBilinear(
            tf.randomUniform([2, 4, 4, 3], 0.2, 0.8, 'float32', 1),
            [32, 32],
          ) as Tensor4D,
      );
      const ada = new AdaAugmenter(net);
      expect(ada.radii(0.015)).toHaveLength(net.blocks.length);
      const before = tf.memory().numTensors;
      const r = ada.augment(x, [0, 1], classify, { steps: 1, offsets }, 3);
      const v = r.images.dataSync();
      expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...v)).toBeLessThanOrEqual(1);
      for (const s of r.stats) {
        expect(s.betaNormRatio).toBeLessThanOrEqual(1);
        expect(s.betaNormRatio).toBeGreaterThan(0.5);
        expect(s.ssim).toBeGreaterThan(0.3 - 0.02);
        expect(s.ssim).toBeLessThanOrEqual(1);
      }
      // Per-example offsets raise each image's loss; shared ones the batch's summed loss.
      const sum = (k: 'lossBefore' | 'lossAfter') => r.stats.reduce((t, s) => t + s[k], 0);
      if (offsets === 'per-example') {
        r.stats.forEach((s) => expect(s.lossAfter).toBeGreaterThan(s.lossBefore));
      }
      expect(sum('lossAfter')).toBeGreaterThan(sum('lossBefore'));
      r.images.dispose();
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
    },
  );
});

describe('step rules on rdn-slim-x2 ([1,32,32,3], zero start, 1 step)', () => {
  it('sign: one step is 1.6x to 42x each block radius and lands every block on its sphere; l2-block moves 0.25 nu_i', () => {
    const ada = new AdaAugmenter(net);
    const radii = ada.radii(0.015);
    const sizes = net.blocks.map((b) => b.shape.reduce((p, v) => p * v, 1));
    const ratios = signStepRatios(sizes, radii, medianRadius(radii) / 4);
    // Documented in libs/ada/README.md: weights 1.60-2.62, biases 2.71-42.05.
    expect(Math.min(...ratios)).toBeCloseTo(1.597, 2);
    expect(Math.max(...ratios)).toBeCloseTo(42.05, 1);
    const x = tf.tidy(
      () =>
        tf.image.resizeBilinear(
          tf.randomUniform([1, 4, 4, 3], 0.2, 0.8, 'float32', 7),
          [32, 32],
        ) as Tensor4D,
    );
    const norms = (betas: readonly tf.Tensor[]): number[] =>
      betas.map((b, i) => Math.hypot(...b.dataSync()) / radii[i]!);
    const seen: Record<string, number[]> = {};
    const before = tf.memory().numTensors;
    for (const stepRule of ['sign', 'l2-block'] as const) {
      const r = ada.augment(
        x,
        [1],
        classify,
        { steps: 1, init: 'zero', lineSearch: false, stepRule },
        0,
        { onStep: (info) => (seen[stepRule] = norms(info.betas)) },
      );
      r.images.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    for (const v of seen['sign']!) expect(v).toBeGreaterThan(0.999);
    for (const v of seen['l2-block']!) expect(v).toBeCloseTo(0.25, 4);
    x.dispose();
  });
});
