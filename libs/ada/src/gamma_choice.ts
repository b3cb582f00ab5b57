import { fitQuadratics, realRoots } from './quadratic_fit.ts';
import type { RootRule } from './names.ts';

/** The blend factor the SSIM line search picks for one image, and its fallback. */
export interface GammaChoice {
  /** The gamma from the quadratic fit (or the fallback when no root qualifies). */
  gamma: number;
  /** The largest grid gamma whose measured SSIM - t >= 0 (0 = the clean image if none). */
  gridGamma: number;
  /** Whether a root of the fit gave `gamma` (false: the fallback did). */
  fromRoot: boolean;
}

/**
 * The root rule of AdA's SSIM line search (Calian et al., 2022, Appendix G) for one image: fit a
 * least-squares quadratic to the measured SSIM(x, x_gamma) - t on the grid, take its real roots,
 * clip them to [0, 1] and keep the one closest to 1. With `feasible-closest-to-1` (default) a
 * root that had to be clipped and where the fitted value at the clipped point is below
 * -`tolerance` is dropped first (a root at 2.6 would otherwise become gamma = 1, the image whose
 * SSIM is known to be below t). No root left: the largest grid gamma measured feasible.
 *
 * This is the function the GPU port (`bench/gpu/line_search_rule.py`) is checked against.
 *
 * @param grid the gammas, increasing, in [0, 1] (>= 3 of them).
 * @param values SSIM(x, x_gamma) - t at each grid gamma.
 *
 * ```ts
 * chooseGamma([0, 0.5, 1], [0.7, 0.2, -0.2], 'feasible-closest-to-1', 0.005).gamma; // ~0.77
 * ```
 */
export function chooseGamma(
  grid: readonly number[],
  values: ArrayLike<number>,
  rule: RootRule = 'feasible-closest-to-1',
  tolerance = 0.005,
): GammaChoice {
  if (values.length !== grid.length) {
    throw new RangeError(
      `Arguments 'grid' and 'values' passed to 'chooseGamma' must have one length, got ${grid.length} and ${values.length}`,
    );
  }
  const [a, b, c] = fitQuadratics(grid, values) as unknown as [number, number, number];
  const fit = (v: number): number => a * v * v + b * v + c;
  let gridGamma = 0;
  for (let k = 0; k < grid.length; k++) if (values[k]! >= 0) gridGamma = grid[k]!;
  const candidates = realRoots(a, b, c)
    .filter((r) => Number.isFinite(r))
    .filter(
      (r) =>
        rule === 'closest-to-1' ||
        (r >= 0 && r <= 1) ||
        fit(Math.min(1, Math.max(0, r))) >= -tolerance,
    )
    .map((r) => Math.min(1, Math.max(0, r)));
  return candidates.length > 0
    ? { gamma: Math.max(...candidates), gridGamma, fromRoot: true }
    : { gamma: gridGamma, gridGamma, fromRoot: false };
}
