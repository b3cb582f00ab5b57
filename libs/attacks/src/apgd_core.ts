import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { lossAndGradient } from './gradient.ts';
import { misclassified, type LossSpec } from './losses.ts';
import type { Norm } from './names.ts';
import {
  l2NormPerExample,
  NORM_EPS,
  perExampleScalars,
  projectToBall,
  selectExamples,
} from './projection.ts';
import { randomStart } from './random_start.ts';
import type { AttackModel } from './types.ts';
import { createRng } from './rng.ts';

/** Settings of one APGD run on one batch (see `apgdCe` / `apgdT` for the public options). */
export interface ApgdRunSettings {
  norm: Norm;
  eps: number;
  /** Iterations N_iter (AutoAttack: 100). */
  iterations: number;
  loss: LossSpec;
  seed: number;
  /** Momentum alpha (paper: 0.75). */
  momentum: number;
  /** Fraction rho of increasing steps below which the step size halves (paper: 0.75). */
  rho: number;
  /** Called after every iteration with the iterations done and examples fooled so far. */
  onStep?: (step: number, fooled: number) => void;
}

/** The checkpoint schedule's lengths (AutoAttack: p1 = 0.22, decrease 0.03, minimum 0.06). */
export function apgdCheckpointLengths(iterations: number): {
  first: number;
  decrease: number;
  min: number;
} {
  return {
    first: Math.max(Math.floor(0.22 * iterations), 1),
    decrease: Math.max(Math.floor(0.03 * iterations), 1),
    min: Math.max(Math.floor(0.06 * iterations), 1),
  };
}

/**
 * The iterations (1-based counts) after which APGD checks its step size: w_1 = first, then
 * each interval shrinks by `decrease` down to `min` (the paper's p_{j+1} = p_j +
 * max(p_j - p_{j-1} - 0.03, 0.06)).
 */
export function apgdCheckpoints(iterations: number): number[] {
  const { first, decrease, min } = apgdCheckpointLengths(iterations);
  const out: number[] = [];
  let k = first;
  let at = first;
  while (at <= iterations) {
    out.push(at);
    k = Math.max(k - decrease, min);
    at += k;
  }
  return out;
}

/** Outcome of one APGD run on one batch. */
export interface ApgdRunOutcome {
  /** Misclassified iterate where one was found, else the highest-loss iterate. */
  adversarial: Tensor4D;
  fooled: boolean[];
  /** Best loss per example. */
  lossBest: Float32Array;
  /** Step size per example at the end (for tests of the halving rule). */
  stepSize: Float32Array;
  gradientEvaluations: number;
}

/**
 * One run of Auto-PGD (Croce & Hein 2020, Algorithm 1) on a batch x [B, H, W, C] in [0, 1]:
 * random start, step size 2 eps, first step plain, then momentum
 * x_{k+1} = P(x_k + alpha (z_{k+1} - x_k) + (1 - alpha)(x_k - x_{k-1})) with
 * z_{k+1} = P(x_k + eta_k * sign(grad)) (l_inf) or eta_k * grad / ||grad||_2 (l_2).
 * At each checkpoint the step size of an example halves, and it restarts from its best point,
 * when (1) at most rho of the steps since the last checkpoint increased its loss, or (2) its
 * step size was not reduced at the last checkpoint and its best loss has not improved since.
 * Stops early once every example of the batch is misclassified (nothing left to change).
 */
