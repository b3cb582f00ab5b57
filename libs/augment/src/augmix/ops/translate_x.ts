import { assertImageU8, type ImageU8 } from '../image_u8.ts';
import { intParameter, randomSign, sampleLevel } from '../levels.ts';
import type { AugMixOp } from '../op.ts';
import { affineBilinear } from './affine_bilinear.ts';

/**
 * Horizontal translation as the AugMix reference does it: Pillow's
 * `img.transform(size, Image.AFFINE, (1, 0, pixels, 0, 1, 0), resample=Image.BILINEAR)`: output
 * pixel (x, y) takes input (x + pixels, y), so positive `pixels` moves the content left; the
 * uncovered band is black. `pixels` is finite (integer in the reference); RGB uint8 in and out.
 *
 * ```ts
 * const out = translateX(img, 3);
 * ```
 */
export function translateX(img: ImageU8, pixels: number): ImageU8 {
  assertImageU8(img, 'translateX');
  if (!Number.isFinite(pixels)) {
    throw new RangeError(`Argument 'pixels' passed to 'translateX' must be finite, got ${pixels}`);
  }
  return affineBilinear(img, [1, 0, pixels, 0, 1, 0]);
}

/** Reference sampling: int_parameter(sample_level(severity), IMAGE_SIZE / 3) with IMAGE_SIZE 32, random sign. */
export const translateXOp: AugMixOp = {
  name: 'translate_x',
  apply: (img, pixels) => translateX(img, pixels),
  sampleParam: (rng, severity) => randomSign(rng, intParameter(sampleLevel(rng, severity), 32 / 3)),
};
