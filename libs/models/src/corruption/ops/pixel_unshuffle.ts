import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';

/**
 * Pixel unshuffle (space to depth), the inverse of `pixelShuffle`, written with rank-4 reshapes
 * and a transpose so that it is differentiable on every backend.
 *
 * x: float32 [B, H*s, W*s, C] -> [B, H, W, s*s*C], with
 * `out[b, h, w, (i*s + j)*C + c] = x[b, h*s + i, w*s + j, c]` (TF's `spaceToDepth` order; PyTorch's
 * `PixelUnShuffle` puts channel c*s*s + i*s + j there instead, which converters permute).
 *
 * ```ts
 * pixelUnshuffle(tf.zeros([1, 8, 8, 3]), 2).shape; // [1, 4, 4, 12]
 * ```
 */
export function pixelUnshuffle(x: Tensor4D, scale: number): Tensor4D {
  if (!Number.isInteger(scale) || scale < 1) {
    throw new Error(
      `Argument 'scale' passed to 'pixelUnshuffle' must be a positive integer, got ${scale}`,
    );
  }
  const [b, hs, ws, c] = x.shape;
  if (x.rank !== 4 || hs % scale !== 0 || ws % scale !== 0) {
    throw new Error(
      `Argument 'x' passed to 'pixelUnshuffle' must be [B, H*${scale}, W*${scale}, C], got [${x.shape.join(', ')}]`,
    );
  }
  const h = hs / scale;
  const w = ws / scale;
  return tf.tidy(() => {
    // [(b,h), i, w, (j,c)] -> [(b,h), w, i, (j,c)]
    const t = tf.transpose(tf.reshape(x, [b * h, scale, w, scale * c]), [0, 2, 1, 3]);
    return tf.reshape(t, [b, h, w, scale * scale * c]);
  });
}
