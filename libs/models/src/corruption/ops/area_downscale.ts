import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';

/**
 * Area downscaling by an integer factor: the mean of every non-overlapping s x s block (what
 * OpenCV's `INTER_AREA` does for integer factors).
 *
 * x: float32 [B, H, W, C] with H and W multiples of s -> [B, H/s, W/s, C].
 *
 * ```ts
 * areaDownscale(tf.zeros([1, 64, 64, 3]), 2).shape; // [1, 32, 32, 3]
 * ```
 */
export function areaDownscale(x: Tensor4D, scale: number): Tensor4D {
  if (!Number.isInteger(scale) || scale < 1) {
    throw new Error(
      `Argument 'scale' passed to 'areaDownscale' must be a positive integer, got ${scale}`,
    );
  }
  if (x.rank !== 4 || x.shape[1] % scale !== 0 || x.shape[2] % scale !== 0) {
    throw new Error(
      `Argument 'x' passed to 'areaDownscale' must be [B, H, W, C] with H and W multiples of ${scale}, got [${x.shape.join(', ')}]`,
    );
  }
  if (scale === 1) return tf.clone(x);
  return tf.avgPool(x, scale, scale, 'valid');
}
