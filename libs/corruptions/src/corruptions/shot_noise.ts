import type { CorruptionFn, Severity } from '../types.ts';

/** Photon scale per severity (higher = milder): CIFAR-10-C values. */
export const SHOT_NOISE_SCALE: Readonly<Record<Severity, number>> = {
  1: 500,
  2: 250,
  3: 100,
  4: 75,
  5: 50,
};

/**
 * Shot (Poisson) noise: `clip(Poisson(x * lam) / lam, 0, 1) * 255` with x = image / 255, one
 * legacy-NumPy Poisson draw per HWC value in order (`np.random.poisson(x * lam)`; no draw for
 * x = 0). Severity 1..5: lam 500, 250, 100, 75, 50.
 *
 * Input: uint8 HWC RGB; output: Float64Array of the same length, values in [0, 255].
 *
 * ```ts
 * const out = shotNoise({ height: 32, width: 32, data }, 4, new RandomState(4));
 * ```
 */
export const shotNoise: CorruptionFn = (image, severity, rng) => {
  const lam = SHOT_NOISE_SCALE[severity];
  const src = image.data;
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = rng.poisson((src[i] / 255) * lam) / lam;
    out[i] = (v > 1 ? 1 : v) * 255;
  }
  return out;
};
