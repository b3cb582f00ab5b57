import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';

/**
 * Per-example softmax cross-entropy of logits against integer labels: -log softmax(logits)[y].
 *
 * @param logits float32 [B, K].
 * @param labels int32 [B], values in [0, K).
 * @returns float32 [B], >= 0.
 *
 * ```ts
 * crossEntropyPerExample(tf.tensor2d([[0, 0]]), tf.tensor1d([1], 'int32')); // [ln 2]
 * ```
 */
export function crossEntropyPerExample(logits: Tensor2D, labels: Tensor1D): Tensor1D {
  if (logits.rank !== 2) {
    throw new Error(
      `Argument 'logits' passed to 'crossEntropyPerExample' must be rank 2 [B, K], got rank ${logits.rank}`,
    );
  }
  if (labels.rank !== 1 || labels.shape[0] !== logits.shape[0]) {
    throw new Error(
      `Argument 'labels' passed to 'crossEntropyPerExample' must be [${logits.shape[0]}], got [${labels.shape}]`,
    );
  }
  return tf.tidy(() => {
    const oneHot = tf.oneHot(tf.cast(labels, 'int32'), logits.shape[1]);
    return tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1)) as Tensor1D;
  });
}
