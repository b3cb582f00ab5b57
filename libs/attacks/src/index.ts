/**
 * @ada/attacks: l_inf and l_2 attacks on a TF.js classifier (NHWC float32 [0, 1] in, logits
 * out): PGD, APGD-CE, APGD-T (targeted DLR), Square, MultiTargeted, and an AutoAttack-style
 * ensemble runner.
 *
 * ```ts
 * import { robustAccuracy } from '@ada/attacks';
 * const r = robustAccuracy(classifier, x, labels, { norm: 'linf', eps: 8 / 255, seed: 0 });
 * ```
 */
export { ATTACK_NAMES, NORMS, STANDARD_ATTACKS, isAttackName, isNorm } from './names.ts';
export type { AttackName, Norm } from './names.ts';
export type { AttackModel, AttackProgress, AttackResult, CommonAttackOptions } from './types.ts';
export { projectToBall, l2NormPerExample } from './projection.ts';
export { perExampleLoss, margins, misclassified, topClasses } from './losses.ts';
export type { LossSpec } from './losses.ts';
export { lossAndGradient, predictLogits } from './gradient.ts';
export type { LossAndGradient } from './gradient.ts';
export { apgdCheckpoints, apgdRun } from './apgd_core.ts';
export type { ApgdRunOutcome, ApgdRunSettings } from './apgd_core.ts';
export { pgd } from './pgd.ts';
export type { PgdOptions } from './pgd.ts';
export { apgdCe } from './apgd_ce.ts';
export type { ApgdOptions } from './apgd_ce.ts';
export { apgdT } from './apgd_t.ts';
export type { ApgdTOptions } from './apgd_t.ts';
export { square, squareP } from './square.ts';
export { multiTargeted } from './multitargeted.ts';
export type { MultiTargetedOptions } from './multitargeted.ts';
export type { SquareOptions } from './square.ts';
export { ATTACKS } from './register_all.ts';
export type { AttackSettings } from './register_all.ts';
export { runEnsemble, robustAccuracy } from './ensemble.ts';
export type {
  AttackReport,
  EnsembleOptions,
  EnsembleProgress,
  EnsembleReport,
  EnsembleResult,
  RobustAccuracyReport,
} from './ensemble.ts';
export { ensembleTable, formatEps, formatTable } from './report_table.ts';
export type { ReportTable } from './report_table.ts';
export { createRng, deriveSeed } from './rng.ts';
export type { Rng } from './rng.ts';
export { parseAttackList, parseEpsilon, parseNorm } from './parse.ts';
