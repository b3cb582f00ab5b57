import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { attackRemaining, DEFAULT_BATCH_SIZE } from './batches.ts';
import { checkAttackInputs } from './checks.ts';
import { predictLogits } from './gradient.ts';
import { misclassified } from './losses.ts';
import { isAttackName, STANDARD_ATTACKS, type AttackName, type Norm } from './names.ts';
import { ATTACKS, type AttackSettings } from './register_all.ts';
import { deriveSeed } from './rng.ts';
import type { AttackModel, AttackProgress, CommonAttackOptions } from './types.ts';

/** Progress of the ensemble: the running attack's progress plus the robust count so far. */
export interface EnsembleProgress extends AttackProgress {
  /** 0-based index of the running attack in `attacks`, and their number. */
  attackIndex: number;
  attacks: number;
  /** Examples still robust before this attack, of `total`. */
  robust: number;
  total: number;
}

export interface EnsembleOptions extends Omit<CommonAttackOptions, 'onProgress'> {
  /** Attacks in order (default AutoAttack's standard order: apgd-ce, apgd-t, square). */
  attacks?: readonly AttackName[];
  /** Per-attack settings (iterations, restarts, target classes, queries, ...). */
  settings?: AttackSettings;
  onProgress?: (progress: EnsembleProgress) => void;
}

/** One row of the ensemble's report. */
export interface AttackReport {
  attack: AttackName;
  /** Examples this attack ran on (those still robust before it). */
  attacked: number;
  /** Of those, how many it fooled (re-checked with a forward pass). */
  fooled: number;
  /** Robust accuracy over all examples after this attack. */
  robustAccuracy: number;
  seconds: number;
  gradientEvaluations: number;
  forwardEvaluations: number;
}

export interface EnsembleReport {
  norm: Norm;
  eps: number;
  examples: number;
  cleanAccuracy: number;
  /** Accuracy after every attack: an example counts when no attack fooled it. */
  robustAccuracy: number;
  perAttack: AttackReport[];
  /** Per example: correctly classified and not fooled by any attack. */
  robust: boolean[];
  seconds: number;
  gradientEvaluations: number;
  forwardEvaluations: number;
}

export interface EnsembleResult extends EnsembleReport {
  /** Worst case found per example (the clean image where none was needed or found); the caller disposes it. */
  adversarial: Tensor4D;
}

/** Tolerance of the final eps-ball check (float32 rounding of x + delta). */
const BALL_TOLERANCE = 1e-5;

/**
 * The ensemble runner, like AutoAttack's standard version: classify the clean images, then run
 * the attacks in order, each only on the examples still robust; a reported success counts
 * only after a forward pass confirms the misclassification and the image is inside the ball and
 * [0, 1]. Reports robust accuracy per attack and overall, seconds and gradient evaluations.
 * images float32 [N, H, W, C] in [0, 1], labels N class indices.
 *
 * ```ts
 * const r = runEnsemble(classifier, x, labels, { norm: 'linf', eps: 8 / 255, seed: 0 });
 * console.log(r.cleanAccuracy, r.robustAccuracy, r.perAttack);
 * r.adversarial.dispose();
 * ```
 */
