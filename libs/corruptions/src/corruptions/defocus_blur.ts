import { cvGaussianBlur } from '../primitives/cv_gaussian_blur.ts';
import { filter2D } from '../primitives/filter2d.ts';
import type { CorruptionFn, Severity } from '../types.ts';

/** [disk radius, anti-alias sigma] per severity: CIFAR-10-C values. */
export const DEFOCUS_BLUR_PARAMS: Readonly<Record<Severity, readonly [number, number]>> = {
  1: [0.3, 0.4],
  2: [0.4, 0.5],
  3: [0.5, 0.6],
  4: [1, 0.2],
  5: [1.5, 0.1],
};

/**
 * The reference's `disk(radius, alias_blur)` kernel, float32: on offsets -8..8 (17x17; -r..r with
 * a 5x5 blur for radius > 8), 1 where `dx^2 + dy^2 <= radius^2`, divided by the count, then
 * OpenCV `GaussianBlur` with a 3x3 kernel and sigma `aliasBlur`. Returns the kernel and its side.
 */
export function defocusKernel(
  radius: number,
  aliasBlur: number,
): { kernel: Float32Array; size: number } {
  const r = radius <= 8 ? 8 : Math.trunc(radius);
  const size = 2 * r + 1;
  const disk = new Float32Array(size * size);
  let count = 0;
  for (let i = 0; i < size; i++)
    for (let j = 0; j < size; j++) {
      const dy = i - r;
      const dx = j - r;
      if (dx * dx + dy * dy <= radius * radius) {
        disk[i * size + j] = 1;
        count++;
      }
    }
  for (let i = 0; i < disk.length; i++) disk[i] = disk[i] / count;
  return { kernel: cvGaussianBlur(disk, size, size, radius <= 8 ? 3 : 5, aliasBlur), size };
}

/**
 * Defocus blur: each channel of x = image / 255 correlated (OpenCV `filter2D`, border
 * reflect-101) with the anti-aliased disk kernel, then `clip(., 0, 1) * 255`.
 * Severity 1..5: [radius, alias sigma] = [0.3, 0.4], [0.4, 0.5], [0.5, 0.6], [1, 0.2], [1.5, 0.1]
 * (disks of 1, 1, 1, 5, 9 pixels). Deterministic.
 *
 * Input: uint8 HWC RGB; output: Float64Array of the same length, values in [0, 255].
 *
 * ```ts
 * const out = defocusBlur({ height: 32, width: 32, data }, 4, rng);
 * ```
 */
export const defocusBlur: CorruptionFn = (image, severity) => {
  const { height, width, data } = image;
  const [radius, alias] = DEFOCUS_BLUR_PARAMS[severity];
  const { kernel, size } = defocusKernel(radius, alias);
  const x = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) x[i] = data[i] / 255;
  const out = filter2D(x, height, width, 3, kernel, size, size);
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    out[i] = (v < 0 ? 0 : v > 1 ? 1 : v) * 255;
  }
  return out;
};
