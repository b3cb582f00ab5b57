import { pythonRound } from './python_round.ts';
import type { FloatImage } from './zoom.ts';

interface Taps {
  /** Per output index: first source index (absolute in the uncropped image), second or -1. */
  i0: Int32Array;
  i1: Int32Array;
  w0: Float64Array;
  w1: Float64Array;
}

const TAPS_CACHE = new Map<string, Taps>();

/**
 * The source taps of `clippedZoom` along one axis: output index k of the central `size` window
 * of scipy's zoom (output length `out = round(ch * factor)`, offset `(out - size) // 2`) samples
 * crop coordinate `(k + trim) * (ch - 1) / (out - 1)`, i.e. source rows `top + floor(c)` and the
 * next one, with scipy's order-1 weights (w0 = 1 - frac, w1 = 1 - w0).
 */
function taps(size: number, factor: number): Taps {
  const key = `${size}:${factor}`;
  const hit = TAPS_CACHE.get(key);
  if (hit) return hit;
  const ch = Math.ceil(size / factor);
  const top = Math.floor((size - ch) / 2);
  const out = pythonRound(ch * factor);
  const trim = Math.floor((out - size) / 2);
  const scale = out > 1 ? (ch - 1) / (out - 1) : 1;
  const t: Taps = {
    i0: new Int32Array(size),
    i1: new Int32Array(size),
    w0: new Float64Array(size),
    w1: new Float64Array(size),
  };
  for (let k = 0; k < size; k++) {
    const cc = (k + trim) * scale;
    const f = Math.floor(cc);
    t.i0[k] = top + f;
    t.i1[k] = f + 1 < ch ? top + f + 1 : -1;
    t.w0[k] = 1 - (cc - f);
    t.w1[k] = 1 - t.w0[k]!;
  }
  TAPS_CACHE.set(key, t);
  return t;
}

/**
 * The reference's `clipped_zoom(img, z)` on a square HWC image of side n: central crop of side
 * `ch = ceil(n / z)` (top-left offset `(n - ch) // 2`), scipy `zoom(crop, (z, z, 1), order=1)`
 * (output side `round(ch * z)`, Python rounding; corner-to-corner mapping), then the central
 * n x n of the result (offset `(size - n) // 2`). Only the kept window is computed, with the
 * same weights and summation order as scipy (see `zoom`). Used by zoom_blur and snow;
 * `factor >= 1`. Values are float64; apply `Math.fround` for the reference's float32 inputs.
 *
 * ```ts
 * const z = clippedZoom(x, 32, 3, 1.11); // FloatImage 32x32x3
 * ```
 */
export function clippedZoom(
  src: ArrayLike<number>,
  size: number,
  channels: number,
  factor: number,
): FloatImage {
  if (src.length !== size * size * channels) {
    throw new RangeError(
      `Argument 'src' passed to 'clippedZoom' must hold ${size}*${size}*${channels} values, got ${src.length}`,
    );
  }
  if (!(factor >= 1)) {
    throw new RangeError(`Argument 'factor' passed to 'clippedZoom' must be >= 1, got ${factor}`);
  }
  const t = taps(size, factor);
  const data = new Float64Array(size * size * channels);
  for (let y = 0; y < size; y++) {
    const y0 = t.i0[y]!;
    const y1 = t.i1[y]!;
    const wy0 = t.w0[y]!;
    const wy1 = t.w1[y]!;
    for (let x = 0; x < size; x++) {
      const x0 = t.i0[x]!;
      const x1 = t.i1[x]!;
      const wx0 = t.w0[x]!;
      const wx1 = t.w1[x]!;
      const o = (y * size + x) * channels;
      for (let c = 0; c < channels; c++) {
        let acc = src[(y0 * size + x0) * channels + c]! * wy0 * wx0;
        if (x1 >= 0) acc += src[(y0 * size + x1) * channels + c]! * wy0 * wx1;
        if (y1 >= 0) {
          acc += src[(y1 * size + x0) * channels + c]! * wy1 * wx0;
          if (x1 >= 0) acc += src[(y1 * size + x1) * channels + c]! * wy1 * wx1;
        }
        data[o + c] = acc;
      }
    }
  }
  return { height: size, width: size, channels, data };
}
