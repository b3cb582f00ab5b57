import * as tf from '@tensorflow/tfjs-core';
import { RandomState, type Dataset } from '@ada/data';

/**
 * Seed of everything random in one training step, derived from the run seed and the global step
 * only (never from state carried across steps), so a run resumed at step s draws exactly what an
 * uninterrupted run draws at step s.
 */
export function stepSeed(runSeed: number, step: number, stream = 0): number {
  let h = (runSeed ^ 0x85ebca6b) >>> 0;
  for (const v of [step, stream]) {
    h = Math.imul(h ^ (v >>> 0), 0x9e3779b1) >>> 0;
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d) >>> 0;
    h ^= h >>> 12;
  }
  return h >>> 1; // a non-negative 31-bit integer, valid for tf seeds and RandomState
}

/** Example order of one epoch: a permutation of [0, n) seeded by (run seed, epoch). */
export function epochOrder(n: number, runSeed: number, epoch: number): Uint32Array {
  const rng = new RandomState(stepSeed(runSeed, epoch, 0x5eed));
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.randint(0, i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/**
 * Gathers examples `indices` of `ds` into an NHWC float32 batch in [0, 1] and int32 labels.
 */
export function gatherBatch(
  ds: Dataset,
  indices: ArrayLike<number>,
): { images: tf.Tensor4D; labels: tf.Tensor1D } {
  const [, h, w] = ds.shape;
  const size = h * w * 3;
  const data = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const idx = indices[i]!;
    const base = idx * size;
    const out = i * size;
    for (let j = 0; j < size; j++) data[out + j] = ds.images[base + j]! / 255;
    labels[i] = ds.labels[idx]!;
  }
  return {
    images: tf.tensor4d(data, [indices.length, h, w, 3]),
    labels: tf.tensor1d(labels, 'int32'),
  };
}
