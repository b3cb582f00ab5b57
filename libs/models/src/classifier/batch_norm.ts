import * as tf from '@tensorflow/tfjs-core';
import type { Rank, Tensor1D, Tensor4D, Variable } from '@tensorflow/tfjs-core';
import { batchNormTrainingNative } from '@ada/tensor';

/** The four variables of one batch-normalisation layer over the channel axis (length C). */
export interface BatchNormVariables {
  readonly gamma: Variable<Rank.R1>;
  readonly beta: Variable<Rank.R1>;
  readonly movingMean: Variable<Rank.R1>;
  readonly movingVariance: Variable<Rank.R1>;
}

/**
 * Batch normalisation of NHWC activations over the channel axis.
 *
 * - `training: true`: normalises with the batch mean and (biased) batch variance over N, H, W,
 *   and updates the running averages outside the differentiated graph:
 *   `moving = momentum * moving + (1 - momentum) * batch`, where the variance entering the
 *   running average is the unbiased one (times n / (n - 1), n = N * H * W), as in PyTorch.
 * - `training: false`: normalises with the running averages; nothing changes.
 *
 * x: float32 [N, H, W, C]; returns float32 [N, H, W, C]. Intermediates are left to the caller's
 * `tf.tidy` (the classifiers wrap their whole forward in one).
 *
 * ```ts
 * const y = batchNorm(x, bn, { training: true, momentum: 0.9, epsilon: 1e-5 });
 * ```
 */
export function batchNorm(
  x: Tensor4D,
  bn: BatchNormVariables,
  options: { training: boolean; momentum: number; epsilon: number },
): Tensor4D {
  const channels = bn.gamma.shape[0];
  if (x.rank !== 4 || x.shape[3] !== channels) {
    throw new Error(
      `Argument 'x' passed to 'batchNorm' must be [N, H, W, ${channels}], got [${x.shape.join(', ')}]`,
    );
  }
  if (!options.training) {
    return tf.batchNorm4d(x, bn.movingMean, bn.movingVariance, bn.beta, bn.gamma, options.epsilon);
  }
  const n = x.shape[0] * x.shape[1] * x.shape[2];
  const updateMoving = (mean: Tensor1D, unbiased: Tensor1D): void =>
    tf.tidy(() => {
      const m = options.momentum;
      bn.movingMean.assign(tf.add(tf.mul(bn.movingMean, m), tf.mul(mean, 1 - m)));
      bn.movingVariance.assign(tf.add(tf.mul(bn.movingVariance, m), tf.mul(unbiased, 1 - m)));
    });
  // On the native backend: TensorFlow's fused kernels (2 ops instead of about 30 with the gradient).
  const native = batchNormTrainingNative(x, bn.gamma, bn.beta, options.epsilon);
  if (native !== undefined) {
    updateMoving(native.mean, native.unbiasedVariance);
    tf.dispose([native.mean, native.unbiasedVariance]);
    return native.y;
  }
  const moments = tf.moments(x, [0, 1, 2]);
  const mean = moments.mean as Tensor1D;
  const variance = moments.variance as Tensor1D;
  tf.tidy(() => updateMoving(mean, (n > 1 ? tf.mul(variance, n / (n - 1)) : variance) as Tensor1D));
  return tf.batchNorm4d(x, mean, variance, bn.beta, bn.gamma, options.epsilon);
}
