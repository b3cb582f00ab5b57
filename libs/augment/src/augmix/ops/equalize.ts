import { applyLut, assertImageU8, histogramRgb, type ImageU8 } from '../image_u8.ts';
import type { AugMixOp } from '../op.ts';

/**
 * Pillow's `ImageOps.equalize(img)`: per channel histogram equalisation with Pillow's integer
 * steps (`step = (count - count_of_last_present_value) // 255`, value v maps to
 * `(step // 2 + cumulative count below v) // step`); a channel with one value, or with too few
 * pixels for a step, is left as it is. RGB uint8 in, RGB uint8 out, same size. (Pillow before
 * 10.1 divided by 256, which leaves the top value slightly short of 255; the fixtures come
 * from a current Pillow.)
 *
 * ```ts
 * const out = equalize(img);
 * ```
 */
export function equalize(img: ImageU8): ImageU8 {
  assertImageU8(img, 'equalize');
  const hist = histogramRgb(img);
  const lut = new Uint8Array(768);
  for (let c = 0; c < 3; c++) {
    const h = hist.subarray(c * 256, c * 256 + 256);
    let present = 0;
    let total = 0;
    let last = 0;
    for (let v = 0; v < 256; v++) {
      if (h[v]! > 0) {
        present++;
        total += h[v]!;
        last = h[v]!;
      }
    }
    const step = present <= 1 ? 0 : Math.floor((total - last) / 255);
    if (step === 0) {
      for (let v = 0; v < 256; v++) lut[c * 256 + v] = v;
      continue;
    }
    let n = Math.floor(step / 2);
    for (let v = 0; v < 256; v++) {
      const m = Math.floor(n / step);
      lut[c * 256 + v] = m > 255 ? 255 : m;
      n += h[v]!;
    }
  }
  return applyLut(img, lut);
}

export const equalizeOp: AugMixOp = {
  name: 'equalize',
  apply: (img) => equalize(img),
  sampleParam: () => 0,
};
