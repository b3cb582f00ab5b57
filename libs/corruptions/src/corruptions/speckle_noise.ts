import type { CorruptionFn, Severity } from '../types.ts';

/** Noise sigma per severity (multiplicative, on the [0, 1] scale): CIFAR-10-C values. */
export const SPECKLE_NOISE_SIGMA: Readonly<Record<Severity, number>> = {
  1: 0.06,
  2: 0.1,
  3: 0.12,
  4: 0.16,
  5: 0.2,
};

/**
 * Speckle noise: `clip(x + x * N(0, sigma^2), 0, 1) * 255` with x = image / 255, one legacy-NumPy
 * normal draw per HWC value in order. Severity 1..5: sigma 0.06, 0.10, 0.12, 0.16, 0.20.
 *
 * Input: uint8 HWC RGB; output: Float64Array of the same length, values in [0, 255].
 *
 * ```ts
 * const out = speckleNoise({ height: 32, width: 32, data }, 2, new RandomState(2));
 * ```
 */
export const speckleNoise: CorruptionFn = (image, severity, rng) => {
  const sigma = SPECKLE_NOISE_SIGMA[severity];
  const src = image.data;
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const x = src[i] / 255;
    const v = x + x * (sigma * rng.standardNormal());
    out[i] = (v < 0 ? 0 : v > 1 ? 1 : v) * 255;
  }
  return out;
};
