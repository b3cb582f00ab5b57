import { gaussianFilter } from '../primitives/gaussian_filter.ts';
import type { CorruptionFn, Severity } from '../types.ts';

/** Blur sigma per severity (pixels): CIFAR-10-C values. */
export const GAUSSIAN_BLUR_SIGMA: Readonly<Record<Severity, number>> = {
  1: 0.4,
  2: 0.6,
  3: 0.7,
  4: 0.8,
  5: 1,
};

/**
 * Gaussian blur: scikit-image `gaussian(x / 255, sigma, multichannel=True)` (scipy
 * `gaussian_filter`, mode 'nearest', truncate 4, channels independent), clipped to [0, 1], * 255.
 * Severity 1..5: sigma 0.4, 0.6, 0.7, 0.8, 1.0 (radius 2, 2, 3, 3, 4). Deterministic.
 *
 * Input: uint8 HWC RGB; output: Float64Array of the same length, values in [0, 255].
 *
 * ```ts
 * const out = gaussianBlur({ height: 32, width: 32, data }, 5, rng);
 * ```
 */
export const gaussianBlur: CorruptionFn = (image, severity) => {
  const { height, width, data } = image;
  const x = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) x[i] = data[i] / 255;
  const out = gaussianFilter(x, height, width, 3, GAUSSIAN_BLUR_SIGMA[severity]);
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    out[i] = (v < 0 ? 0 : v > 1 ? 1 : v) * 255;
  }
  return out;
};
