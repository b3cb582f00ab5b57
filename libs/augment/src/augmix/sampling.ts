import type { RandomState } from '@ada/data';

/**
 * NumPy legacy `RandomState.dirichlet([alpha] * k)` for alpha = 1 (the AugMix default): k
 * standard exponentials `-log(1 - U)` normalised by their sum, consuming k uniform draws, so a
 * run seeded like the reference draws the same mixing weights. Other alphas would need the
 * legacy gamma sampler and are rejected.
 *
 * ```ts
 * const ws = dirichletOnes(new RandomState(0), 3); // three weights summing to 1
 * ```
 */
export function dirichletOnes(rng: RandomState, k: number): number[] {
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(
      `Argument 'k' passed to 'dirichletOnes' must be a positive integer, got ${k}`,
    );
  }
  const g: number[] = [];
  let sum = 0;
  for (let i = 0; i < k; i++) {
    const v = -Math.log(1 - rng.randomSample());
    g.push(v);
    sum += v;
  }
  const inv = 1 / sum;
  return g.map((v) => v * inv);
}

/**
 * NumPy legacy `RandomState.beta(1, 1)` (Johnk's algorithm as the legacy sampler runs it for
 * a, b <= 1): draw U, V until U + V <= 1, return U / (U + V).
 */
export function betaOnes(rng: RandomState): number {
  for (;;) {
    const u = rng.randomSample();
    const v = rng.randomSample();
    const s = u + v;
    if (s <= 1 && s > 0) return u / s;
  }
}
