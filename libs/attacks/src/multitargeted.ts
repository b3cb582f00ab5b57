import type { Tensor4D } from '@tensorflow/tfjs-core';
import { runInBatches, runsOnRemaining, stepReporter } from './batches.ts';
import { checkAttackInputs, checkInt, checkRange } from './checks.ts';
import { predictLogits } from './gradient.ts';
import { topClasses } from './losses.ts';
import { pgdRun } from './pgd_core.ts';
import { deriveSeed } from './rng.ts';
import type { AttackModel, AttackResult, CommonAttackOptions } from './types.ts';

/** MultiTargeted settings. */
export interface MultiTargetedOptions extends CommonAttackOptions {
  /** Target classes tried per example, by decreasing clean logit. Default: all other classes. */
  targetClasses?: number;
  /** PGD steps per target and restart. Default 100. */
  steps?: number;
  /** Step size. Default 2.5 * eps / steps. */
  stepSize?: number;
  /** Random restarts per target. Default 1. */
  restarts?: number;
}

/**
 * MultiTargeted (Gowal et al. 2019): for each target class t (the classes other than the
 * label, by decreasing clean logit), PGD from a random start in the ball maximising the targeted
 * margin z_t - z_y, each run only on the examples no earlier target fooled. The step rule and
 * budget are PGD's (see the README: ours, not the reference's). images float32 [N, H, W, C] in
 * [0, 1], labels N class indices.
 *
 * ```ts
 * const r = multiTargeted(classifier, x, labels, { norm: 'linf', eps: 2 / 255, steps: 50 });
 * ```
 */
export function multiTargeted(
  model: AttackModel,
  images: Tensor4D,
  labels: readonly number[],
  options: MultiTargetedOptions,
): AttackResult {
  const fn = 'multiTargeted';
  checkAttackInputs(fn, images, labels, options);
  checkInt(fn, 'options.targetClasses', options.targetClasses, 1);
  checkInt(fn, 'options.steps', options.steps, 1);
  checkInt(fn, 'options.restarts', options.restarts, 1);
  checkRange(fn, 'options.stepSize', options.stepSize, 0, Number.MAX_VALUE);
  const steps = options.steps ?? 100;
  const restarts = options.restarts ?? 1;
  const stepSize = options.stepSize ?? (2.5 * options.eps) / steps;
  const seed = options.seed ?? 0;
  return runInBatches(images, labels, options.batchSize, (x, y, batch, batches) => {
    const clean = predictLogits(model, x, x.shape[0]);
    const targets = Math.min(options.targetClasses ?? clean.numClasses - 1, clean.numClasses - 1);
    // The label is skipped: targets are the other classes, highest clean logit first.
    const ranking = y.map((label, b) =>
      topClasses(clean.logits, b, clean.numClasses, clean.numClasses).filter((k) => k !== label),
    );
    const report = stepReporter(options.onProgress, 'multitargeted', {
      batch,
      batches,
      steps: targets * restarts * steps,
      examples: y.length,
    });
    const out = runsOnRemaining(x, y, targets * restarts, (k, xs, ys, indices, done) => {
      const t = Math.floor(k / restarts);
      return pgdRun(model, xs, ys, {
        norm: options.norm,
        eps: options.eps,
        steps,
        stepSize,
        loss: { kind: 'margin-targeted', targets: indices.map((i) => ranking[i]![t]!) },
        seed: deriveSeed(seed, batch, t, k % restarts),
        randomStart: true,
        onStep: (step, hits) => report(k * steps + step, done + hits),
      });
    });
    return { ...out, forwardEvaluations: out.forwardEvaluations + y.length };
  });
}
