import { assertImageU8, type ImageU8 } from '../image_u8.ts';
import { intParameter, randomSign, sampleLevel } from '../levels.ts';
import type { AugMixOp } from '../op.ts';
import { affineBilinear } from './affine_bilinear.ts';
import { affineNearest } from './affine_nearest.ts';

/** Python's `round(x, 15)`: the double nearest to x rounded to 15 decimals. */
const round15 = (x: number): number => Number(x.toFixed(15));

/**
 * Pillow's `img.rotate(degrees, resample=...)`: counter-clockwise rotation about the image
 * centre, same size (no expand), corners outside the source filled with black. `resample` is
 * 'bilinear' (default: what the AugMix reference passes) or 'nearest' (Pillow's own default).
 * `degrees` is any finite number; RGB uint8 in, RGB uint8 out, same size.
 *
 * ```ts
 * const out = rotate(img, 8);
 * ```
 */
export function rotate(
  img: ImageU8,
  degrees: number,
  resample: 'bilinear' | 'nearest' = 'bilinear',
): ImageU8 {
  assertImageU8(img, 'rotate');
  if (!Number.isFinite(degrees)) {
    throw new RangeError(`Argument 'degrees' passed to 'rotate' must be finite, got ${degrees}`);
  }
  const angle = ((degrees % 360) + 360) % 360;
  if (angle === 0) return { height: img.height, width: img.width, data: img.data.slice() };
  const rad = -(angle * Math.PI) / 180;
  const a = round15(Math.cos(rad));
  const b = round15(Math.sin(rad));
  const d = round15(-Math.sin(rad));
  const e = round15(Math.cos(rad));
  const cx = img.width / 2;
  const cy = img.height / 2;
  const c = a * -cx + b * -cy + cx;
  const f = d * -cx + e * -cy + cy;
  if (resample === 'nearest') return affineNearest(img, [a, b, c, d, e, f]);
  if (resample !== 'bilinear') {
    throw new RangeError(
      `Argument 'resample' passed to 'rotate' must be 'bilinear' or 'nearest', got ${String(resample)}`,
    );
  }
  return affineBilinear(img, [a, b, c, d, e, f]);
}

/** Reference sampling: int_parameter(sample_level(severity), 30) degrees, random sign. */
export const rotateOp: AugMixOp = {
  name: 'rotate',
  apply: (img, degrees) => rotate(img, degrees),
  sampleParam: (rng, severity) => randomSign(rng, intParameter(sampleLevel(rng, severity), 30)),
};
