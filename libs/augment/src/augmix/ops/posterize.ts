import { applyLut, assertImageU8, type ImageU8 } from '../image_u8.ts';
import { intParameter, sampleLevel } from '../levels.ts';
import type { AugMixOp } from '../op.ts';

/**
 * Pillow's `ImageOps.posterize(img, bits)`: keeps the `bits` high bits of every value
 * (`v & ~(2^(8 - bits) - 1)`). `bits` is an integer in 0..8 (8: identity, 0: black).
 * RGB uint8 in, RGB uint8 out, same size.
 *
 * ```ts
 * const out = posterize(img, 4); // 16 levels per channel
 * ```
 */
export function posterize(img: ImageU8, bits: number): ImageU8 {
  assertImageU8(img, 'posterize');
  if (!Number.isInteger(bits) || bits < 0 || bits > 8) {
    throw new RangeError(
      `Argument 'bits' passed to 'posterize' must be an integer in 0..8, got ${bits}`,
    );
  }
  const mask = ~(2 ** (8 - bits) - 1) & 0xff;
  const lut = new Uint8Array(768);
  for (let i = 0; i < 768; i++) lut[i] = i & 0xff & mask;
  return applyLut(img, lut);
}

/** Reference sampling: bits = 4 - int_parameter(sample_level(severity), 4). */
export const posterizeOp: AugMixOp = {
  name: 'posterize',
  apply: (img, bits) => posterize(img, bits),
  sampleParam: (rng, severity) => 4 - intParameter(sampleLevel(rng, severity), 4),
};
