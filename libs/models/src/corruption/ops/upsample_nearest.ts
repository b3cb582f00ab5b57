import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';

/**
 * Nearest-neighbour upsampling by an integer factor (Keras `UpSampling2D(size=s,
 * interpolation='nearest')`): every pixel becomes an s x s block. Written with rank-4 reshapes and
 * tiles (differentiable on every backend).
 *
 * x: float32 [B, H, W, C] -> [B, H*s, W*s, C], `out[b, y, x, c] = in[b, floor(y/s), floor(x/s), c]`.
 *
 * ```ts
 * upsampleNearest(tf.zeros([1, 4, 4, 3]), 2).shape; // [1, 8, 8, 3]
 * ```
 */
export function upsampleNearest(x: Tensor4D, scale: number): Tensor4D {
  if (!Number.isInteger(scale) || scale < 1) {
    throw new Error(
      `Argument 'scale' passed to 'upsampleNearest' must be a positive integer, got ${scale}`,
    );
  }
  if (x.rank !== 4) {
    throw new Error(
      `Argument 'x' passed to 'upsampleNearest' must be [B, H, W, C], got [${x.shape.join(', ')}]`,
    );
  }
  const [b, h, w, c] = x.shape;
  return tf.tidy(() => {
    // rank 4 only (tfjs has no rank-6 Tile gradient): repeat columns, then rows
    const cols = tf.reshape(tf.tile(tf.reshape(x, [b * h, w, 1, c]), [1, 1, scale, 1]), [
      b,
      h,
      1,
      w * scale * c,
    ]);
    return tf.reshape(tf.tile(cols, [1, 1, scale, 1]), [b, h * scale, w * scale, c]);
  });
}
