import { hsv2rgb } from './hsv2rgb.ts';
import { rgb2hsv } from './rgb2hsv.ts';

/**
 * The reference's HSV edit of an 8-bit RGB image: x / 255 to HSV with scikit-image's `rgb2hsv`,
 * component `channel` (0 = H, 1 = S, 2 = V) replaced by `clip(edit(value), 0, 1)`, back with
 * `hsv2rgb`, then `clip(., 0, 1) * 255`. Used by brightness (V) and saturate (S).
 *
 * Input: uint8 RGB triples; output: a new Float64Array of the same length, values in [0, 255].
 *
 * ```ts
 * const out = adjustHsv(image.data, 2, (v) => v + 0.1); // brightness severity 2
 * ```
 */
export function adjustHsv(
  rgb: Uint8Array,
  channel: 0 | 1 | 2,
  edit: (value: number) => number,
): Float64Array {
  const x = new Float64Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) x[i] = rgb[i] / 255;
  const hsv = rgb2hsv(x);
  for (let i = channel; i < hsv.length; i += 3) {
    const v = edit(hsv[i]);
    hsv[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  const out = hsv2rgb(hsv);
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    out[i] = (v < 0 ? 0 : v > 1 ? 1 : v) * 255;
  }
  return out;
}
