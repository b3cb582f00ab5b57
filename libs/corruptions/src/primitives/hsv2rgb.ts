/**
 * scikit-image's `hsv2rgb` (0.19): for each HSV triple with H, S, V in [0, 1],
 * `hi = floor(6 H) % 6`, `f = 6 H - floor(6 H)`, `p = V (1 - S)`, `q = V (1 - f S)`,
 * `t = V (1 - (1 - f) S)` and the sextant table (v,t,p), (q,v,p), (p,v,t), (p,q,v), (t,p,v),
 * (v,p,q), with the same floating-point expressions so results agree to the last bit.
 *
 * Input: `n * 3` HSV values; output: a new Float64Array of `n * 3` RGB values (in [0, 1] for
 * inputs in [0, 1]).
 *
 * ```ts
 * const rgb = hsv2rgb(rgb2hsv(x)); // round trip, equal to x up to rounding
 * ```
 */
export function hsv2rgb(hsv: ArrayLike<number>): Float64Array {
  if (hsv.length % 3 !== 0) {
    throw new RangeError(
      `Argument 'hsv' passed to 'hsv2rgb' must hold HSV triples (length divisible by 3), got ${hsv.length}`,
    );
  }
  const out = new Float64Array(hsv.length);
  for (let i = 0; i < hsv.length; i += 3) {
    const h = hsv[i];
    const s = hsv[i + 1];
    const v = hsv[i + 2];
    const fl = Math.floor(h * 6);
    const f = h * 6 - fl;
    const p = v * (1 - s);
    const q = v * (1 - f * s);
    const t = v * (1 - (1 - f) * s);
    // numpy casts the float sextant to uint8 before `% 6`.
    const hi = (fl & 0xff) % 6;
    let r: number;
    let g: number;
    let b: number;
    switch (hi) {
      case 0:
        [r, g, b] = [v, t, p];
        break;
      case 1:
        [r, g, b] = [q, v, p];
        break;
      case 2:
        [r, g, b] = [p, v, t];
        break;
      case 3:
        [r, g, b] = [p, q, v];
        break;
      case 4:
        [r, g, b] = [t, p, v];
        break;
      default:
        [r, g, b] = [v, p, q];
    }
    out[i] = r;
    out[i + 1] = g;
    out[i + 2] = b;
  }
  return out;
}
