import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { attackLabelsOf, attackPermutation } from './attack_labels.ts';
import { AdaAugmenter } from './augmenter.ts';
import { resolveAdaConfig, type AdaConfig } from './config.ts';
import type { ClassifierFn } from './inner_maximisation.ts';
import { createToyCorruptionNetwork } from './testing/toy_corruption_network.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('attackPermutation(B, seed): np.random.RandomState(seed ^ 0x7065726d).permutation(B)', () => {
  it('B 6, seed 0 and B 8, seed 12345 match NumPy', () => {
    // python3 -c "import numpy as np; print(np.random.RandomState(0 ^ 0x7065726d).permutation(6))"
    expect(Array.from(attackPermutation(6, 0))).toEqual([0, 5, 1, 3, 4, 2]);
    // python3 -c "import numpy as np; print(np.random.RandomState(12345 ^ 0x7065726d).permutation(8))"
    expect(Array.from(attackPermutation(8, 12345))).toEqual(NUMPY_8_12345);
  });

  it('rejects a seed outside [0, 2^32), naming it', () => {
    expect(() => attackPermutation(4, -1)).toThrow(/Argument 'seed' passed to 'attackPermutation'/);
  });

  it('attackLabelsOf: [B] int32 labels gathered by the permutation; true mode copies', () => {
    const y = tf.tensor1d([7, 8, 9, 10, 11, 12], 'int32');
    const p = attackLabelsOf(y, 'permuted', 0);
    const t = attackLabelsOf(y, 'true', 0);
    expect(Array.from(p.dataSync())).toEqual([7, 12, 8, 10, 11, 9]);
    expect(Array.from(t.dataSync())).toEqual([7, 8, 9, 10, 11, 12]);
    expect(p.dtype).toBe('int32');
    tf.dispose([y, p, t]);
  });
});

// python3 -c "import numpy as np; print(list(np.random.RandomState(12345 ^ 0x7065726d).permutation(8)))"
const NUMPY_8_12345 = [3, 1, 2, 6, 4, 7, 0, 5];

/** A linear 2-class classifier on the mean colour: each class pulls the offsets its own way. */
const W = [
  [1.5, -1],
  [-0.5, 0.25],
  [-1, 1.25],
];

describe("AdA with attackLabels 'permuted' (toy network, [6, 12, 12, 3], 2 classes, 2 steps)", () => {
  // Seed 0 permutes 6 images by [0, 5, 1, 3, 4, 2]: with these labels the attacked ones are
  // [0, 1, 0, 1, 0, 1], so images 1 and 2 are attacked with the other class, the rest with their own.
  const labels = [0, 0, 1, 1, 0, 1];
  const permuted = [0, 1, 0, 1, 0, 1];
  const config: AdaConfig = { nu: 0.2, steps: 2, offsets: 'per-example', lineSearch: false };

  const setup = () => {
    const wt = tf.tensor2d(W);
    const fn: ClassifierFn = (x: Tensor4D) =>
      tf.tidy(() => tf.matMul(tf.mean(x, [1, 2]) as Tensor2D, wt) as Tensor2D);
    const net = createToyCorruptionNetwork({ hidden: 4, seed: 3, weightScale: 0.3 });
    const x = tf.tidy(() => {
      const small = tf.randomUniform([6, 4, 4, 3], 0.1, 0.9, 'float32', 11) as Tensor4D;
      return tf.image.resizeBilinear(small, [12, 12]) as Tensor4D;
    });
    return { wt, fn, net, x, ada: new AdaAugmenter(net) };
  };

  /** Final offsets per example (flattened over blocks) and the output images. */
  const attack = (
    s: ReturnType<typeof setup>,
    y: number[] | tf.Tensor1D,
    extra: AdaConfig,
  ): { offsets: number[][]; images: Float32Array; lossAfter: number[] } => {
    let offsets: number[][] = [];
    const out = s.ada.augment(s.x, y, s.fn, { ...config, ...extra }, 0, {
      onStep: (info) => {
        offsets = Array.from({ length: 6 }, (_, b) =>
          info.betas.flatMap((beta) => {
            const per = beta.size / 6;
            return Array.from(beta.dataSync().subarray(b * per, (b + 1) * per));
          }),
        );
      },
    });
    const images = out.images.dataSync() as Float32Array;
    out.images.dispose();
    return { offsets, images, lossAfter: out.stats.map((st) => st.lossAfter) };
  };

  it('attacks exactly the permuted labels, from the same random start', () => {
    const s = setup();
    const before = tf.memory().numTensors;
    const byRule = attack(s, labels, { attackLabels: 'permuted' });
    const byHand = attack(s, permuted, { attackLabels: 'true' });
    expect(byRule.images).toEqual(byHand.images);
    expect(byRule.offsets).toEqual(byHand.offsets);
    expect(byRule.lossAfter).toEqual(byHand.lossAfter);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([s.wt, s.x]);
    s.net.dispose();
  });

  it('changes the offsets of the images whose attacked label changed, and only those', () => {
    const s = setup();
    const own = attack(s, labels, {});
    const perm = attack(s, labels, { attackLabels: 'permuted' });
    for (let b = 0; b < 6; b++) {
      if (labels[b] === permuted[b]) expect(perm.offsets[b]).toEqual(own.offsets[b]);
      else expect(perm.offsets[b]).not.toEqual(own.offsets[b]);
    }
    // Deterministic: the same seed gives the same permutation and offsets.
    expect(attack(s, labels, { attackLabels: 'permuted' }).offsets).toEqual(perm.offsets);
    tf.dispose([s.wt, s.x]);
    s.net.dispose();
  });

  it("leaves the caller's labels alone (the classifier trains on them)", () => {
    const s = setup();
    const y = tf.tensor1d(labels, 'int32');
    attack(s, y, { attackLabels: 'permuted' });
    expect(y.isDisposed).toBe(false);
    expect(Array.from(y.dataSync())).toEqual(labels);
    tf.dispose([y, s.wt, s.x]);
    s.net.dispose();
  });

  it('rejects an unknown attackLabels, naming the option', () => {
    expect(() =>
      resolveAdaConfig({ attackLabels: 'shuffled' as unknown as AdaConfig['attackLabels'] }),
    ).toThrow(/Option 'attackLabels' of the AdA config must be true \| permuted, got shuffled/);
  });
});
