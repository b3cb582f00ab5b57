import type { Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import type { AttackName, Norm } from './names.ts';

/**
 * What the attacks need of a classifier: logits [B, K] for images [B, H, W, C] float32 in
 * [0, 1]. `@ada/models`' `Classifier` fits as is (the attacks call `apply(x, { training: false })`).
 */
export interface AttackModel {
  apply(x: Tensor4D, options?: { training?: boolean }): Tensor2D;
}

/** Progress of one attack over its batches and iterations. */
export interface AttackProgress {
  attack: AttackName;
  /** 0-based batch index and the number of batches. */
  batch: number;
  batches: number;
  /** Iterations (or queries) done in this batch and in total for it. */
  step: number;
  steps: number;
  /** Examples of this batch the attack has fooled so far, and the batch size. */
  fooled: number;
  examples: number;
}

/** Settings every attack shares. */
export interface CommonAttackOptions {
  norm: Norm;
  /** Radius of the ball (e.g. 8/255 for l_inf, 0.5 for l_2); >= 0. */
  eps: number;
  /** Seed of every random draw (random starts, Square's windows). Default 0. */
  seed?: number;
  /** Examples per forward/backward pass. Default 64. */
  batchSize?: number;
  onProgress?: (progress: AttackProgress) => void;
}

/**
 * The outcome of one attack on N examples. `adversarial` is inside the eps-ball around each
 * input and inside [0, 1]; where the attack failed it is the input itself (or the last iterate,
 * see each attack). The caller disposes `adversarial`.
 */
export interface AttackResult {
  adversarial: Tensor4D;
  /** Per example: the model misclassifies `adversarial` (true) or not. */
  fooled: boolean[];
  /** Per-example gradient evaluations (one forward+backward of one example counts 1). */
  gradientEvaluations: number;
  /** Per-example forward passes without gradient (Square's queries, success checks). */
  forwardEvaluations: number;
  seconds: number;
}
