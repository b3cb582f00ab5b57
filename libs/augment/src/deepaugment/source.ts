import { RandomState } from '@ada/data';
import * as tf from '@tensorflow/tfjs-core';
import type { SourceStage } from '../pipeline.ts';

/** DeepAugment images as generated: uint8 NHWC, copy c of clean example i at row c * N + i. */
export interface DeepAugmentImages {
  readonly images: Uint8Array;
  readonly shape: readonly [number, number, number, 3];
}

/**
 * The pipeline's source stage for DeepAugment training: example b (clean-set index
 * `indices[b]`) keeps its clean image with probability `cleanProbability`, otherwise becomes
 * one of its DeepAugment copies chosen uniformly; the default probability 1 / (copies + 1)
 * samples uniformly from the union of the clean set and the DeepAugment set, as training on
 * their concatenation does. `cleanCount` is the size N of the clean set.
 *
 * ```ts
 * const source = deepAugmentSource(daImages, train.labels.length);
 * const run = composePipeline({ seed, deepAugment: true }, { source });
 * ```
 */
export function deepAugmentSource(
  da: DeepAugmentImages,
  cleanCount: number,
  options: { cleanProbability?: number } = {},
): SourceStage {
  const [total, h, w] = da.shape;
  if (!Number.isInteger(cleanCount) || cleanCount < 1 || total % cleanCount !== 0) {
    throw new RangeError(
      `Argument 'cleanCount' passed to 'deepAugmentSource' must divide the DeepAugment count ${total}, got ${cleanCount}`,
    );
  }
  if (da.images.length !== total * h * w * 3) {
    throw new RangeError(
      `Argument 'da' passed to 'deepAugmentSource' must hold ${total}x${h}x${w}x3 bytes, got ${da.images.length}`,
    );
  }
  const copies = total / cleanCount;
  const pClean = options.cleanProbability ?? 1 / (copies + 1);
  if (!(pClean >= 0 && pClean <= 1)) {
    throw new RangeError(
      `Argument 'cleanProbability' passed to 'deepAugmentSource' must be in [0, 1], got ${pClean}`,
    );
  }
  const size = h * w * 3;
  return (x, indices, seeds) => {
    const [n, xh, xw] = x.shape;
    if (xh !== h || xw !== w) {
      throw new RangeError(
        `Argument 'images' passed to the DeepAugment source must be ${h}x${w} like the DeepAugment set, got ${xh}x${xw}`,
      );
    }
    const out = (x.dataSync() as Float32Array).slice();
    for (let b = 0; b < n; b++) {
      const idx = indices[b]!;
      if (!Number.isInteger(idx) || idx < 0 || idx >= cleanCount) {
        throw new RangeError(
          `Argument 'indices[${b}]' passed to the DeepAugment source must be in [0, ${cleanCount}), got ${idx}`,
        );
      }
      const rng = new RandomState(seeds[b]!);
      if (rng.randomSample() < pClean) continue;
      const row = rng.randint(0, copies) * cleanCount + idx;
      const src = da.images.subarray(row * size, (row + 1) * size);
      for (let j = 0; j < size; j++) out[b * size + j] = src[j]! / 255;
    }
    return tf.tensor4d(out, [n, h, w, 3], 'float32');
  };
}
