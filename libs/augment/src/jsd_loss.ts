import * as tf from '@tensorflow/tfjs-core';

/**
 * The Jensen-Shannon consistency term of AugMix (Hendrycks et al. 2020, reference `cifar.py`):
 * with p_k = softmax(logits_k) for the clean view and the AugMix views and
 * M = clip(mean_k p_k, 1e-7, 1), returns mean_k KL(p_k || M), each KL summed over classes and
 * averaged over the batch (`F.kl_div(log M, p_k, reduction='batchmean')`). Differentiable.
 *
 * `views` are logits, each [N, K] float32, the first the clean one. Returns a scalar.
 *
 * ```ts
 * const jsd = jsdConsistency([logitsClean, logitsAug1, logitsAug2]);
 * ```
 */
export function jsdConsistency(views: readonly tf.Tensor2D[]): tf.Scalar {
  if (views.length < 2) {
    throw new RangeError(
      `Argument 'views' passed to 'jsdConsistency' must hold at least 2 logits tensors, got ${views.length}`,
    );
  }
  const shape = views[0]!.shape;
  views.forEach((v, i) => {
    if (v.rank !== 2 || v.shape[0] !== shape[0] || v.shape[1] !== shape[1]) {
      throw new RangeError(
        `Argument 'views[${i}]' passed to 'jsdConsistency' must be [N, K] = [${shape}] like views[0], got [${v.shape}]`,
      );
    }
  });
  return tf.tidy(() => {
    const logP = views.map((v) => tf.logSoftmax(v));
    const p = logP.map((l) => tf.exp(l));
    const logM = tf.log(tf.clipByValue(tf.div(tf.addN(p), views.length), 1e-7, 1));
    const kls = p.map((pk, k) => tf.sum(tf.mul(pk, tf.sub(logP[k]!, logM))));
    return tf.div(tf.addN(kls), views.length * shape[0]) as tf.Scalar;
  });
}

/**
 * The AugMix training loss: cross-entropy of the clean logits with the labels (mean over the
 * batch) plus `lambda` (default 12, the paper's) times `jsdConsistency` of the clean and the
 * augmented views. `labels` are int32 class indices [N]; logits [N, K] float32. Returns a
 * scalar, differentiable in every logits tensor.
 *
 * ```ts
 * const loss = augmixLoss(clean, [aug1, aug2], labels);
 * ```
 */
export function augmixLoss(
  clean: tf.Tensor2D,
  augmented: readonly tf.Tensor2D[],
  labels: tf.Tensor1D,
  lambda = 12,
): tf.Scalar {
  if (labels.rank !== 1 || labels.shape[0] !== clean.shape[0]) {
    throw new RangeError(
      `Argument 'labels' passed to 'augmixLoss' must be [N] = [${clean.shape[0]}], got [${labels.shape}]`,
    );
  }
  if (!(lambda >= 0) || !Number.isFinite(lambda)) {
    throw new RangeError(
      `Argument 'lambda' passed to 'augmixLoss' must be a finite number >= 0, got ${lambda}`,
    );
  }
  return tf.tidy(() => {
    const [n, k] = clean.shape;
    const oneHot = tf.oneHot(tf.cast(labels, 'int32'), k);
    const ce = tf.div(tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(clean)))), n);
    return tf.add(ce, tf.mul(lambda, jsdConsistency([clean, ...augmented]))) as tf.Scalar;
  });
}
