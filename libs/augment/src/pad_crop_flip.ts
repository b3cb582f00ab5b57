import { RandomState } from '@ada/data';
import * as tf from '@tensorflow/tfjs-core';

/** Settings of the standard CIFAR augmentation (defaults: the paper's). */
export interface PadCropFlipConfig {
  /** Pixels of padding on each side (default 4). */
  readonly pad?: number;
  /** `zero` (default, as in the paper) or `reflect` (mirror without repeating the edge). */
  readonly mode?: 'zero' | 'reflect';
  /** Crop size (default: the input size, 32 for CIFAR). */
  readonly cropSize?: number;
  /** Probability of a horizontal flip (default 0.5). */
  readonly flipProbability?: number;
  /**
   * `tf`: one gather kernel (keeps data on GPU backends); `js`: a copy loop on the downloaded
   * pixels (faster on cpu/wasm, where a gather costs more than the copy); `auto` (default)
   * picks `js` on cpu and wasm. Same result either way.
   */
  readonly impl?: 'auto' | 'js' | 'tf';
}

/** The random choices for one example: crop offsets into the padded image, and the flip. */
export interface CropFlip {
  readonly top: number;
  readonly left: number;
  readonly flip: boolean;
}

/**
 * Draws one example's crop offsets (top uniform in 0..maxTop, left in 0..maxLeft) and its flip
 * (probability `flipProbability`) from `rng`, in that order.
 */
export function sampleCropFlip(
  rng: RandomState,
  maxTop: number,
  maxLeft: number,
  flipProbability = 0.5,
): CropFlip {
  const top = rng.randint(0, maxTop + 1);
  const left = rng.randint(0, maxLeft + 1);
  const flip = rng.randomSample() < flipProbability;
  return { top, left, flip };
}

/**
 * Standard augmentation: pad by `pad` pixels (zeros or reflection), take a random
 * `cropSize` x `cropSize` crop, flip horizontally with probability 1/2. `x` is NHWC float32
 * (any range); `seeds[b]` seeds example b, so the result for an example does not depend on
 * the batch. Returns NHWC float32 [N, cropSize, cropSize, C]. One index computation for the
 * batch, then a single gather kernel or copy loop (see `impl`).
 *
 * ```ts
 * const y = padCropFlip(x, batchSeeds(runSeed, step * 256, 256, STREAMS.padCropFlip));
 * ```
 */
export function padCropFlip(
  x: tf.Tensor4D,
  seeds: readonly number[],
  config: PadCropFlipConfig = {},
): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const pad = config.pad ?? 4;
  const mode = config.mode ?? 'zero';
  const size = config.cropSize ?? h;
  const pFlip = config.flipProbability ?? 0.5;
  if (x.dtype !== 'float32') {
    throw new TypeError(`Argument 'x' passed to 'padCropFlip' must be float32, got ${x.dtype}`);
  }
  if (x.rank !== 4)
    throw new RangeError(
      `Argument 'x' passed to 'padCropFlip' must be NHWC (rank 4), got rank ${x.rank}`,
    );
  if (seeds.length !== n) {
    throw new RangeError(
      `Argument 'seeds' passed to 'padCropFlip' must have one seed per example (${n}), got ${seeds.length}`,
    );
  }
  if (!Number.isInteger(pad) || pad < 0) {
    throw new RangeError(
      `Argument 'pad' passed to 'padCropFlip' must be a non-negative integer, got ${pad}`,
    );
  }
  if (mode !== 'zero' && mode !== 'reflect') {
    throw new RangeError(
      `Argument 'mode' passed to 'padCropFlip' must be 'zero' or 'reflect', got ${String(mode)}`,
    );
  }
  if (mode === 'reflect' && (pad >= h || pad >= w)) {
    throw new RangeError(
      `Argument 'pad' passed to 'padCropFlip' must be below the image size for 'reflect', got ${pad}`,
    );
  }
  const ph = h + 2 * pad;
  const pw = w + 2 * pad;
  if (!Number.isInteger(size) || size < 1 || size > ph || size > pw) {
    throw new RangeError(
      `Argument 'cropSize' passed to 'padCropFlip' must be an integer in 1..${Math.min(ph, pw)}, got ${size}`,
    );
  }
  if (!(pFlip >= 0 && pFlip <= 1)) {
    throw new RangeError(
      `Argument 'flipProbability' passed to 'padCropFlip' must be in [0, 1], got ${pFlip}`,
    );
  }
  // Source pixel (flat index into x's N*H*W pixels) of every output pixel; zero padding
  // points at one extra all-zero pixel past the end.
  const zeroPixel = n * h * w;
  const reflect = (v: number, len: number): number =>
    v < 0 ? -v : v >= len ? 2 * (len - 1) - v : v;
  const idx = new Int32Array(n * size * size);
  for (let b = 0; b < n; b++) {
    const { top, left, flip } = sampleCropFlip(
      new RandomState(seeds[b]!),
      ph - size,
      pw - size,
      pFlip,
    );
    let o = b * size * size;
    for (let i = 0; i < size; i++) {
      let sy = top + i - pad;
      const rowOut = mode === 'zero' && (sy < 0 || sy >= h);
      sy = reflect(sy, h);
      for (let j = 0; j < size; j++) {
        let sx = left + (flip ? size - 1 - j : j) - pad;
        if (rowOut || (mode === 'zero' && (sx < 0 || sx >= w))) {
          idx[o++] = zeroPixel;
          continue;
        }
        sx = reflect(sx, w);
        idx[o++] = (b * h + sy) * w + sx;
      }
    }
  }
  const impl = config.impl ?? 'auto';
  const useJs =
    impl === 'js' || (impl === 'auto' && (tf.getBackend() === 'cpu' || tf.getBackend() === 'wasm'));
  if (useJs) {
    const src = x.dataSync() as Float32Array;
    const out = new Float32Array(idx.length * c);
    for (let k = 0; k < idx.length; k++) {
      const p = idx[k]!;
      if (p === zeroPixel) continue;
      for (let ch = 0; ch < c; ch++) out[k * c + ch] = src[p * c + ch]!;
    }
    return tf.tensor4d(out, [n, size, size, c], 'float32');
  }
  return tf.tidy(() => {
    const flat = tf.concat([tf.reshape(x, [n * h * w, c]), tf.zeros([1, c], x.dtype)], 0);
    const picked = tf.gather(flat, tf.tensor1d(idx, 'int32'));
    return tf.reshape(picked, [n, size, size, c]);
  });
}
