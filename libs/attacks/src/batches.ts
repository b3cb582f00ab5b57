import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { AttackName } from './names.ts';
import type { AttackProgress, AttackResult } from './types.ts';

/** What an attack returns for one batch. */
export interface BatchOutcome {
  adversarial: Tensor4D;
  fooled: boolean[];
  gradientEvaluations: number;
  forwardEvaluations: number;
}

/** Default examples per forward/backward pass. */
export const DEFAULT_BATCH_SIZE = 64;

/**
 * Runs `attackBatch` on consecutive batches of `batchSize` examples and joins the outcomes into
 * one `AttackResult` (adversarial images in input order).
 */
export function runInBatches(
  images: Tensor4D,
  labels: readonly number[],
  /** Examples per pass; default `DEFAULT_BATCH_SIZE`. */
  batchSize: number | undefined,
  attackBatch: (x: Tensor4D, y: number[], batch: number, batches: number) => BatchOutcome,
): AttackResult {
  const started = performance.now();
  const n = images.shape[0];
  if (n === 0) {
    return {
      adversarial: tf.zeros(images.shape) as Tensor4D,
      fooled: [],
      gradientEvaluations: 0,
      forwardEvaluations: 0,
      seconds: 0,
    };
  }
  const size0 = batchSize ?? DEFAULT_BATCH_SIZE;
  const batches = Math.ceil(n / size0);
  const parts: Tensor4D[] = [];
  const fooled: boolean[] = [];
  let gradientEvaluations = 0;
  let forwardEvaluations = 0;
  try {
    for (let b = 0; b < batches; b++) {
      const start = b * size0;
      const size = Math.min(size0, n - start);
      const x = tf.slice(images, [start, 0, 0, 0], [size, -1, -1, -1]);
      try {
        const out = attackBatch(x, labels.slice(start, start + size), b, batches);
        parts.push(out.adversarial);
        fooled.push(...out.fooled);
        gradientEvaluations += out.gradientEvaluations;
        forwardEvaluations += out.forwardEvaluations;
      } finally {
        x.dispose();
      }
    }
    const adversarial = parts.length === 1 ? parts[0]!.clone() : (tf.concat(parts, 0) as Tensor4D);
    return {
      adversarial,
      fooled,
      gradientEvaluations,
      forwardEvaluations,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    tf.dispose(parts);
  }
}

/**
 * Runs `attack` on the examples of a batch that are not fooled yet and merges what it finds:
 * newly fooled examples take its adversarial image; the rest keep `current` unless `replace`
 * says otherwise. Returns the new adversarial batch (disposing `current`) and updates `fooled`.
 */
export function attackRemaining(
  x: Tensor4D,
  y: readonly number[],
  fooled: boolean[],
  current: Tensor4D,
  attack: (
    xs: Tensor4D,
    ys: number[],
    indices: number[],
  ) => { adversarial: Tensor4D; fooled: boolean[] },
): Tensor4D {
  const indices = fooled.flatMap((f, i) => (f ? [] : [i]));
  if (indices.length === 0) return current;
  const idx = tf.tensor1d(indices, 'int32');
  const xs = tf.gather(x, idx);
  let out: { adversarial: Tensor4D; fooled: boolean[] } | undefined;
  try {
    out = attack(
      xs,
      indices.map((i) => y[i]!),
      indices,
    );
    const hit = indices.filter((_, j) => out!.fooled[j]);
    if (hit.length === 0) return current;
    const merged = tf.tidy(() => {
      // Scatter the subset's new images back to batch positions.
      const positions = new Int32Array(x.shape[0]).fill(-1);
      indices.forEach((i, j) => (positions[i] = j));
      const takeNew = fooled.map((_, i) => positions[i]! >= 0 && out!.fooled[positions[i]!]!);
      const gatherIdx = Int32Array.from(positions, (p) => Math.max(p, 0));
      const expanded = tf.gather(out!.adversarial, tf.tensor1d(gatherIdx, 'int32'));
      const m = tf.tensor4d(
        Float32Array.from(takeNew, (v) => (v ? 1 : 0)),
        [takeNew.length, 1, 1, 1],
      );
      return tf.add(tf.mul(expanded, m), tf.mul(current, tf.sub(1, m))) as Tensor4D;
    });
    for (const i of hit) fooled[i] = true;
    current.dispose();
    return merged;
  } finally {
    tf.dispose([idx, xs]);
    out?.adversarial.dispose();
  }
}

/** What one run of an attack on the remaining examples of a batch returns. */
export interface RunOutcome {
  adversarial: Tensor4D;
  fooled: boolean[];
  gradientEvaluations: number;
  forwardEvaluations?: number;
}

/**
 * `count` runs of an attack on one batch (restarts, targets x restarts), each only on the
 * examples no earlier run fooled; `run(k, xs, ys, indices, fooledSoFar)` attacks the subset.
 * Returns the merged batch outcome with the evaluations summed.
 */
export function runsOnRemaining(
  x: Tensor4D,
  y: readonly number[],
  count: number,
  run: (
    k: number,
    xs: Tensor4D,
    ys: number[],
    indices: number[],
    fooledSoFar: number,
  ) => RunOutcome,
): BatchOutcome {
  const fooled = new Array<boolean>(y.length).fill(false);
  let adversarial = x.clone();
  let gradientEvaluations = 0;
  let forwardEvaluations = 0;
  for (let k = 0; k < count; k++) {
    adversarial = attackRemaining(x, y, fooled, adversarial, (xs, ys, indices) => {
      const out = run(k, xs, ys, indices, fooled.filter(Boolean).length);
      gradientEvaluations += out.gradientEvaluations;
      forwardEvaluations += out.forwardEvaluations ?? 0;
      return out;
    });
  }
  return { adversarial, fooled, gradientEvaluations, forwardEvaluations };
}

/**
 * The progress callback of one batch as `(step, fooled) => void` (nothing when `onProgress`
 * is unset): fills in the attack, batch, total steps and batch size.
 */
export function stepReporter(
  onProgress: ((p: AttackProgress) => void) | undefined,
  attack: AttackName,
  at: { batch: number; batches: number; steps: number; examples: number },
): (step: number, fooled: number) => void {
  return (step, fooled) => onProgress?.({ attack, ...at, step, fooled });
}
