/**
 * Names of AdA's configurable choices. Each union lists the paper's choice first; every other
 * member is a documented deviation.
 */

/**
 * How offsets beta are drawn per batch.
 * - `per-example` (paper): each image gets its own offset, beta has shape [B, ...block].
 * - `shared` (deviation, cheaper): one offset for the whole batch, optimised on the batch's
 *   summed loss; every image is corrupted by the same network c_(phi+beta).
 */
export const OFFSET_MODES = ['per-example', 'shared'] as const;
export type OffsetMode = (typeof OFFSET_MODES)[number];

/**
 * Where the inner maximisation starts.
 * - `uniform` (paper): uniform in the feasible set, block by block (see `sampleL2Ball`).
 * - `zero` (deviation): beta = 0, the unperturbed network.
 */
export const INIT_MODES = ['uniform', 'zero'] as const;
export type InitMode = (typeof INIT_MODES)[number];

/**
 * The projection after every step.
 * - `per-block` (paper): each block i is projected onto its l2 ball of radius nu_i.
 * - `none` (deviation, ablation only): no projection; offsets may leave the feasible set.
 */
export const PROJECTION_MODES = ['per-block', 'none'] as const;
export type ProjectionMode = (typeof PROJECTION_MODES)[number];

/**
 * How one iterated-FGSM step moves each parameter block's offset beta_i along the gradient g_i.
 * - `sign` (the paper): beta_i += alpha sign(g_i), the same per-coordinate step alpha for every
 *   block (median radius / 4 by default). In l2 that step has length alpha sqrt(d_i), which for
 *   the blocks of a real network is one to two orders of magnitude larger than the block's own
 *   radius nu_i (rdn-slim-x2: 1.6x to 42x at any nu, see `signStepRatios`): one step lands
 *   every block on its ball's surface in the direction sign(g_i), and later steps only turn it.
 * - `l2-block` (deviation, a reading of "10 steps" that does not saturate): beta_i +=
 *   f nu_i g_i / ||g_i||, an l2-normalised step of a fixed fraction f of the block's own radius
 *   (`l2StepFraction`, default 0.25): one step moves a block a quarter of its radius, 10 steps
 *   can cross the whole ball (2.5 nu_i >= its diameter 2 nu_i).
 */
export const STEP_RULES = ['sign', 'l2-block'] as const;
export type StepRule = (typeof STEP_RULES)[number];

/**
 * Which labels the inner maximisation attacks (what the FGSM steps on beta maximise the
 * classifier's cross-entropy against).
 * - `true` (the paper): each image's own clean label.
 * - `permuted` (a control, not a method): the labels of the batch in a fixed random order,
 *   label y[pi[b]] for image b, pi = `attackPermutation(B, seed)`. The attack is as strong and
 *   as varied as before but no longer aimed at each image's own class; the classifier is still
 *   trained on the AdA images with their true labels. With about as many images per class as
 *   classes, roughly 1/K of the images keep a label of their own class by chance.
 */
export const ATTACK_LABELS = ['true', 'permuted'] as const;
export type AttackLabels = (typeof ATTACK_LABELS)[number];

/**
 * Which root of the quadratic fit the SSIM line search keeps.
 * - `closest-to-1` (the paper, literally): real roots clipped to [0, 1], the one closest to 1.
 * - `feasible-closest-to-1` (default, a documented reading of the paper): the same, but a root
 *   that had to be clipped and where the fitted SSIM - t is below -`rootTolerance` is dropped.
 *   Without this a root beyond 1 (e.g. roots 0.8 and 1.5) is clipped to gamma = 1, which returns
 *   the unchanged image whose SSIM is already known to be below t.
 */
export const ROOT_RULES = ['feasible-closest-to-1', 'closest-to-1'] as const;
export type RootRule = (typeof ROOT_RULES)[number];

/**
 * Check of the SSIM line search's result.
 * - `measured` (default, deviation): measure SSIM at the fitted gamma; fall back to the largest
 *   grid gamma measured feasible when the fit missed t (see `ssimLineSearch`).
 * - `none` (the paper): trust the quadratic fit.
 */
export const LINE_SEARCH_GUARDS = ['measured', 'none'] as const;
export type LineSearchGuard = (typeof LINE_SEARCH_GUARDS)[number];
