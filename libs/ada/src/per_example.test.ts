import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdaAugmenter } from './augmenter.ts';
import type { AdaConfig } from './config.ts';
import type { ClassifierFn } from './inner_maximisation.ts';
import { createToyCorruptionNetwork } from './testing/toy_corruption_network.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Per-example AdA on a batch is B independent problems: each image's offsets, its FGSM steps and
 * its line search depend on that image alone. So AdA on a [4, 12, 12, 3] batch must give, image
 * by image, exactly (max abs diff 0) what AdA gives each image run alone. The start is `zero`
 * (the uniform start draws all examples from one generator, so a lone image would draw another
 * start); the offsets still end distinct, since each image's gradients differ.
 */
const W = [
  [1.5, -1],
  [-0.5, 0.25],
  [-1, 1.25],
];

function classifier(): { fn: ClassifierFn; dispose(): void } {
  const wt = tf.tensor2d(W);
  return {
    fn: (x: Tensor4D) => tf.tidy(() => tf.matMul(tf.mean(x, [1, 2]) as Tensor2D, wt) as Tensor2D),
    dispose: () => wt.dispose(),
  };
}

const batchImages = (): Tensor4D =>
  tf.tidy(() => {
    const small = tf.randomUniform([4, 4, 4, 3], 0.1, 0.9, 'float32', 11) as Tensor4D;
    return tf.image.resizeBilinear(small, [12, 12]) as Tensor4D;
  });

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('per-example AdA on a batch of 4 distinct images equals 4 runs of one image each', () => {
  const cases: Array<[string, AdaConfig]> = [
    ['line search off', { lineSearch: false }],
    // Every SSIM is below 1, so t = 1 makes the line search fire on every image.
    ['line search forced on (t = 1)', { lineSearch: true, ssimThreshold: 1 }],
  ];
  it.each(cases)('%s: max abs diff 0, offsets distinct, no tensor leaked', (_name, extra) => {
    const net = createToyCorruptionNetwork({ hidden: 4, seed: 3, weightScale: 0.3 });
    const clf = classifier();
    const ada = new AdaAugmenter(net);
    const x = batchImages();
    const labels = [0, 1, 1, 0];
    const config: AdaConfig = { nu: 0.2, steps: 3, init: 'zero', offsets: 'per-example', ...extra };
    const before = tf.memory().numTensors;

    // The offsets after the last step, per example (flattened over blocks).
    let batchOffsets: number[][] = [];
    const batch = ada.augment(x, labels, clf.fn, config, 5, {
      onStep: (info) => {
        batchOffsets = labels.map((_, b) =>
          info.betas.flatMap((beta) => {
            const per = beta.size / labels.length;
            return Array.from(beta.dataSync().subarray(b * per, (b + 1) * per));
          }),
        );
      },
    });
    const batchOut = batch.images.dataSync() as Float32Array;
    const size = 12 * 12 * 3;
    for (let b = 0; b < labels.length; b++) {
      const one = tf.slice(x, [b, 0, 0, 0], [1, -1, -1, -1]);
      const alone = ada.augment(one, [labels[b]!], clf.fn, config, 5);
      const out = alone.images.dataSync() as Float32Array;
      expect(maxAbsDiff(out, batchOut.subarray(b * size, (b + 1) * size))).toBe(0);
      expect(alone.stats[0]).toEqual(batch.stats[b]);
      tf.dispose([one, alone.images]);
    }
    if (extra.lineSearch === true) {
      expect(batch.stats.every((s) => s.lineSearchFired)).toBe(true);
    }
    // Distinct offsets: no two examples ended at the same beta.
    for (let a = 0; a < labels.length; a++) {
      for (let b = a + 1; b < labels.length; b++) {
        expect(batchOffsets[a]).not.toEqual(batchOffsets[b]);
      }
    }
    batch.images.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x);
    clf.dispose();
    net.dispose();
  });
});
