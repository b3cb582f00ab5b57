import type { RandomState } from '@ada/data';

/** Corruption strength, as in CIFAR-10-C: 1 (mildest) to 5 (strongest). */
export type Severity = 1 | 2 | 3 | 4 | 5;

/** The severities in order, for loops and argument checks. */
export const SEVERITIES: readonly Severity[] = [1, 2, 3, 4, 5];

/**
 * An 8-bit RGB image in HWC order: `data[(y * width + x) * 3 + c]`, `data.length === height * width * 3`,
 * values 0..255 (what `PIL.Image.fromarray(uint8 HxWx3)` holds in the reference generator).
 */
export interface ImageU8 {
  height: number;
  width: number;
  data: Uint8Array;
}

/**
 * One corruption at one severity. Returns HWC values of the same size as `image.data`, on the
 * 0..255 scale exactly as the reference returns them before its `np.uint8(...)` conversion
 * (floats clipped to [0, 255], or already uint8 for Pillow/ImageMagick-based corruptions).
 * Random corruptions take all their draws from `rng` in the reference's order.
 */
export type CorruptionFn = (
  image: ImageU8,
  severity: Severity,
  rng: RandomState,
) => Float64Array | Float32Array | Uint8Array;
