import type { Tensor4D } from '@tensorflow/tfjs-core';
import { apgdRun } from './apgd_core.ts';
import { DEFAULT_BATCH_SIZE, runInBatches, runsOnRemaining, stepReporter } from './batches.ts';
import { checkAttackInputs, checkInt, checkRange } from './checks.ts';
import { deriveSeed } from './rng.ts';
import type { AttackModel, AttackResult, CommonAttackOptions } from './types.ts';

/** APGD settings (defaults are AutoAttack's standard version). */
export interface ApgdOptions extends CommonAttackOptions {
  /** Iterations per restart. Default 100. */
  iterations?: number;
  /** Random restarts (each only on the examples not fooled yet). Default 1. */
  restarts?: number;
  /** Momentum alpha. Default 0.75. */
  momentum?: number;
  /** Step-size halving threshold rho. Default 0.75. */
  rho?: number;
}

/** Resolved APGD settings shared by APGD-CE and APGD-T. */
export function apgdDefaults(fn: string, o: ApgdOptions) {
  checkInt(fn, 'options.iterations', o.iterations, 1);
  checkInt(fn, 'options.restarts', o.restarts, 1);
  checkRange(fn, 'options.momentum', o.momentum, 0, 1);
  checkRange(fn, 'options.rho', o.rho, 0, 1);
  return {
    iterations: o.iterations ?? 100,
    restarts: o.restarts ?? 1,
    momentum: o.momentum ?? 0.75,
    rho: o.rho ?? 0.75,
    seed: o.seed ?? 0,
    batchSize: o.batchSize ?? DEFAULT_BATCH_SIZE,
  };
}

/**
 * APGD-CE (Croce & Hein 2020): Auto-PGD maximising the cross-entropy, untargeted.
 *
 * images float32 [N, H, W, C] in [0, 1], labels N class indices; returns adversarial images of
 * the same shape inside the `norm` ball of radius `eps` and [0, 1] (see `AttackResult`).
 *
 * ```ts
 * const r = apgdCe(classifier, x, labels, { norm: 'linf', eps: 8 / 255, seed: 0 });
 * r.fooled.filter(Boolean).length; // examples broken
 * r.adversarial.dispose();
 * ```
 */
export function apgdCe(
  model: AttackModel,
  images: Tensor4D,
  labels: readonly number[],
  options: ApgdOptions,
): AttackResult {
  checkAttackInputs('apgdCe', images, labels, options);
  const o = apgdDefaults('apgdCe', options);
  return runInBatches(images, labels, o.batchSize, (x, y, batch, batches) => {
    const report = stepReporter(options.onProgress, 'apgd-ce', {
      batch,
      batches,
      steps: o.restarts * o.iterations,
      examples: y.length,
    });
    return runsOnRemaining(x, y, o.restarts, (r, xs, ys, _, done) =>
      apgdRun(model, xs, ys, {
        norm: options.norm,
        eps: options.eps,
        iterations: o.iterations,
        loss: { kind: 'ce' },
        seed: deriveSeed(o.seed, batch, r),
        momentum: o.momentum,
        rho: o.rho,
        onStep: (step, hits) => report(r * o.iterations + step, done + hits),
      }),
    );
  });
}
