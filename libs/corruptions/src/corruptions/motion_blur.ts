import { magickMotionBlur } from '../primitives/motion_blur.ts';
import type { CorruptionFn, Severity } from '../types.ts';

/** `[radius, sigma]` of ImageMagick's motion blur per severity: CIFAR-10-C values. */
export const MOTION_BLUR_PARAMS: Readonly<Record<Severity, readonly [number, number]>> = {
  1: [6, 1],
  2: [6, 1.5],
  3: [6, 2],
  4: [8, 2],
  5: [9, 2.5],
};

/**
 * Motion blur: ImageMagick 6's `MagickMotionBlurImage(radius, sigma, angle)` with
 * angle ~ U(-45, 45) degrees (one draw from `rng`), reimplemented (kernel, offsets, edge
 * virtual pixels, 16-bit quantum rounding and the 8-bit PNG round trip). A grey input
 * (R = G = B) takes the reference's 1-channel branch, which gives the same values per channel.
 * Severity 1..5: [radius, sigma] = [6, 1], [6, 1.5], [6, 2], [8, 2], [9, 2.5].
 *
 * Input: uint8 HWC RGB; output: Uint8Array of the same length (already uint8, as the reference).
 *
 * ```ts
 * const out = motionBlur({ height: 32, width: 32, data }, 3, new RandomState(3));
 * ```
 */
export const motionBlur: CorruptionFn = (image, severity, rng) => {
  const [radius, sigma] = MOTION_BLUR_PARAMS[severity];
  const angle = rng.uniform(-45, 45);
  return magickMotionBlur(image.data, image.height, image.width, 3, radius, sigma, angle);
};
