import type { CorruptionFn, Severity } from '../types.ts';

/** Contrast factor per severity: CIFAR-10-C values. */
export const CONTRAST_FACTOR: Readonly<Record<Severity, number>> = {
  1: 0.75,
  2: 0.5,
  3: 0.4,
  4: 0.3,
  5: 0.15,
};

/**
 * Contrast: with x = image / 255 and m the per-channel mean over all pixels,
 * `clip((x - m) * f + m, 0, 1) * 255`. Deterministic.
 * Severity 1..5: f = 0.75, 0.5, 0.4, 0.3, 0.15.
 *
 * Input: uint8 HWC RGB; output: Float64Array of the same length, values in [0, 255].
 *
 * ```ts
 * const out = contrast({ height: 32, width: 32, data }, 5, new RandomState(5));
 * ```
 */
export const contrast: CorruptionFn = (image, severity) => {
  const f = CONTRAST_FACTOR[severity];
  const src = image.data;
  const n = image.height * image.width;
  const sums = [0, 0, 0];
  for (let i = 0; i < src.length; i += 3) {
    sums[0] += src[i] / 255;
    sums[1] += src[i + 1] / 255;
    sums[2] += src[i + 2] / 255;
  }
  const means = sums.map((s) => s / n);
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const m = means[i % 3];
    const v = (src[i] / 255 - m) * f + m;
    out[i] = (v < 0 ? 0 : v > 1 ? 1 : v) * 255;
  }
  return out;
};
