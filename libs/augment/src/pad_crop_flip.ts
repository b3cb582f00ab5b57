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
 * the batch. Returns NHWC float32 [N, cropSize, cropSize, C]. One pad and one gather kernel
 * for the whole batch.
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
  const idx = new Int32Array(n * size * size);
  for (let b = 0; b < n; b++) {
    const { top, left, flip } = sampleCropFlip(
      new RandomState(seeds[b]!),
      ph - size,
      pw - size,
      pFlip,
    );
    const base = b * ph * pw;
    let o = b * size * size;
    for (let i = 0; i < size; i++) {
      const row = base + (top + i) * pw + left;
      for (let j = 0; j < size; j++) idx[o++] = row + (flip ? size - 1 - j : j);
    }
  }
  return tf.tidy(() => {
    const paddings: [number, number][] = [
      [0, 0],
      [pad, pad],
      [pad, pad],
      [0, 0],
    ];
    const padded = mode === 'zero' ? tf.pad(x, paddings) : tf.mirrorPad(x, paddings, 'reflect');
    const flat = tf.reshape(padded, [n * ph * pw, c]);
    const picked = tf.gather(flat, tf.tensor1d(idx, 'int32'));
    return tf.reshape(picked, [n, size, size, c]);
  });
}
