import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Tensor, Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import { RandomState } from '@ada/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdaAugmenter } from './augmenter.ts';
import { crossEntropyPerExample } from './cross_entropy.ts';
import type { ClassifierFn } from './inner_maximisation.ts';
import { createToyCorruptionNetwork } from './testing/toy_corruption_network.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * 32 images [32,12,12,3]: smooth random textures; class 1 is tinted red and class 0 blue by a
 * random margin, so a small classifier learns the colour balance but not with a huge margin.
 */
function dataset(): { x: Tensor4D; y: number[] } {
  const rng = new RandomState(2022);
  const n = 32;
  const y = Array.from({ length: n }, (_, i) => i % 2);
  const x = tf.tidy(() => {
    const base = tf.image.resizeBilinear(
      tf.randomUniform([n, 3, 3, 3], 0.3, 0.7, 'float32', 1) as Tensor4D,
      [12, 12],
    );
    const tint = y.map((c) => (c ? 1 : -1) * rng.uniform(0.02, 0.12));
    const shift = tf.mul(tf.tensor(tint, [n, 1, 1, 1]), tf.tensor([1, 0, -1], [1, 1, 1, 3]));
    return tf.clipByValue(tf.add(base, shift), 0, 1) as Tensor4D;
  });
  return { x, y };
}

/**
 * A small classifier, relu(features W1) W2 + b, on per-channel means and mean squares (6
 * features), trained by 150 full-batch gradient steps (tf.grads; a convolutional model or a
 * tfjs optimizer over registered variables trains too slowly on the cpu backend for a unit test).
 */
function trainClassifier(x: Tensor4D, y: number[]): { fn: ClassifierFn; dispose(): void } {
  let params: Tensor[] = [
    tf.randomNormal([6, 8], 0, 0.5, 'float32', 3),
    tf.randomNormal([8, 2], 0, 0.5, 'float32', 4),
    tf.zeros([2]),
  ];
  const apply = (v: Tensor4D, p: readonly Tensor[]): Tensor2D =>
    tf.tidy(() => {
      const feats = tf.concat([tf.mean(v, [1, 2]), tf.mean(tf.square(v), [1, 2])], 1);
      const hidden = tf.relu(tf.matMul(tf.sub(feats, 0.3) as Tensor2D, p[0] as Tensor2D));
      return tf.add(tf.matMul(hidden, p[1] as Tensor2D), p[2]!) as Tensor2D;
    });
  const labels = tf.tensor1d(y, 'int32') as Tensor1D;
  for (let i = 0; i < 150; i++) {
    const grads = tf.grads((...p: Tensor[]) =>
      tf.mean(crossEntropyPerExample(apply(x, p), labels)),
    )(params);
    const next = tf.tidy(() => params.map((p, j) => tf.sub(p, tf.mul(grads[j]!, 2))));
    tf.dispose([...params, ...grads]);
    params = next;
  }
  labels.dispose();
  const fixed = params;
  return { fn: (v) => apply(v, fixed), dispose: () => tf.dispose(fixed) };
}

const accuracyOf = (fn: ClassifierFn, x: Tensor4D, y: number[]): number => {
  const pred = tf.tidy(() => tf.argMax(fn(x), 1).dataSync());
  return y.filter((c, i) => pred[i] === c).length / y.length;
};

describe('attack strength (32 images [12x12x3], trained small classifier, toy network, nu 0.3)', () => {
  it('AdA (10 steps) beats random offsets of the same radii: higher loss, lower accuracy', () => {
    const { x, y } = dataset();
    const clf = trainClassifier(x, y);
    const clean = accuracyOf(clf.fn, x, y);
    expect(clean).toBeGreaterThan(0.9);
    const net = createToyCorruptionNetwork({
      hidden: 4,
      seed: 11,
      weightScale: 0.15,
      biasScale: 0.1,
    });
    const ada = new AdaAugmenter(net);
    const cfg = { nu: 0.3, lineSearch: false } as const;
    const adv = ada.augment(x, y, clf.fn, { ...cfg, steps: 10 }, 1);
    const rnd = ada.augment(x, y, clf.fn, { ...cfg, steps: 0 }, 1);
    const mean = (v: number[]) => v.reduce((s, e) => s + e, 0) / v.length;
    const advLoss = mean(adv.stats.map((s) => s.lossAfter));
    const rndLoss = mean(rnd.stats.map((s) => s.lossAfter));
    const advAcc = accuracyOf(clf.fn, adv.images, y);
    const rndAcc = accuracyOf(clf.fn, rnd.images, y);
    // The search starts where the random offsets are (same seed), so lossBefore is the random loss.
    adv.stats.forEach((s, i) => expect(s.lossBefore).toBeCloseTo(rnd.stats[i]!.lossAfter, 4));
    expect(advLoss).toBeGreaterThan(rndLoss * 1.5);
    expect(advAcc).toBeLessThan(rndAcc);
    expect(advAcc).toBeLessThan(clean);
    tf.dispose([x, adv.images, rnd.images]);
    clf.dispose();
    net.dispose();
  });
});
