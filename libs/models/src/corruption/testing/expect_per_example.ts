import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { applyPerExampleByLoop } from '../per_example.ts';
import type { CorruptionNetwork } from '../types.ts';

/**
 * Test helper: with per-example params `stacked` ([B, ...block shape] each), checks that
 * `apply(..., { perExample: true })` equals the per-example loop reference (max abs < tol), that
 * the gradient of a loss reaches every block with a finite, non-zero value, and that nothing
 * leaks. Does not dispose `x` or `stacked`.
 */
export function expectPerExampleConsistent(
  net: CorruptionNetwork,
  x: Tensor4D,
  stacked: readonly Tensor[],
  tol = 1e-4,
): void {
  const before = tf.memory().numTensors;
  const y = net.apply(x, stacked, { perExample: true });
  const loop = applyPerExampleByLoop((xb, pb) => net.apply(xb, pb), x, stacked);
  expect(y.shape).toEqual(x.shape);
  expect(tf.tidy(() => tf.max(tf.abs(tf.sub(y, loop))).dataSync()[0]!)).toBeLessThan(tol);
  const grads = tf.grads((...ps: Tensor[]) =>
    tf.sum(tf.square(net.apply(x, ps, { perExample: true }))),
  )([...stacked]);
  const norms = tf.tidy(() => grads.map((g) => tf.norm(g).dataSync()[0]!));
  const dead = net.blocks
    .filter((_, i) => !(Number.isFinite(norms[i]) && norms[i]! > 0))
    .map((b) => b.name);
  expect(dead).toEqual([]);
  tf.dispose([y, loop, ...grads]);
  expect(tf.memory().numTensors).toBe(before);
}
