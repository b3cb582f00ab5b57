import { adjustHsv } from '../primitives/adjust_hsv.ts';
import type { CorruptionFn, Severity } from '../types.ts';

/** Value (HSV V) offset per severity, on the [0, 1] scale: CIFAR-10-C values. */
export const BRIGHTNESS_DELTA: Readonly<Record<Severity, number>> = {
  1: 0.05,
  2: 0.1,
  3: 0.15,
  4: 0.2,
  5: 0.3,
};

/**
 * Brightness: x / 255 to HSV (scikit-image `rgb2hsv`), `V = clip(V + delta, 0, 1)`, back with
 * `hsv2rgb`, `clip(., 0, 1) * 255`. Deterministic (no draws from `rng`).
 * Severity 1..5: delta 0.05, 0.1, 0.15, 0.2, 0.3.
 *
 * Input: uint8 HWC RGB; output: Float64Array of the same length, values in [0, 255].
 *
 * ```ts
 * const out = brightness({ height: 32, width: 32, data }, 2, new RandomState(2));
 * ```
 */
export const brightness: CorruptionFn = (image, severity) => {
  const delta = BRIGHTNESS_DELTA[severity];
  return adjustHsv(image.data, 2, (v) => v + delta);
};
