import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import { createRng } from '../rng.ts';
import type { AttackModel } from '../types.ts';

/** An affine classifier z = W flat(x) + b with its weights kept in JS for closed forms. */
export interface AffineModel extends AttackModel {
  /** W as [K][D] (D = H * W * C, NHWC order) and b [K]. */
  readonly weights: number[][];
  readonly bias: number[];
  dispose(): void;
}

/**
 * A seeded affine classifier on [H, W, C] images with `classes` outputs; weights normal /
 * sqrt(D), biases such that every class boundary passes within about 0.1 (in logit) of the grey image.
 *
 * ```ts
 * const m = affineModel({ shape: [4, 4, 3], classes: 4, seed: 1 });
 * m.apply(x); // [B, 4]
 * ```
 */
export function affineModel(o: {
  shape: [number, number, number];
  classes: number;
  seed: number;
}): AffineModel {
  const d = o.shape[0] * o.shape[1] * o.shape[2];
  const rng = createRng(o.seed);
  const weights = Array.from({ length: o.classes }, () =>
    Array.from({ length: d }, () => rng.normal() / Math.sqrt(d)),
  );
  // Decision boundaries pass near the mid-grey image, so small perturbations matter.
  const bias = weights.map((row) => -0.5 * row.reduce((a, v) => a + v, 0) + 0.1 * rng.normal());
  const wt = tf.tensor2d(weights.flat(), [o.classes, d]);
  const bt = tf.tensor1d(bias);
  return {
    weights,
    bias,
    apply: (x: Tensor4D) =>
      tf.tidy(
        () => tf.add(tf.matMul(tf.reshape(x, [x.shape[0], d]), wt, false, true), bt) as Tensor2D,
      ),
    dispose: () => tf.dispose([wt, bt]),
  };
}

/**
 * The smallest perturbation (in `norm`) that moves x off class y for an affine model, ignoring
 * the [0, 1] box: min over o != y of (z_y - z_o) / ||w_y - w_o||_dual (l_1 norm for l_inf,
 * l_2 for l_2). Negative when x is already misclassified.
 */
export function affineMinimalPerturbation(
  m: AffineModel,
  x: ArrayLike<number>,
  y: number,
  norm: 'linf' | 'l2',
): number {
  let best = Infinity;
  for (let o = 0; o < m.weights.length; o++) {
    if (o === y) continue;
    let margin = m.bias[y]! - m.bias[o]!;
    let dual = 0;
    for (let i = 0; i < x.length; i++) {
      const u = m.weights[y]![i]! - m.weights[o]![i]!;
      margin += u * x[i]!;
      dual += norm === 'linf' ? Math.abs(u) : u * u;
    }
    best = Math.min(best, margin / (norm === 'linf' ? dual : Math.sqrt(dual)));
  }
  return best;
}

/** A small random conv net: conv 3x3 (8, stride 2) relu, flatten, dense relu 32, dense. */
export interface ToyConvNet extends AttackModel {
  dispose(): void;
}

/**
 * A seeded random conv net on [H, W, C] images (He-normal weights), logits [B, classes]. Its
 * decisions vary from image to image, and nothing makes it robust: a "known-weak" model.
 */
export function toyConvNet(o: {
  classes: number;
  seed: number;
  shape?: [number, number, number];
}): ToyConvNet {
  const [h, w, c] = o.shape ?? [8, 8, 3];
  const rng = createRng(o.seed);
  const init = (shape: number[], fanIn: number) =>
    tf.tensor(
      Float32Array.from(
        { length: shape.reduce((a, b) => a * b, 1) },
        () => rng.normal() * Math.sqrt(2 / fanIn),
      ),
      shape,
    );
  const flat = Math.ceil(h / 2) * Math.ceil(w / 2) * 8;
  const k1 = init([3, 3, c, 8], 9 * c) as tf.Tensor4D;
  const w1 = init([flat, 32], flat) as tf.Tensor2D;
  const w2 = init([32, o.classes], 32) as tf.Tensor2D;
  return {
    apply: (x: Tensor4D) =>
      tf.tidy(() => {
        const h1 = tf.relu(tf.conv2d(tf.sub(x, 0.5) as Tensor4D, k1, 2, 'same'));
        const h2 = tf.relu(tf.matMul(tf.reshape(h1, [x.shape[0], flat]), w1));
        return tf.matMul(h2, w2) as Tensor2D;
      }),
    dispose: () => tf.dispose([k1, w1, w2]),
  };
}

/** Seeded images [n, h, w, c] uniform in [lo, hi]. */
export function randomImages(
  n: number,
  shape: [number, number, number],
  seed: number,
  lo = 0,
  hi = 1,
): Tensor4D {
  const rng = createRng(seed);
  const size = n * shape[0] * shape[1] * shape[2];
  return tf.tensor4d(
    Float32Array.from({ length: size }, () => lo + (hi - lo) * rng.uniform()),
    [n, ...shape],
  );
}
