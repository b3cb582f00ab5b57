/** @ada/ada: AdversarialAugment: perturbation set, inner maximisation, SSIM line search. */
export { AdaAugmenter } from './augmenter.ts';
export type { AdaExampleStats, AdaProgress, AdaResult, AugmentOptions } from './augmenter.ts';
export { ADA_DEFAULTS, resolveAdaConfig } from './config.ts';
export type { AdaConfig, ResolvedAdaConfig } from './config.ts';
export {
  ATTACK_LABELS,
  INIT_MODES,
  LINE_SEARCH_GUARDS,
  OFFSET_MODES,
  PROJECTION_MODES,
  ROOT_RULES,
  STEP_RULES,
} from './names.ts';
export type {
  AttackLabels,
  InitMode,
  LineSearchGuard,
  OffsetMode,
  ProjectionMode,
  RootRule,
  StepRule,
} from './names.ts';
export { attackLabelsOf, attackPermutation } from './attack_labels.ts';
export { ascentStep, signStepRatios } from './step_rule.ts';
export type { StepSettings } from './step_rule.ts';
export { maximiseOffsets } from './inner_maximisation.ts';
export type {
  ClassifierFn,
  OffsetSearchOptions,
  OffsetSearchResult,
  OffsetStepInfo,
} from './inner_maximisation.ts';
export { ssimLineSearch } from './line_search.ts';
export type { LineSearchOptions, LineSearchResult } from './line_search.ts';
export { blockRadii, medianRadius } from './radii.ts';
export { projectL2Ball, sampleL2Ball } from './l2_ball.ts';
export { crossEntropyPerExample } from './cross_entropy.ts';
export { fitQuadratics, realRoots } from './quadratic_fit.ts';
export { CALIBRATION_METRICS, chooseNu, measureAdaStrength, metricValue } from './calibrate.ts';
export type { CalibrationMetric, NuChoice, StrengthOptions, StrengthPoint } from './calibrate.ts';
export { chooseGamma } from './gamma_choice.ts';
export type { GammaChoice } from './gamma_choice.ts';
