import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import type { ClassifierFn } from '../inner_maximisation.ts';

/**
 * Smooth random images for tests: uniform [n, 4, 4, 3] values in [0.2, 0.8], bilinearly resized
 * to [n, size, size, 3] (float32 in [0, 1]); the same seed gives the same images.
 *
 * ```ts
 * const x = smoothImages(2, 12, 3); // [2, 12, 12, 3]
 * ```
 */
export function smoothImages(n: number, size: number, seed: number): Tensor4D {
  return tf.tidy(
    () =>
      tf.image.resizeBilinear(
        tf.randomUniform([n, 4, 4, 3], 0.2, 0.8, 'float32', seed) as Tensor4D,
        [size, size],
      ) as Tensor4D,
  );
}

/**
 * A fixed 2-class linear classifier on per-channel means (red against blue): [B, H, W, 3] ->
 * logits [B, 2]. `dispose` frees its weights.
 */
export function colourClassifier(): { fn: ClassifierFn; dispose(): void } {
  const w = tf.tensor2d([
    [3, -3],
    [1, 0],
    [-3, 3],
  ]);
  return {
    fn: (v: Tensor4D): Tensor2D => tf.tidy(() => tf.matMul(tf.mean(v, [1, 2]) as Tensor2D, w)),
    dispose: () => w.dispose(),
  };
}
