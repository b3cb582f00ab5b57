import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';

/**
 * Per-example losses that the gradient attacks maximise, for logits z [B, K].
 *
 * - `ce`: cross-entropy of the true label.
 * - `dlr`: Difference of Logits Ratio (Croce & Hein 2020),
 *   -(z_y - max_{i != y} z_i) / (z_pi1 - z_pi3 + 1e-12), with pi the classes by decreasing logit.
 * - `dlr-targeted`: -(z_y - z_t) / (z_pi1 - (z_pi3 + z_pi4) / 2 + 1e-12) for a target t.
 * - `margin-targeted`: z_t - z_y for a target t (MultiTargeted's surrogate).
 *
 * The class ranking is a non-differentiable selection: it is read from the logits' values and
 * enters the graph as constant weight matrices, so the gradient flows to the selected logits
 * exactly as through PyTorch's `sort`.
 */
export type LossSpec =
  | { kind: 'ce' }
  | { kind: 'dlr' }
  | { kind: 'dlr-targeted'; targets: readonly number[] }
  | { kind: 'margin-targeted'; targets: readonly number[] };

/** Denominator guard of the DLR losses (AutoAttack's value). */
export const DLR_EPS = 1e-12;

/** Class indices by decreasing logit of row `b` (first `k` of them). */
export function topClasses(
  values: ArrayLike<number>,
  b: number,
  numClasses: number,
  k: number,
): number[] {
  const idx = Array.from({ length: numClasses }, (_, i) => i);
  idx.sort((i, j) => values[b * numClasses + j]! - values[b * numClasses + i]! || i - j);
  return idx.slice(0, k);
}

/** Minimum number of classes each loss needs (DLR reads the 3rd, targeted DLR the 4th logit). */
export function minClassesFor(kind: LossSpec['kind']): number {
  return kind === 'ce' || kind === 'margin-targeted' ? 2 : kind === 'dlr' ? 3 : 4;
}

/**
 * Per-example loss [B] of logits `z` (on the gradient tape) with values `zValues` (the same
 * logits, read back) and labels `y`.
 */
export function perExampleLoss(
  spec: LossSpec,
  z: Tensor2D,
  zValues: ArrayLike<number>,
  y: readonly number[],
): Tensor1D {
  const [batch, numClasses] = z.shape;
  if (numClasses < minClassesFor(spec.kind)) {
    throw new RangeError(
      `Loss '${spec.kind}' needs at least ${minClassesFor(spec.kind)} classes, the model has ${numClasses}`,
    );
  }
  return tf.tidy(() => {
    if (spec.kind === 'ce') {
      const onehot = tf.oneHot(tf.tensor1d(y as number[], 'int32'), numClasses);
      return tf.neg(tf.sum(tf.mul(onehot, tf.logSoftmax(z)), 1)) as Tensor1D;
    }
    if (spec.kind === 'margin-targeted') {
      const w = new Float32Array(batch * numClasses);
      for (let b = 0; b < batch; b++) {
        w[b * numClasses + spec.targets[b]!] += 1;
        w[b * numClasses + y[b]!] -= 1;
      }
      return tf.sum(tf.mul(z, tf.tensor2d(w, [batch, numClasses])), 1) as Tensor1D;
    }
    const num = new Float32Array(batch * numClasses);
    const den = new Float32Array(batch * numClasses);
    for (let b = 0; b < batch; b++) {
      const top = topClasses(zValues, b, numClasses, 4);
      const row = b * numClasses;
      num[row + y[b]!] += 1;
      if (spec.kind === 'dlr') {
        num[row + (top[0] === y[b] ? top[1]! : top[0]!)] -= 1;
        den[row + top[0]!] += 1;
        den[row + top[2]!] -= 1;
      } else {
        num[row + spec.targets[b]!] -= 1;
        den[row + top[0]!] += 1;
        den[row + top[2]!] -= 0.5;
        den[row + top[3]!] -= 0.5;
      }
    }
    const a = tf.tensor2d(num, [batch, numClasses]);
    const d = tf.tensor2d(den, [batch, numClasses]);
    return tf.neg(
      tf.div(tf.sum(tf.mul(z, a), 1), tf.add(tf.sum(tf.mul(z, d), 1), DLR_EPS)),
    ) as Tensor1D;
  });
}

/** Per-example margin z_y - max_{i != y} z_i from logit values [B, K] (<= 0: misclassified). */
export function margins(
  zValues: ArrayLike<number>,
  y: readonly number[],
  numClasses: number,
): Float32Array {
  const out = new Float32Array(y.length);
  for (let b = 0; b < y.length; b++) {
    let other = -Infinity;
    for (let k = 0; k < numClasses; k++) {
      if (k !== y[b]) other = Math.max(other, zValues[b * numClasses + k]!);
    }
    out[b] = zValues[b * numClasses + y[b]!]! - other;
  }
  return out;
}

/**
 * Whether each example is misclassified: its arg-max logit (lowest index on ties) is not its
 * label. Matches `tf.argMax` on the same values.
 */
export function misclassified(
  zValues: ArrayLike<number>,
  y: readonly number[],
  numClasses: number,
): boolean[] {
  return y.map((label, b) => {
    let best = 0;
    for (let k = 1; k < numClasses; k++) {
      if (zValues[b * numClasses + k]! > zValues[b * numClasses + best]!) best = k;
    }
    return best !== label;
  });
}
