import {
  ATTACK_LABELS,
  INIT_MODES,
  LINE_SEARCH_GUARDS,
  OFFSET_MODES,
  PROJECTION_MODES,
  ROOT_RULES,
  type AttackLabels,
  type InitMode,
  type LineSearchGuard,
  type OffsetMode,
  type ProjectionMode,
  type RootRule,
  STEP_RULES,
  type StepRule,
} from './names.ts';

/**
 * Settings of AdA (Calian et al., 2022). Every field is optional; the defaults are the paper's.
 *
 * ```ts
 * const cfg: AdaConfig = { nu: 0.015, steps: 10, offsets: 'per-example' };
 * ```
 */
export interface AdaConfig {
  /** Relative radius: block i may move by nu * ||phi_i||_2 (l2). Default 0.015. */
  nu?: number;
  /** Iterated-FGSM steps on beta. Default 10. */
  steps?: number;
  /**
   * How a step moves each block: `sign` (the paper, default) or `l2-block` (an l2-normalised step
   * of `l2StepFraction` of the block's own radius; see `StepRule`).
   */
  stepRule?: StepRule;
  /**
   * `sign` only: the absolute per-coordinate FGSM step size; default 1/4 of the median radius
   * nu_i over all blocks.
   */
  stepSize?: number;
  /**
   * `l2-block` only: the l2 length of one step as a fraction of the block's radius nu_i. Default
   * 0.25: one step cannot reach the surface from the centre, 10 steps (2.5 nu_i) can cross the
   * ball (diameter 2 nu_i).
   */
  l2StepFraction?: number;
  /** Default 'uniform'. */
  init?: InitMode;
  /** Default 'per-block'. */
  projection?: ProjectionMode;
  /** Default 'per-example'. */
  offsets?: OffsetMode;
  /**
   * The labels the attack maximises the loss for: `true` (the paper, default) or `permuted`, a
   * fixed random permutation of the batch's labels (a control; see `AttackLabels` and
   * `attackPermutation`). Only the attack changes: the caller still trains on the true labels.
   */
  attackLabels?: AttackLabels;
  /**
   * Clip c_(phi+beta)(x) to [0, 1] before the classifier and in the output (default true). The
   * paper does not say; images are [0, 1] everywhere else, so the classifier never sees values
   * outside that range. `false` is a deviation (the output may leave [0, 1]).
   */
  clip?: boolean;
  /**
   * Residual corruptions: output x + c_(phi+beta)(x) - c_phi(x) instead of c_(phi+beta)(x), so
   * that beta = 0 gives x exactly. Default false (the paper's form). The paper's EDSR is nearly
   * the identity on CIFAR-10 (SSIM about 0.99); a network with a visible reconstruction gap of
   * its own (rdn-slim-x2: SSIM 0.947 on demo images) puts that gap into every AdA image, and
   * this option keeps only the part the offsets cause. A deviation; costs one more forward pass
   * of the unperturbed network per call.
   */
  residual?: boolean;
  /** Run the SSIM line search (Appendix G). Default true. */
  lineSearch?: boolean;
  /** SSIM threshold t below which the line search fires. Default 0.3. */
  ssimThreshold?: number;
  /** Number of equally spaced gammas in [0, 1] for the quadratic fit. Default 9. */
  lineSearchPoints?: number;
  /** Default 'feasible-closest-to-1'. */
  rootRule?: RootRule;
  /** Tolerance of 'feasible-closest-to-1' on the fitted SSIM - t. Default 0.005. */
  rootTolerance?: number;
  /** Default 'measured' (see `LineSearchGuard`); 'none' is the paper's rule alone. */
  lineSearchGuard?: LineSearchGuard;
  /** Slack below t before the 'measured' guard steps in. Default 0.01. */
  guardTolerance?: number;
}

/** `AdaConfig` with every default filled in (except `stepSize`, resolved from the radii). */
export type ResolvedAdaConfig = Required<Omit<AdaConfig, 'stepSize'>> & { stepSize?: number };

