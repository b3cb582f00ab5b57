import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { perExampleLoss, type LossSpec } from './losses.ts';
import type { AttackModel } from './types.ts';

/** One forward+backward pass of a batch: the input gradient and what the forward saw. */
export interface LossAndGradient {
  /** d loss_i / d x_i for every example i, [B, H, W, C] (the caller disposes it). */
  grad: Tensor4D;
  /** Per-example loss [B]. */
  loss: Float32Array;
  /** Logits [B, K], row-major. */
  logits: Float32Array;
  numClasses: number;
}

/**
 * Gradient of the summed per-example loss with respect to the input, in inference mode
 * (`training: false`, so examples do not interact and the sum's gradient is the per-example
 * gradient). Uses `tf.grad`.
 */
export function lossAndGradient(
  model: AttackModel,
  x: Tensor4D,
  y: readonly number[],
  spec: LossSpec,
): LossAndGradient {
  let loss: Float32Array = new Float32Array(0);
  let logits: Float32Array = new Float32Array(0);
  let numClasses = 0;
  const grad = tf.grad((xv: Tensor) => {
    const z = model.apply(xv as Tensor4D, { training: false });
    numClasses = z.shape[1];
    logits = z.dataSync() as Float32Array;
    const per = perExampleLoss(spec, z, logits, y);
    loss = per.dataSync() as Float32Array;
    return tf.sum(per);
  })(x) as Tensor4D;
  return { grad, loss, logits, numClasses };
}

/** Logits [N, K] of `x` in inference mode, `batchSize` examples per forward pass. */
export function predictLogits(
  model: AttackModel,
  x: Tensor4D,
  batchSize: number,
): { logits: Float32Array; numClasses: number } {
  const n = x.shape[0];
  const parts: Float32Array[] = [];
  let numClasses = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const values = tf.tidy(() => {
      const z = model.apply(tf.slice(x, [start, 0, 0, 0], [size, -1, -1, -1]), {
        training: false,
      });
      numClasses = z.shape[1];
      return z.dataSync() as Float32Array;
    });
    parts.push(values);
  }
  const logits = new Float32Array(n * numClasses);
  let offset = 0;
  for (const p of parts) {
    logits.set(p, offset);
    offset += p.length;
  }
  return { logits, numClasses };
}
