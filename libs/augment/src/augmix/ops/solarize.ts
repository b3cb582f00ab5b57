import { applyLut, assertImageU8, type ImageU8 } from '../image_u8.ts';
import { intParameter, sampleLevel } from '../levels.ts';
import type { AugMixOp } from '../op.ts';

/**
 * Pillow's `ImageOps.solarize(img, threshold)`: values `>= threshold` are inverted (255 - v),
 * the others kept. `threshold` is an integer in 0..256 (256: identity).
 * RGB uint8 in, RGB uint8 out, same size.
 *
 * ```ts
 * const out = solarize(img, 200);
 * ```
 */
export function solarize(img: ImageU8, threshold: number): ImageU8 {
  assertImageU8(img, 'solarize');
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > 256) {
    throw new RangeError(
      `Argument 'threshold' passed to 'solarize' must be an integer in 0..256, got ${threshold}`,
    );
  }
  const lut = new Uint8Array(768);
  for (let i = 0; i < 768; i++) {
    const v = i & 0xff;
    lut[i] = v < threshold ? v : 255 - v;
  }
  return applyLut(img, lut);
}

/** Reference sampling: threshold = 256 - int_parameter(sample_level(severity), 256). */
export const solarizeOp: AugMixOp = {
  name: 'solarize',
  apply: (img, threshold) => solarize(img, threshold),
  sampleParam: (rng, severity) => 256 - intParameter(sampleLevel(rng, severity), 256),
};
