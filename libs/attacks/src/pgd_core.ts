import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { lossAndGradient } from './gradient.ts';
import { misclassified, type LossSpec } from './losses.ts';
import type { Norm } from './names.ts';
import { l2NormPerExample, NORM_EPS, projectToBall, selectExamples } from './projection.ts';
import { randomStart } from './random_start.ts';
import { createRng } from './rng.ts';
import type { AttackModel } from './types.ts';

/** Settings of one PGD run on one batch (see `pgd` and `multiTargeted`). */
export interface PgdRunSettings {
  norm: Norm;
  eps: number;
  steps: number;
  stepSize: number;
  loss: LossSpec;
  seed: number;
  /** Start uniformly in the ball (true) or at the clean image. */
  randomStart: boolean;
  onStep?: (step: number, fooled: number) => void;
}

/**
 * One run of projected gradient ascent on a batch x [B, H, W, C]: `steps` steps of `stepSize` *
 * sign(grad) (l_inf) or * grad / ||grad||_2 (l_2) on the per-example `loss`, each followed by
 * the projection onto the ball and [0, 1]. An example counts as fooled at its first
 * misclassified iterate, which is returned; elsewhere the last iterate. Stops once every
 * example is fooled.
 */
export function pgdRun(
  model: AttackModel,
  xs: Tensor4D,
  ys: readonly number[],
  s: PgdRunSettings,
): {
  adversarial: Tensor4D;
  fooled: boolean[];
  gradientEvaluations: number;
  forwardEvaluations: number;
} {
  const hit = new Array<boolean>(ys.length).fill(false);
  let gradientEvaluations = 0;
  let forwardEvaluations = 0;
  let xAdv = s.randomStart ? randomStart(xs, s.norm, s.eps, createRng(s.seed), 'pgd') : xs.clone();
  let best = xAdv.clone();
  try {
    // Check the iterate, then step; the final iterate is checked with a plain forward.
    for (let i = 0; i <= s.steps; i++) {
      let logits: Float32Array;
      let grad: Tensor4D | undefined;
      if (i < s.steps) {
        const g = lossAndGradient(model, xAdv, ys, s.loss);
        gradientEvaluations += ys.length;
        logits = g.logits;
        grad = g.grad;
      } else {
        logits = tf.tidy(() => model.apply(xAdv, { training: false }).dataSync() as Float32Array);
        forwardEvaluations += ys.length;
      }
      const wrong = misclassified(logits, ys, logits.length / ys.length);
      const fresh = wrong.map((w, j) => w && !hit[j]);
      if (fresh.some(Boolean)) {
        const kept = selectExamples(fresh, xAdv, best);
        best.dispose();
        best = kept;
        fresh.forEach((f, j) => (hit[j] ||= f));
      }
      if (grad === undefined || hit.every(Boolean)) {
        grad?.dispose();
        break;
      }
      const g = grad;
      const next = tf.tidy(() => {
        const direction =
          s.norm === 'linf' ? tf.sign(g) : tf.div(g, tf.add(l2NormPerExample(g), NORM_EPS));
        return projectToBall(
          tf.add(xAdv, tf.mul(direction, s.stepSize)) as Tensor4D,
          xs,
          s.norm,
          s.eps,
        );
      });
      g.dispose();
      xAdv.dispose();
      xAdv = next;
      s.onStep?.(i + 1, hit.filter(Boolean).length);
    }
    return {
      adversarial: selectExamples(hit, best, xAdv),
      fooled: hit,
      gradientEvaluations,
      forwardEvaluations,
    };
  } finally {
    tf.dispose([xAdv, best]);
  }
}
