/**
 * scikit-image's `rgb2hsv` (0.19) on an HWC RGB float image in [0, 1], in place-free form:
 * V = max(r, g, b), S = (max - min) / V (0 where max == min), H in [0, 1) from the channel that
 * holds the max (ties: blue over green over red, as scikit-image's successive masked assignments
 * leave it), `(h / 6) % 1` with Python's floored modulo, grey pixels get H = 0 and S = 0.
 *
 * Input: `n * 3` values (any numeric array, RGB triples); output: a new Float64Array of `n * 3`
 * HSV triples, each component in [0, 1].
 *
 * ```ts
 * const hsv = rgb2hsv(Float64Array.from(image.data, (v) => v / 255));
 * ```
 */
export function rgb2hsv(rgb: ArrayLike<number>): Float64Array {
  if (rgb.length % 3 !== 0) {
    throw new RangeError(
      `Argument 'rgb' passed to 'rgb2hsv' must hold RGB triples (length divisible by 3), got ${rgb.length}`,
    );
  }
  const out = new Float64Array(rgb.length);
  for (let i = 0; i < rgb.length; i += 3) {
    const r = rgb[i];
    const g = rgb[i + 1];
    const b = rgb[i + 2];
    const v = Math.max(r, g, b);
    const delta = v - Math.min(r, g, b);
    let h = 0;
    let s = 0;
    if (delta !== 0) {
      s = delta / v;
      let h6: number;
      if (b === v) h6 = 4 + (r - g) / delta;
      else if (g === v) h6 = 2 + (b - r) / delta;
      else h6 = (g - b) / delta;
      h = h6 / 6;
      // numpy's float remainder: fmod, then shifted into [0, 1) for negative values.
      h = h % 1;
      if (h !== 0 && h < 0) h += 1;
    }
    out[i] = h;
    out[i + 1] = s;
    out[i + 2] = v;
  }
  return out;
}
