import { applyLut, assertImageU8, histogramRgb, type ImageU8 } from '../image_u8.ts';
import type { AugMixOp } from '../op.ts';

/**
 * Pillow's `ImageOps.autocontrast(img)` (cutoff 0): per channel, the darkest present value maps
 * to 0 and the brightest to 255, linearly (`int(v * scale + offset)`, truncated and clamped);
 * a channel with a single value is left as it is. RGB uint8 in, RGB uint8 out, same size.
 *
 * ```ts
 * const out = autocontrast(img);
 * ```
 */
export function autocontrast(img: ImageU8): ImageU8 {
  assertImageU8(img, 'autocontrast');
  const hist = histogramRgb(img);
  const lut = new Uint8Array(768);
  for (let c = 0; c < 3; c++) {
    const h = hist.subarray(c * 256, c * 256 + 256);
    let lo = 0;
    while (lo < 255 && h[lo] === 0) lo++;
    let hi = 255;
    while (hi > 0 && h[hi] === 0) hi--;
    for (let v = 0; v < 256; v++) {
      if (hi <= lo) {
        lut[c * 256 + v] = v;
      } else {
        const scale = 255 / (hi - lo);
        const offset = -lo * scale;
        const m = Math.trunc(v * scale + offset);
        lut[c * 256 + v] = m < 0 ? 0 : m > 255 ? 255 : m;
      }
    }
  }
  return applyLut(img, lut);
}

export const autocontrastOp: AugMixOp = {
  name: 'autocontrast',
  apply: (img) => autocontrast(img),
  sampleParam: () => 0,
};
