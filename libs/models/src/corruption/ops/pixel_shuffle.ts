import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';

/**
 * Pixel shuffle (sub-pixel convolution upsampler), the same as `tf.depthToSpace(x, s, 'NHWC')`
 * but written with rank-4 reshapes and a transpose so that it is differentiable on every backend
 * (tfjs-core has no DepthToSpace gradient).
 *
 * x: float32 [B, H, W, s*s*C] -> [B, H*s, W*s, C], with
 * `out[b, h*s + i, w*s + j, c] = x[b, h, w, (i*s + j)*C + c]`.
 *
 * ```ts
 * pixelShuffle(tf.zeros([1, 4, 4, 12]), 2).shape; // [1, 8, 8, 3]
 * ```
 */
export function pixelShuffle(x: Tensor4D, scale: number): Tensor4D {
  if (!Number.isInteger(scale) || scale < 1) {
    throw new Error(
      `Argument 'scale' passed to 'pixelShuffle' must be a positive integer, got ${scale}`,
    );
  }
  const [b, h, w, cs] = x.shape;
  if (x.rank !== 4 || cs % (scale * scale) !== 0) {
    throw new Error(
      `Argument 'x' passed to 'pixelShuffle' must be [B, H, W, C*${scale * scale}], got [${x.shape.join(', ')}]`,
    );
  }
  const c = cs / (scale * scale);
  return tf.tidy(() => {
    // rank 4 only (wasm and gradients): [(b,h), w, i, (j,c)] -> [(b,h), i, w, (j,c)]
    const t = tf.transpose(tf.reshape(x, [b * h, w, scale, scale * c]), [0, 2, 1, 3]);
    return tf.reshape(t, [b, h * scale, w * scale, c]);
  });
}
