import type { CorruptionFn, Severity } from '../types.ts';

/** Noise sigma per severity (on the [0, 1] scale): CIFAR-10-C values. */
export const GAUSSIAN_NOISE_SIGMA: Readonly<Record<Severity, number>> = {
  1: 0.04,
  2: 0.06,
  3: 0.08,
  4: 0.09,
  5: 0.1,
};

/**
 * Gaussian noise: `clip(x / 255 + N(0, sigma^2), 0, 1) * 255`, one legacy-NumPy normal draw per
 * HWC value in order (`np.random.normal(size=x.shape, scale=sigma)`).
 * Severity 1..5: sigma 0.04, 0.06, 0.08, 0.09, 0.10.
 *
 * Input: uint8 HWC RGB; output: Float64Array of the same length, values in [0, 255].
 *
 * ```ts
 * const out = gaussianNoise({ height: 32, width: 32, data }, 3, new RandomState(3));
 * ```
 */
export const gaussianNoise: CorruptionFn = (image, severity, rng) => {
  const sigma = GAUSSIAN_NOISE_SIGMA[severity];
  const src = image.data;
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i] / 255 + sigma * rng.standardNormal();
    out[i] = (v < 0 ? 0 : v > 1 ? 1 : v) * 255;
  }
  return out;
};
