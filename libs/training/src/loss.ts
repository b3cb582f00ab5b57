import * as tf from '@tensorflow/tfjs-core';

/**
 * Mean softmax cross-entropy of `logits` [B, K] against integer `labels` [B].
 */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const k = logits.shape[1];
    const oneHot = tf.oneHot(tf.cast(labels, 'int32'), k);
    const logp = tf.logSoftmax(logits);
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logp), -1))) as tf.Scalar;
  });
}

/** Fraction of rows of `logits` whose arg-max equals `labels`. */
export function accuracyOf(logits: tf.Tensor2D, labels: tf.Tensor1D): number {
  return tf.tidy(() => {
    const hit = tf.equal(tf.argMax(logits, -1), tf.cast(labels, 'int32'));
    return tf.mean(tf.cast(hit, 'float32')).dataSync()[0]!;
  });
}
