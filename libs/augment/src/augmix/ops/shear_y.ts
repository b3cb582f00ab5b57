import { assertImageU8, type ImageU8 } from '../image_u8.ts';
import { floatParameter, randomSign, sampleLevel } from '../levels.ts';
import type { AugMixOp } from '../op.ts';
import { affineBilinear } from './affine_bilinear.ts';

/**
 * Vertical shear as the AugMix reference does it: Pillow's
 * `img.transform(size, Image.AFFINE, (1, 0, 0, level, 1, 0), resample=Image.BILINEAR)`, so the
 * output pixel (x, y) samples the input at (x, y + level * x); outside is black.
 * `level` is finite (the reference uses |level| < 0.3); RGB uint8 in and out, same size.
 *
 * ```ts
 * const out = shearY(img, 0.2);
 * ```
 */
export function shearY(img: ImageU8, level: number): ImageU8 {
  assertImageU8(img, 'shearY');
  if (!Number.isFinite(level)) {
    throw new RangeError(`Argument 'level' passed to 'shearY' must be finite, got ${level}`);
  }
  return affineBilinear(img, [1, 0, 0, level, 1, 0]);
}

/** Reference sampling: float_parameter(sample_level(severity), 0.3), random sign. */
export const shearYOp: AugMixOp = {
  name: 'shear_y',
  apply: (img, level) => shearY(img, level),
  sampleParam: (rng, severity) => randomSign(rng, floatParameter(sampleLevel(rng, severity), 0.3)),
};
