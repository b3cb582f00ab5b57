import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D } from '@tensorflow/tfjs-core';
import { RandomState } from '@ada/data';
import type { AttackLabels } from './names.ts';

/**
 * Mixed into an `augment` seed to seed the label permutation ('perm' in ASCII), so that the
 * permutation has a generator of its own: the random start of the offsets is the same under
 * `attackLabels` 'true' and 'permuted' for the same seed, and only the attacked labels differ.
 */
export const PERMUTATION_SEED_MIX = 0x7065726d;

/**
 * The fixed permutation of a batch of `batch` images under `attackLabels: 'permuted'`:
 * NumPy's `np.random.RandomState(seed ^ 0x7065726d).permutation(batch)`. Image b is attacked
 * with the label of image pi[b]. One permutation per `augment` call (one batch): every FGSM
 * step of that call uses it.
 *
 * @param batch number of images B >= 0.
 * @param seed the `augment` seed, an integer in [0, 2^32).
 * @returns int32 [B], a permutation of 0..B-1.
 *
 * ```ts
 * attackPermutation(6, 0); // Int32Array [0, 5, 1, 3, 4, 2]
 * ```
 */
export function attackPermutation(batch: number, seed: number): Int32Array {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(
      `Argument 'seed' passed to 'attackPermutation' must be an integer in [0, 2^32), got ${seed}`,
    );
  }
  return new RandomState((seed ^ PERMUTATION_SEED_MIX) >>> 0).permutation(batch);
}

/**
 * The labels the inner maximisation attacks (see `AttackLabels`): `labels` itself for `true`,
 * `labels[pi[b]]` with pi = `attackPermutation(B, seed)` for `permuted`.
 *
 * @param labels int32 [B], the batch's true labels (not changed, not disposed).
 * @returns int32 [B], a new tensor owned by the caller.
 */
export function attackLabelsOf(labels: Tensor1D, mode: AttackLabels, seed: number): Tensor1D {
  if (labels.rank !== 1) {
    throw new Error(
      `Argument 'labels' passed to 'attackLabelsOf' must be rank 1 [B], got rank ${labels.rank}`,
    );
  }
  switch (mode) {
    case 'true':
      return tf.clone(labels);
    case 'permuted': {
      const pi = attackPermutation(labels.shape[0], seed);
      return tf.tidy(() => tf.gather(labels, tf.tensor1d(pi, 'int32')));
    }
    default: {
      const never: never = mode;
      throw new Error(
        `Argument 'mode' passed to 'attackLabelsOf' must be true or permuted, got ${String(never)}`,
      );
    }
  }
}
