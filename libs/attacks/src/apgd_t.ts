import type { Tensor4D } from '@tensorflow/tfjs-core';
import { apgdRun } from './apgd_core.ts';
import { apgdDefaults, type ApgdOptions } from './apgd_ce.ts';
import { runInBatches, runsOnRemaining, stepReporter } from './batches.ts';
import { checkAttackInputs, checkInt } from './checks.ts';
import { predictLogits } from './gradient.ts';
import { minClassesFor, topClasses } from './losses.ts';
import { deriveSeed } from './rng.ts';
import type { AttackModel, AttackResult } from './types.ts';

/** APGD-T settings: APGD's plus the number of target classes. */
export interface ApgdTOptions extends ApgdOptions {
  /** Target classes tried per example: the 2nd .. (targets+1)-th highest clean logits. Default 9. */
  targetClasses?: number;
}

/**
 * APGD-T (Croce & Hein 2020): Auto-PGD with the targeted DLR loss
 * -(z_y - z_t) / (z_pi1 - (z_pi3 + z_pi4) / 2), run once per target class t (the classes with
 * the 2nd, 3rd, ... highest logit on the clean image), each run only on the examples no earlier
 * target fooled. Needs at least 4 classes. Shapes and ranges as `apgdCe`.
 *
 * ```ts
 * const r = apgdT(classifier, x, labels, { norm: 'l2', eps: 0.5, targetClasses: 9 });
 * ```
 */
export function apgdT(
  model: AttackModel,
  images: Tensor4D,
  labels: readonly number[],
  options: ApgdTOptions,
): AttackResult {
  checkAttackInputs('apgdT', images, labels, options);
  checkInt('apgdT', 'options.targetClasses', options.targetClasses, 1);
  const o = apgdDefaults('apgdT', options);
  return runInBatches(images, labels, o.batchSize, (x, y, batch, batches) => {
    const clean = predictLogits(model, x, x.shape[0]);
    if (clean.numClasses < minClassesFor('dlr-targeted')) {
      throw new RangeError(
        `'apgdT' needs a model with at least 4 classes (targeted DLR loss), got ${clean.numClasses}`,
      );
    }
    const targets = Math.min(options.targetClasses ?? 9, clean.numClasses - 1);
    const ranking = y.map((_, b) => topClasses(clean.logits, b, clean.numClasses, targets + 1));
    const report = stepReporter(options.onProgress, 'apgd-t', {
      batch,
      batches,
      steps: targets * o.restarts * o.iterations,
      examples: y.length,
    });
    const out = runsOnRemaining(x, y, targets * o.restarts, (k, xs, ys, indices, done) => {
      const t = Math.floor(k / o.restarts);
      return apgdRun(model, xs, ys, {
        norm: options.norm,
        eps: options.eps,
        iterations: o.iterations,
        loss: { kind: 'dlr-targeted', targets: indices.map((i) => ranking[i]![t + 1]!) },
        seed: deriveSeed(o.seed, batch, t, k % o.restarts),
        momentum: o.momentum,
        rho: o.rho,
        onStep: (step, hits) => report(k * o.iterations + step, done + hits),
      });
    });
    return { ...out, forwardEvaluations: out.forwardEvaluations + y.length };
  });
}