export function runEnsemble(
  model: AttackModel,
  images: Tensor4D,
  labels: readonly number[],
  options: EnsembleOptions,
): EnsembleResult {
  checkAttackInputs('runEnsemble', images, labels, {
    norm: options.norm,
    eps: options.eps,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  });
  const attacks: readonly AttackName[] = options.attacks ?? STANDARD_ATTACKS;
  if (!Array.isArray(attacks) || attacks.length === 0) {
    throw new TypeError(
      `Argument 'options.attacks' passed to 'runEnsemble' must be a non-empty list`,
    );
  }
  for (const a of attacks) {
    if (!isAttackName(String(a))) {
      throw new TypeError(
        `Argument 'options.attacks' passed to 'runEnsemble' holds unknown attack '${String(a)}' (known: ${Object.keys(ATTACKS).join(', ')})`,
      );
    }
  }
  const started = performance.now();
  const n = images.shape[0];
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const seed = options.seed ?? 0;
  const clean = predictLogits(model, images, batchSize);
  const wrong = misclassified(clean.logits, labels, clean.numClasses);
  // `broken` marks examples no longer robust: misclassified clean, or fooled by an attack.
  const broken = [...wrong];
  const cleanAccuracy = n === 0 ? 0 : wrong.filter((w) => !w).length / n;
  let adversarial = images.clone();
  const perAttack: AttackReport[] = [];
  let forwardEvaluations = n;
  let gradientEvaluations = 0;
  try {
    for (let attackIndex = 0; attackIndex < attacks.length; attackIndex++) {
      const name: AttackName = attacks[attackIndex]!;
      const t0 = performance.now();
      const robustBefore = broken.filter((b) => !b).length;
      let report = { gradientEvaluations: 0, forwardEvaluations: 0, fooled: 0 };
      adversarial = attackRemaining(images, labels, broken, adversarial, (xs, ys) => {
        const result = ATTACKS[name](
          model,
          xs,
          ys,
          {
            norm: options.norm,
            eps: options.eps,
            seed: deriveSeed(seed, attackIndex),
            batchSize,
            onProgress: (p: AttackProgress) =>
              options.onProgress?.({
                ...p,
                attackIndex,
                attacks: attacks.length,
                robust: robustBefore,
                total: n,
              }),
          },
          options.settings ?? {},
        );
        try {
          checkInBall(result.adversarial, xs, options.norm, options.eps, name);
          const confirmed = predictLogits(model, result.adversarial, batchSize);
          const fooled = misclassified(confirmed.logits, ys, confirmed.numClasses).map(
            (m, j) => m && result.fooled[j]!,
          );
          report = {
            gradientEvaluations: result.gradientEvaluations,
            forwardEvaluations: result.forwardEvaluations + ys.length,
            fooled: fooled.filter(Boolean).length,
          };
          return { adversarial: result.adversarial, fooled };
        } catch (error) {
          result.adversarial.dispose();
          throw error;
        }
      });
      gradientEvaluations += report.gradientEvaluations;
      forwardEvaluations += report.forwardEvaluations;
      perAttack.push({
        attack: name,
        attacked: robustBefore,
        robustAccuracy: n === 0 ? 0 : broken.filter((b) => !b).length / n,
        seconds: (performance.now() - t0) / 1000,
        ...report,
      });
    }
    const robust = broken.map((b) => !b);
    return {
      norm: options.norm,
      eps: options.eps,
      examples: n,
      cleanAccuracy,
      robustAccuracy: n === 0 ? 0 : robust.filter(Boolean).length / n,
      perAttack,
      robust,
      seconds: (performance.now() - started) / 1000,
      gradientEvaluations,
      forwardEvaluations,
      adversarial,
    };
  } catch (error) {
    adversarial.dispose();
    throw error;
  }
}

/** Throws if any image leaves the eps-ball around its input or [0, 1] (an attack bug). */
function checkInBall(adv: Tensor4D, x: Tensor4D, norm: Norm, eps: number, attack: string): void {
  if (adv.shape[0] === 0) return;
  const [worst, lo, hi] = tf.tidy(() => {
    const delta = tf.sub(adv, x);
    const size =
      norm === 'linf'
        ? tf.max(tf.abs(delta))
        : tf.max(tf.sqrt(tf.sum(tf.square(delta), [1, 2, 3])));
    return [size.dataSync()[0]!, tf.min(adv).dataSync()[0]!, tf.max(adv).dataSync()[0]!];
  });
  if (worst > eps * (1 + BALL_TOLERANCE) + 1e-6 || lo < 0 || hi > 1) {
    throw new Error(
      `attack '${attack}' left the ${norm} ball of radius ${eps} or [0, 1] (size ${worst}, range [${lo}, ${hi}])`,
    );
  }
}

/** What `robustAccuracy` returns: the ensemble report without the adversarial images. */
export type RobustAccuracyReport = EnsembleReport;

/**
 * Robust accuracy of `model` on `images` under the attack ensemble, for training-time
 * evaluation: same options as `runEnsemble`, the adversarial images are not kept.
 *
 * ```ts
 * const r = robustAccuracy(net, x, labels, { norm: 'linf', eps: 2 / 255, attacks: ['apgd-ce'], seed: 1 });
 * r.robustAccuracy; // in [0, 1]
 * ```
 */
export function robustAccuracy(
  model: AttackModel,
  images: Tensor4D,
  labels: readonly number[],
  options: EnsembleOptions,
): RobustAccuracyReport {
  const { adversarial, ...report } = runEnsemble(model, images, labels, options);
  adversarial.dispose();
  return report;
}
