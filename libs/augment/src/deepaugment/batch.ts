import type { CorruptionNetwork } from '@ada/models';
import * as tf from '@tensorflow/tfjs-core';
import { groupInstance } from './generate.ts';

/**
 * DeepAugment on a batch in memory (previews, contact sheets, on-the-fly use): image i goes
 * through network instance `firstGroup + floor(i / groupSize)` (`groupInstance`, the same
 * instances `generateDeepAugment` uses for those group indices), clipped to [0, 1].
 * `x` is NHWC float32 in [0, 1]; returns a new tensor of the same shape.
 *
 * ```ts
 * const y = deepAugmentBatch([net], x, 7); // every image its own perturbed network
 * ```
 */
export function deepAugmentBatch(
  networks: readonly CorruptionNetwork[],
  x: tf.Tensor4D,
  seed: number,
  options: { groupSize?: number; firstGroup?: number } = {},
): tf.Tensor4D {
  const groupSize = options.groupSize ?? 1;
  const firstGroup = options.firstGroup ?? 0;
  if (networks.length === 0)
    throw new RangeError(`Argument 'networks' passed to 'deepAugmentBatch' must not be empty`);
  if (!Number.isInteger(groupSize) || groupSize < 1) {
    throw new RangeError(
      `Argument 'groupSize' passed to 'deepAugmentBatch' must be a positive integer, got ${groupSize}`,
    );
  }
  const n = x.shape[0];
  const parts: tf.Tensor4D[] = [];
  try {
    for (let start = 0; start < n; start += groupSize) {
      const count = Math.min(groupSize, n - start);
      const { net, params } = groupInstance(networks, seed, firstGroup + start / groupSize);
      try {
        parts.push(
          tf.tidy(() => {
            const xs = tf.slice(x, [start, 0, 0, 0], [count, -1, -1, -1]);
            return tf.clipByValue(net.apply(xs, params), 0, 1);
          }),
        );
      } finally {
        tf.dispose(params);
      }
    }
    return parts.length === 1 ? parts[0]! : tf.concat(parts, 0);
  } finally {
    if (parts.length > 1) tf.dispose(parts);
  }
}
