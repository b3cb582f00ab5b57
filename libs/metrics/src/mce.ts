/**
 * Corruption errors the way the paper reports CIFAR-10-C: per corruption, the top-1 error
 * averaged over the 5 severities; mCE = the plain (unweighted) mean of those per-corruption
 * errors over the 15 common corruptions. There is no ImageNet-C-style normalisation by
 * AlexNet's errors.
 *
 * Errors are fractions in [0, 1] (multiply by 100 for the paper's percentages).
 *
 * ```ts
 * const errs = { gaussian_noise: [0.1, 0.2, 0.3, 0.4, 0.5], ... }; // error per severity 1..5
 * meanCorruptionError(errs, COMMON_CORRUPTIONS);                    // plain mean of 15 averages
 * ```
 */

/** Number of severities per corruption in CIFAR-10-C. */
export const SEVERITIES = 5;

/** Top-1 error per severity (index 0 = severity 1), per corruption name. */
export type SeverityErrors = Readonly<Record<string, readonly number[]>>;

/** The error of one corruption: the mean of its 5 per-severity errors. */
export function corruptionError(perSeverity: readonly number[], name = 'corruption'): number {
  if (perSeverity.length !== SEVERITIES) {
    throw new RangeError(
      `Errors of '${name}' passed to 'corruptionError' must have ${SEVERITIES} severities, got ${perSeverity.length}`,
    );
  }
  for (const e of perSeverity) {
    if (!(e >= 0 && e <= 1)) {
      throw new RangeError(
        `Errors of '${name}' passed to 'corruptionError' must lie in [0, 1], got ${e}`,
      );
    }
  }
  return perSeverity.reduce((s, e) => s + e, 0) / SEVERITIES;
}

/** Per-corruption errors (each averaged over severities) for the listed corruptions, in that order. */
export function corruptionErrors(
  errors: SeverityErrors,
  corruptions: readonly string[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of corruptions) {
    const per = errors[name];
    if (!per) {
      throw new RangeError(
        `Argument 'errors' passed to 'corruptionErrors' lacks corruption '${name}'`,
      );
    }
    out[name] = corruptionError(per, name);
  }
  return out;
}

/**
 * mCE: plain mean of the per-corruption errors over `corruptions` (pass the 15 common ones for
 * the paper's number; every listed corruption must be present with 5 severities).
 */
export function meanCorruptionError(
  errors: SeverityErrors,
  corruptions: readonly string[],
): number {
  if (corruptions.length === 0) {
    throw new RangeError(
      `Argument 'corruptions' passed to 'meanCorruptionError' must not be empty`,
    );
  }
  const per = corruptionErrors(errors, corruptions);
  return corruptions.reduce((s, name) => s + per[name]!, 0) / corruptions.length;
}
