/**
 * Top-1 accuracy and error from logits or predicted classes (plain JavaScript, no tensors).
 *
 * ```ts
 * argmaxRows(new Float32Array([0.1, 2, 0.3, 1]), 2); // Int32Array [1, 1]
 * accuracy([1, 1], [1, 0]);                           // 0.5
 * ```
 */

/** Index of the largest value of every row of a row-major [N, classes] matrix (first wins ties). */
export function argmaxRows(logits: ArrayLike<number>, classes: number): Int32Array {
  if (!Number.isInteger(classes) || classes < 1) {
    throw new RangeError(
      `Argument 'classes' passed to 'argmaxRows' must be an integer >= 1, got ${classes}`,
    );
  }
  if (logits.length % classes !== 0) {
    throw new RangeError(
      `Argument 'logits' passed to 'argmaxRows' must have a multiple of ${classes} values, got ${logits.length}`,
    );
  }
  const n = logits.length / classes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < classes; j++)
      if (logits[i * classes + j] > logits[i * classes + best]) best = j;
    out[i] = best;
  }
  return out;
}

/** Fraction in [0, 1] of `predicted[i] === labels[i]`. */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (predicted.length !== labels.length) {
    throw new RangeError(
      `Arguments 'predicted' and 'labels' passed to 'accuracy' must have the same length, got ${predicted.length} and ${labels.length}`,
    );
  }
  if (labels.length === 0)
    throw new RangeError(`Argument 'labels' passed to 'accuracy' must not be empty`);
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) hits++;
  return hits / labels.length;
}

/** Top-1 error = 1 - accuracy, in [0, 1]. */
export function topOneError(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  return 1 - accuracy(predicted, labels);
}
