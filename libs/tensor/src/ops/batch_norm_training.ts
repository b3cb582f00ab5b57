import * as tf from '@tensorflow/tfjs-core';
import type { GradSaveFunc, Tensor, Tensor1D, Tensor4D } from '@tensorflow/tfjs-core';
import { nativeBackend } from './native_backend.ts';

/** Batch statistics of one training-mode batch normalisation. */
export interface BatchNormTrainingResult {
  /** x normalised with the batch statistics, scaled and shifted: [N, H, W, C]. */
  y: Tensor4D;
  /** Batch mean over N, H, W: [C]. */
  mean: Tensor1D;
  /** Unbiased batch variance (times n / (n - 1), n = N * H * W), as running averages use: [C]. */
  unbiasedVariance: Tensor1D;
}

/**
 * Training-mode batch normalisation of NHWC `x` (float32 [N, H, W, C]) with `gamma` and `beta`
 * ([C]) on the native backend, as two TensorFlow kernels: `FusedBatchNormV3` forward and
 * `FusedBatchNormGradV3` for the gradients of x, gamma and beta. tfjs composes the same thing
 * from about 30 small kernels (moments, normalisation and their gradients), each paying
 * tfjs-node's per-op overhead. Returns undefined on any other backend (the caller keeps its
 * composite path). Differentiable in x, gamma and beta through `tf.customGrad`; `mean` and
 * `unbiasedVariance` are constants for the gradient, as in the composite path's running-average
 * update.
 *
 * ```ts
 * const r = batchNormTrainingNative(x, gamma, beta, 1e-5); // undefined unless on tensorflow
 * ```
 */
export function batchNormTrainingNative(
  x: Tensor4D,
  gamma: Tensor1D,
  beta: Tensor1D,
  epsilon: number,
): BatchNormTrainingResult | undefined {
  const backend = nativeBackend();
  if (backend === undefined) return undefined;
  if (x.rank !== 4 || gamma.shape[0] !== x.shape[3] || beta.shape[0] !== x.shape[3]) {
    throw new Error(
      `Arguments passed to 'batchNormTrainingNative' must be x [N, H, W, C] and gamma, beta [C], got x [${x.shape.join(', ')}], gamma [${gamma.shape.join(', ')}], beta [${beta.shape.join(', ')}]`,
    );
  }
  const b = backend.binding;
  const attrs = [
    { name: 'T', type: b.TF_ATTR_TYPE, value: b.TF_FLOAT },
    { name: 'U', type: b.TF_ATTR_TYPE, value: b.TF_FLOAT },
    { name: 'epsilon', type: b.TF_ATTR_FLOAT, value: epsilon },
    { name: 'data_format', type: b.TF_ATTR_STRING, value: 'NHWC' },
    { name: 'is_training', type: b.TF_ATTR_BOOL, value: true },
  ];
  let stats: Tensor[] = [];
  const op = tf.customGrad((...args: Array<Tensor | GradSaveFunc>) => {
    const [xs, g, bt, save] = args as [Tensor, Tensor, Tensor, GradSaveFunc];
    const empty = tf.zeros([0]);
    const [y, mean, variance, r1, r2, r3] = backend.executeMultipleOutputs(
      'FusedBatchNormV3',
      [...attrs, { name: 'exponential_avg_factor', type: b.TF_ATTR_FLOAT, value: 1 }],
      [xs, g, bt, empty, empty],
      6,
    );
    empty.dispose();
    stats = [tf.keep(mean!), tf.keep(variance!)];
    save([xs, g, r1!, r2!, r3!]);
    return {
      value: y!,
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
        const [sx, sg, s1, s2, s3] = saved;
        const [dx, dg, db, ...rest] = backend.executeMultipleOutputs(
          'FusedBatchNormGradV3',
          attrs,
          [dy as Tensor, sx!, sg!, s1!, s2!, s3!],
          5,
        );
        tf.dispose(rest);
        return [dx!, dg!, db!];
      },
    };
  });
  const y = op(x, gamma, beta) as Tensor4D;
  // TensorFlow's training-mode batch_variance is already Bessel-corrected.
  const [mean, unbiasedVariance] = stats as [Tensor1D, Tensor1D];
  return { y, mean, unbiasedVariance };
}
