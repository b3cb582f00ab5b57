import type { RandomState } from '@ada/data';

/**
 * A Gamma(shape, 1) draw (Marsaglia and Tsang; shape < 1 boosted by U^(1/shape)). Not NumPy's
 * legacy sampler: used only for the Dirichlet(0.1) kernels of DeepAugment, where the
 * distribution matters and the exact stream does not.
 */
export function gammaSample(rng: RandomState, shape: number): number {
  if (!(shape > 0))
    throw new RangeError(`Argument 'shape' passed to 'gammaSample' must be > 0, got ${shape}`);
  if (shape < 1) return gammaSample(rng, shape + 1) * Math.pow(rng.randomSample(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.standardNormal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.randomSample();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Dirichlet(alpha, ..., alpha) vector of length k. */
export function dirichletSample(rng: RandomState, alpha: number, k: number): number[] {
  const g = Array.from({ length: k }, () => gammaSample(rng, alpha));
  const s = g.reduce((a, b) => a + b, 0);
  return s > 0 ? g.map((v) => v / s) : g.map(() => 1 / k);
}
