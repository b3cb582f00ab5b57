"""The root rule of AdA's SSIM line search, in NumPy, for the PyTorch port (`ada_dose.py`).

It follows `chooseGamma` of `libs/ada/src/gamma_choice.ts` step for step: a least-squares
quadratic through SSIM(x, x_gamma) - t at the grid gammas, its real roots (the numerically stable
form of `realRoots`, with the same degenerate cases), clipped to [0, 1], the one closest to 1.
With the default rule 'feasible-closest-to-1' a root that had to be clipped and where the fitted
value at the clipped point is below -tol is dropped first; with no root left, the largest grid
gamma whose measured value is >= 0 (0, the clean image, if none).

`guard_gamma` is the 'measured' guard of `ssimLineSearch`: where the SSIM measured at the chosen
gamma is below t - 0.01, or a larger grid gamma was measured feasible, that grid gamma is used.

Checked against the TypeScript implementation on the cases of `fixtures/line_search_cases.json`
(written by `line_search_cases.ts`):

  python3 bench/gpu/test_line_search_rule.py
"""
import math

import numpy as np

RULES = ('feasible-closest-to-1', 'closest-to-1')


def fit_quadratic(grid, values):
    """[a, b, c] of the least-squares a g^2 + b g + c through (grid, values), via the 3x3 normal
    equations as `fitQuadratics` solves them."""
    g = np.asarray(grid, dtype=np.float64)
    v = np.stack([g * g, g, np.ones_like(g)], 1)
    return np.linalg.solve(v.T @ v, v.T @ np.asarray(values, dtype=np.float64))


def real_roots(a, b, c):
    """Real roots of a g^2 + b g + c, dropping to linear or constant when the leading
    coefficients vanish relative to the others ([] when there is none)."""
    scale = max(abs(a), abs(b), abs(c))
    if scale == 0:
        return []
    if abs(a) <= 1e-12 * scale:
        return [] if abs(b) <= 1e-12 * scale else [-c / b]
    disc = b * b - 4 * a * c
    if disc < 0:
        return []
    q = -0.5 * (b + (1 if b >= 0 else -1) * math.sqrt(disc))
    return [0.0] if q == 0 else [q / a, c / q]


def choose_gamma(grid, values, rule='feasible-closest-to-1', tol=0.005):
    """(gamma, grid_gamma, from_root) for one image; values = SSIM(x, x_gamma) - t on grid."""
    if rule not in RULES:
        raise ValueError(f"rule must be one of {', '.join(RULES)}, got {rule!r}")
    if len(grid) != len(values) or len(grid) < 3:
        raise ValueError(f'grid and values must have one length >= 3, got {len(grid)} and {len(values)}')
    a, b, c = (float(z) for z in fit_quadratic(grid, values))
    grid_gamma = 0.0
    for g, v in zip(grid, values):
        if v >= 0:
            grid_gamma = float(g)
    keep = []
    for r in real_roots(a, b, c):
        if not math.isfinite(r):
            continue
        clipped = min(1.0, max(0.0, r))
        if rule == 'closest-to-1' or 0 <= r <= 1 or a * clipped * clipped + b * clipped + c >= -tol:
            keep.append(clipped)
    if keep:
        return max(keep), grid_gamma, True
    return grid_gamma, grid_gamma, False


def guard_gamma(gamma, grid_gamma, ssim_after, threshold, tol=0.01):
    """The 'measured' guard: the grid gamma where the chosen gamma measured below t - tol or a
    larger grid gamma was measured feasible; else gamma."""
    if ssim_after < threshold - tol or grid_gamma > gamma:
        return grid_gamma
    return gamma
