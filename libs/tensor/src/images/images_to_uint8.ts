import type * as tf from '@tensorflow/tfjs-core';
import { assertImageBatch } from './assert_image_batch.ts';

/**
 * Tolerance added before truncating, so that every byte survives the round trip through
 * `imagesFromUint8` although float32(k / 255) * 255 can fall just below k.
 */
const ROUND_TRIP_EPS = 1e-3;

/**
 * Converts a float32 image batch [N, H, W, 3] in [0, 1] to uint8 NHWC bytes, the wire and disk
 * format. Each value is clipped to [0, 1], scaled by 255 and truncated (rounded down), as
 * NumPy's `np.uint8(np.clip(x, 0, 1) * 255)` does in the CIFAR-10-C reference code, except that
 * values within 1e-3 / 255 below an integer step count as that step, so that
 * `imagesToUint8(imagesFromUint8(b))` returns `b` exactly. NaN maps to 0. Reads the tensor back
 * asynchronously and does not dispose it.
 *
 * ```ts
 * const bytes = await imagesToUint8(x); // Uint8Array of N*H*W*3
 * ```
 */
export async function imagesToUint8(x: tf.Tensor): Promise<Uint8Array> {
  assertImageBatch(x, 'x', 'imagesToUint8');
  const values = (await x.data()) as Float32Array;
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // NaN fails both comparisons and falls through to 0.
    out[i] = v >= 1 ? 255 : v > 0 ? Math.floor(v * 255 + ROUND_TRIP_EPS) : 0;
  }
  return out;
}
