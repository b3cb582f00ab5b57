import { pillowResize } from '../primitives/pillow_resize.ts';
import type { CorruptionFn, Severity } from '../types.ts';

/** Downscale factor per severity: CIFAR-10-C values. */
export const PIXELATE_SCALE: Readonly<Record<Severity, number>> = {
  1: 0.95,
  2: 0.9,
  3: 0.85,
  4: 0.75,
  5: 0.65,
};

/**
 * Pixelate: Pillow BOX resize to `int(H * c) x int(W * c)` and back to H x W with BOX
 * (bit-exact fixed-point port of Pillow's resampler). Severity 1..5: c = 0.95, 0.90, 0.85, 0.75,
 * 0.65 (32 px -> 30, 28, 27, 24, 20 px). Deterministic; output is already uint8.
 *
 * Input: uint8 HWC RGB; output: Uint8Array of the same length.
 *
 * ```ts
 * const out = pixelate({ height: 32, width: 32, data }, 5, rng);
 * ```
 */
export const pixelate: CorruptionFn = (image, severity) => {
  const { height, width, data } = image;
  const c = PIXELATE_SCALE[severity];
  const h = Math.max(1, Math.trunc(height * c));
  const w = Math.max(1, Math.trunc(width * c));
  const small = pillowResize(data, height, width, 3, h, w, 'box');
  return pillowResize(small, h, w, 3, height, width, 'box');
};
