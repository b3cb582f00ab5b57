import { assertImageU8, type ImageU8 } from '../image_u8.ts';
import { floatParameter, randomSign, sampleLevel } from '../levels.ts';
import type { AugMixOp } from '../op.ts';
import { affineBilinear } from './affine_bilinear.ts';

/**
 * Horizontal shear as the AugMix reference does it: Pillow's
 * `img.transform(size, Image.AFFINE, (1, level, 0, 0, 1, 0), resample=Image.BILINEAR)`, so the
 * output pixel (x, y) samples the input at (x + level * y, y); outside is black.
 * `level` is finite (the reference uses |level| < 0.3); RGB uint8 in and out, same size.
 *
 * ```ts
 * const out = shearX(img, 0.2);
 * ```
 */
export function shearX(img: ImageU8, level: number): ImageU8 {
  assertImageU8(img, 'shearX');
  if (!Number.isFinite(level)) {
    throw new RangeError(`Argument 'level' passed to 'shearX' must be finite, got ${level}`);
  }
  return affineBilinear(img, [1, level, 0, 0, 1, 0]);
}

/** Reference sampling: float_parameter(sample_level(severity), 0.3), random sign. */
export const shearXOp: AugMixOp = {
  name: 'shear_x',
  apply: (img, level) => shearX(img, level),
  sampleParam: (rng, severity) => randomSign(rng, floatParameter(sampleLevel(rng, severity), 0.3)),
};
