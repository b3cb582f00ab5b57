import { assertImageU8, type ImageU8 } from '../image_u8.ts';
import { intParameter, randomSign, sampleLevel } from '../levels.ts';
import type { AugMixOp } from '../op.ts';
import { affineBilinear } from './affine_bilinear.ts';

/**
 * Vertical translation as the AugMix reference does it: Pillow's
 * `img.transform(size, Image.AFFINE, (1, 0, 0, 0, 1, pixels), resample=Image.BILINEAR)`: output
 * pixel (x, y) takes input (x, y + pixels), so positive `pixels` moves the content up; the
 * uncovered band is black. `pixels` is finite (integer in the reference); RGB uint8 in and out.
 *
 * ```ts
 * const out = translateY(img, 3);
 * ```
 */
export function translateY(img: ImageU8, pixels: number): ImageU8 {
  assertImageU8(img, 'translateY');
  if (!Number.isFinite(pixels)) {
    throw new RangeError(`Argument 'pixels' passed to 'translateY' must be finite, got ${pixels}`);
  }
  return affineBilinear(img, [1, 0, 0, 0, 1, pixels]);
}

/** Reference sampling: int_parameter(sample_level(severity), IMAGE_SIZE / 3) with IMAGE_SIZE 32, random sign. */
export const translateYOp: AugMixOp = {
  name: 'translate_y',
  apply: (img, pixels) => translateY(img, pixels),
  sampleParam: (rng, severity) => randomSign(rng, intParameter(sampleLevel(rng, severity), 32 / 3)),
};
