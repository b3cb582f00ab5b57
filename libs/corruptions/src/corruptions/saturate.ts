import { adjustHsv } from '../primitives/adjust_hsv.ts';
import type { CorruptionFn, Severity } from '../types.ts';

/** `[multiplier, offset]` of the HSV saturation per severity: CIFAR-10-C values. */
export const SATURATE_PARAMS: Readonly<Record<Severity, readonly [number, number]>> = {
  1: [0.3, 0],
  2: [0.1, 0],
  3: [1.5, 0],
  4: [2, 0.1],
  5: [2.5, 0.2],
};

/**
 * Saturate: x / 255 to HSV (scikit-image `rgb2hsv`), `S = clip(S * mult + add, 0, 1)`, back with
 * `hsv2rgb`, `clip(., 0, 1) * 255`. Deterministic. Severities 1-2 desaturate, 3-5 saturate:
 * [mult, add] = [0.3, 0], [0.1, 0], [1.5, 0], [2, 0.1], [2.5, 0.2]. Grey pixels have hue 0, so a
 * positive `add` tints them red.
 *
 * Input: uint8 HWC RGB; output: Float64Array of the same length, values in [0, 255].
 *
 * ```ts
 * const out = saturate({ height: 32, width: 32, data }, 4, new RandomState(4));
 * ```
 */
export const saturate: CorruptionFn = (image, severity) => {
  const [mult, add] = SATURATE_PARAMS[severity];
  return adjustHsv(image.data, 1, (s) => s * mult + add);
};
