import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { attackRemaining, DEFAULT_BATCH_SIZE, runInBatches } from './batches.ts';
import { checkAttackInputs, checkInt, checkRange } from './checks.ts';
import { lossAndGradient } from './gradient.ts';
import { misclassified } from './losses.ts';
import { l2NormPerExample, NORM_EPS, projectToBall, selectExamples } from './projection.ts';
import { randomStart } from './random_start.ts';
import { createRng, deriveSeed } from './rng.ts';
import type { AttackModel, AttackResult, CommonAttackOptions } from './types.ts';

/** PGD settings. */
export interface PgdOptions extends CommonAttackOptions {
  /** Gradient steps per restart. Default 10. */
  steps?: number;
  /** Step size. Default 2.5 * eps / steps (Madry et al. 2018). */
  stepSize?: number;
  /** Random restarts, each only on the examples not fooled yet. Default 1. */
  restarts?: number;
  /** Start from a random point of the ball (true, default) or from the clean image. */
  randomStart?: boolean;
}

/**
 * Projected gradient ascent on the cross-entropy (Madry et al. 2018): random start in the
 * ball, `steps` steps of `stepSize` * sign(grad) (l_inf) or * grad / ||grad||_2 (l_2), each
 * followed by the projection onto the ball and [0, 1]; restarts on the examples still
 * classified correctly. An example counts as fooled at the first iterate that is
 * misclassified, and that iterate is returned; elsewhere the last iterate.
 * images float32 [N, H, W, C] in [0, 1], labels N class indices.
 *
 * ```ts
 * const r = pgd(classifier, x, labels, { norm: 'linf', eps: 8 / 255, steps: 20, restarts: 2 });
 * ```
 */
export function pgd(
  model: AttackModel,
  images: Tensor4D,
  labels: readonly number[],
  options: PgdOptions,
): AttackResult {
  checkAttackInputs('pgd', images, labels, options);
  checkInt('pgd', 'options.steps', options.steps, 1);
  checkInt('pgd', 'options.restarts', options.restarts, 1);
  checkRange('pgd', 'options.stepSize', options.stepSize, 0, Number.MAX_VALUE);
  const steps = options.steps ?? 10;
  const restarts = options.restarts ?? 1;
  const alpha = options.stepSize ?? (2.5 * options.eps) / steps;
  const seed = options.seed ?? 0;
  return runInBatches(
    images,
    labels,
    options.batchSize ?? DEFAULT_BATCH_SIZE,
    (x, y, batch, batches) => {
      const fooled = new Array<boolean>(y.length).fill(false);
      let adversarial = x.clone();
      let gradientEvaluations = 0;
      let forwardEvaluations = 0;
      for (let r = 0; r < restarts; r++) {
        adversarial = attackRemaining(x, y, fooled, adversarial, (xs, ys) => {
          const hit = new Array<boolean>(ys.length).fill(false);
          let xAdv =
            options.randomStart === false
              ? xs.clone()
              : randomStart(
                  xs,
                  options.norm,
                  options.eps,
                  createRng(deriveSeed(seed, batch, r)),
                  'pgd',
                );
          let best = xAdv.clone();
          try {
            // Check the iterate, then step; the final iterate is checked with a plain forward.
            for (let i = 0; i <= steps; i++) {
              let logits: Float32Array;
              let grad: Tensor4D | undefined;
              if (i < steps) {
                const g = lossAndGradient(model, xAdv, ys, { kind: 'ce' });
                gradientEvaluations += ys.length;
                logits = g.logits;
                grad = g.grad;
              } else {
                logits = tf.tidy(
                  () => model.apply(xAdv, { training: false }).dataSync() as Float32Array,
                );
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
                  options.norm === 'linf'
                    ? tf.sign(g)
                    : tf.div(g, tf.add(l2NormPerExample(g), NORM_EPS));
                return projectToBall(
                  tf.add(xAdv, tf.mul(direction, alpha)) as Tensor4D,
                  xs,
                  options.norm,
                  options.eps,
                );
              });
              g.dispose();
              xAdv.dispose();
              xAdv = next;
              options.onProgress?.({
                attack: 'pgd',
                batch,
                batches,
                step: r * steps + i + 1,
                steps: restarts * steps,
                fooled: fooled.filter(Boolean).length + hit.filter(Boolean).length,
                examples: y.length,
              });
            }
            const out = selectExamples(hit, best, xAdv);
            return { adversarial: out, fooled: hit };
          } finally {
            tf.dispose([xAdv, best]);
          }
        });
      }
      return { adversarial, fooled, gradientEvaluations, forwardEvaluations };
    },
  );
}
