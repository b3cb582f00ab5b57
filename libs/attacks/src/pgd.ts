import type { Tensor4D } from '@tensorflow/tfjs-core';
import { runInBatches, runsOnRemaining, stepReporter } from './batches.ts';
import { checkAttackInputs, checkInt, checkRange } from './checks.ts';
import { pgdRun } from './pgd_core.ts';
import { deriveSeed } from './rng.ts';
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
  const seed = options.seed ?? 0;
  return runInBatches(images, labels, options.batchSize, (x, y, batch, batches) => {
    const report = stepReporter(options.onProgress, 'pgd', {
      batch,
      batches,
      steps: restarts * steps,
      examples: y.length,
    });
    return runsOnRemaining(x, y, restarts, (r, xs, ys, _, done) =>
      pgdRun(model, xs, ys, {
        norm: options.norm,
        eps: options.eps,
        steps,
        stepSize: options.stepSize ?? (2.5 * options.eps) / steps,
        loss: { kind: 'ce' },
        seed: deriveSeed(seed, batch, r),
        randomStart: options.randomStart !== false,
        onStep: (step, hits) => report(r * steps + step, done + hits),
      }),
    );
  });
}