export function apgdRun(
  model: AttackModel,
  x: Tensor4D,
  y: readonly number[],
  s: ApgdRunSettings,
): ApgdRunOutcome {
  const n = x.shape[0];
  const rng = createRng(s.seed);
  const { first, decrease, min } = apgdCheckpointLengths(s.iterations);
  let xAdv = randomStart(x, s.norm, s.eps, rng, 'apgd');
  let xOld = xAdv.clone();
  let xBest = xAdv.clone();
  let xBestAdv = xAdv.clone();
  const first0 = lossAndGradient(model, xAdv, y, s.loss);
  let grad = first0.grad;
  let gradBest = grad.clone();
  let gradientEvaluations = n;
  const fooled = misclassified(first0.logits, y, first0.numClasses);
  const lossBest = Float32Array.from(first0.loss);
  const stepSize = new Float32Array(n).fill(2 * s.eps);
  // history[i] = loss after i iterations (history[0]: at the random start).
  const history: Float32Array[] = [Float32Array.from(first0.loss)];
  let reducedLastCheck = new Array<boolean>(n).fill(false);
  let lossBestLastCheck = Float32Array.from(lossBest);
  let k = first;
  let sinceCheck = 0;
  const swap = (next: Tensor4D, old: Tensor4D): Tensor4D => {
    old.dispose();
    return next;
  };
  try {
    for (let i = 0; i < s.iterations; i++) {
      if (fooled.every(Boolean)) break;
      const a = i > 0 ? s.momentum : 1;
      const next = tf.tidy(() => {
        const prevStep = tf.sub(xAdv, xOld);
        const eta = perExampleScalars(stepSize);
        const direction =
          s.norm === 'linf'
            ? tf.sign(grad)
            : tf.div(grad, tf.add(l2NormPerExample(grad), NORM_EPS));
        const z = projectToBall(tf.add(xAdv, tf.mul(eta, direction)) as Tensor4D, x, s.norm, s.eps);
        const moved = tf.add(
          tf.add(xAdv, tf.mul(tf.sub(z, xAdv), a)),
          tf.mul(prevStep, 1 - a),
        ) as Tensor4D;
        return projectToBall(moved, x, s.norm, s.eps);
      });
      xOld = swap(xAdv, xOld);
      xAdv = next;
      const step = lossAndGradient(model, xAdv, y, s.loss);
      gradientEvaluations += n;
      grad = swap(step.grad, grad);
      const wrong = misclassified(step.logits, y, step.numClasses);
      if (wrong.some(Boolean)) {
        xBestAdv = swap(selectExamples(wrong, xAdv, xBestAdv), xBestAdv);
        wrong.forEach((w, j) => (fooled[j] ||= w));
      }
      history.push(Float32Array.from(step.loss));
      const improved = Array.from(step.loss, (l, j) => l > lossBest[j]!);
      if (improved.some(Boolean)) {
        xBest = swap(selectExamples(improved, xAdv, xBest), xBest);
        gradBest = swap(selectExamples(improved, grad, gradBest), gradBest);
        improved.forEach((imp, j) => {
          if (imp) lossBest[j] = step.loss[j]!;
        });
      }
      sinceCheck += 1;
      if (sinceCheck === k) {
        const reduce = new Array<boolean>(n);
        for (let j = 0; j < n; j++) {
          let increases = 0;
          for (let c = 0; c < k; c++) {
            const t = history.length - 1 - c;
            if (history[t]![j]! > history[t - 1]![j]!) increases += 1;
          }
          const oscillating = increases <= k * s.rho;
          const stalled = !reducedLastCheck[j] && lossBestLastCheck[j]! >= lossBest[j]!;
          reduce[j] = oscillating || stalled;
          if (reduce[j]) stepSize[j] = stepSize[j]! / 2;
        }
        reducedLastCheck = reduce;
        lossBestLastCheck = Float32Array.from(lossBest);
        if (reduce.some(Boolean)) {
          xAdv = swap(selectExamples(reduce, xBest, xAdv), xAdv);
          grad = swap(selectExamples(reduce, gradBest, grad), grad);
        }
        k = Math.max(k - decrease, min);
        sinceCheck = 0;
      }
      s.onStep?.(i + 1, fooled.filter(Boolean).length);
    }
    const adversarial = selectExamples(fooled, xBestAdv, xBest);
    return { adversarial, fooled, lossBest, stepSize, gradientEvaluations };
  } finally {
    tf.dispose([xAdv, xOld, xBest, xBestAdv, grad, gradBest]);
  }
}