/** The paper's defaults. */
export const ADA_DEFAULTS: Readonly<Required<Omit<AdaConfig, 'stepSize'>>> = {
  nu: 0.015,
  steps: 10,
  stepRule: 'sign',
  l2StepFraction: 0.25,
  init: 'uniform',
  projection: 'per-block',
  offsets: 'per-example',
  attackLabels: 'true',
  clip: true,
  residual: false,
  lineSearch: true,
  ssimThreshold: 0.3,
  lineSearchPoints: 9,
  rootRule: 'feasible-closest-to-1',
  rootTolerance: 0.005,
  lineSearchGuard: 'measured',
  guardTolerance: 0.01,
};

/** Fills in defaults and validates; errors name the option and the expected range. */
export function resolveAdaConfig(config: AdaConfig = {}): ResolvedAdaConfig {
  const c = { ...ADA_DEFAULTS, ...dropUndefined(config) } as ResolvedAdaConfig;
  const bad = (name: string, want: string, got: unknown): never => {
    throw new RangeError(`Option '${name}' of the AdA config must be ${want}, got ${String(got)}`);
  };
  if (!(c.nu >= 0) || !Number.isFinite(c.nu)) bad('nu', 'a finite number >= 0', c.nu);
  if (!Number.isInteger(c.steps) || c.steps < 0) bad('steps', 'an integer >= 0', c.steps);
  if (c.stepSize !== undefined && (!(c.stepSize >= 0) || !Number.isFinite(c.stepSize))) {
    bad('stepSize', 'a finite number >= 0', c.stepSize);
  }
  if (!STEP_RULES.includes(c.stepRule)) bad('stepRule', STEP_RULES.join(' | '), c.stepRule);
  if (c.stepSize !== undefined && c.stepRule !== 'sign') {
    bad(
      'stepSize',
      "unset with stepRule 'l2-block' (its step is l2StepFraction * nu_i)",
      c.stepSize,
    );
  }
  if (!(c.l2StepFraction > 0) || !Number.isFinite(c.l2StepFraction))
    bad('l2StepFraction', 'a finite number > 0', c.l2StepFraction);
  if (typeof c.residual !== 'boolean') bad('residual', 'true or false', c.residual);
  if (typeof c.clip !== 'boolean') bad('clip', 'true or false', c.clip);
  if (!INIT_MODES.includes(c.init)) bad('init', INIT_MODES.join(' | '), c.init);
  if (!PROJECTION_MODES.includes(c.projection))
    bad('projection', PROJECTION_MODES.join(' | '), c.projection);
  if (!OFFSET_MODES.includes(c.offsets)) bad('offsets', OFFSET_MODES.join(' | '), c.offsets);
  if (!ATTACK_LABELS.includes(c.attackLabels))
    bad('attackLabels', ATTACK_LABELS.join(' | '), c.attackLabels);
  if (!ROOT_RULES.includes(c.rootRule)) bad('rootRule', ROOT_RULES.join(' | '), c.rootRule);
  if (!(c.ssimThreshold > -1 && c.ssimThreshold <= 1))
    bad('ssimThreshold', 'in (-1, 1]', c.ssimThreshold);
  if (!Number.isInteger(c.lineSearchPoints) || c.lineSearchPoints < 3) {
    bad('lineSearchPoints', 'an integer >= 3 (a quadratic fit)', c.lineSearchPoints);
  }
  if (!LINE_SEARCH_GUARDS.includes(c.lineSearchGuard)) {
    bad('lineSearchGuard', LINE_SEARCH_GUARDS.join(' | '), c.lineSearchGuard);
  }
  if (!(c.guardTolerance >= 0)) bad('guardTolerance', 'a number >= 0', c.guardTolerance);
  if (!(c.rootTolerance >= 0)) bad('rootTolerance', 'a number >= 0', c.rootTolerance);
  return c;
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
