import { pythonRound } from './python_round.ts';

/** A float image in HWC layout. */
export interface FloatImage {
  height: number;
  width: number;
  channels: number;
  data: Float64Array;
}

/**
 * Linear (order 1) resampling of the two spatial axes of an HWC image like
 * `scipy.ndimage.zoom(img, (zh, zw, 1), order=1)` (mode 'constant', grid_mode False):
 * output size `round(n * z)` with Python's round (half to even), and corner-to-corner mapping,
 * i.e. output index k samples input coordinate `k * (n - 1) / (out - 1)`. Weights and the
 * summation order follow scipy's `NI_ZoomShift`, so float64 results agree to rounding.
 * scipy casts to the input dtype at the end: for a float32 input apply `Math.fround` to the
 * output values.
 *
 * Input: `height * width * channels` values; output: a new FloatImage (float64 values).
 *
 * ```ts
 * const z = zoom(crop, 29, 29, 3, 1.11, 1.11); // 32x32x3, as scizoom(crop, (1.11, 1.11, 1), order=1)
 * ```
 */
export function zoom(
  src: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
  zoomH: number,
  zoomW: number,
): FloatImage {
  if (src.length !== height * width * channels) {
    throw new RangeError(
      `Argument 'src' passed to 'zoom' must hold ${height}*${width}*${channels} values, got ${src.length}`,
    );
  }
  if (!(zoomH > 0) || !(zoomW > 0)) {
    throw new RangeError(
      `Arguments 'zoomH', 'zoomW' passed to 'zoom' must be > 0, got ${zoomH}, ${zoomW}`,
    );
  }
  const outH = pythonRound(height * zoomH);
  const outW = pythonRound(width * zoomW);
  if (outH < 1 || outW < 1) {
    throw new RangeError(`'zoom' would produce an empty ${outH}x${outW} image`);
  }
  const ys = axisTaps(height, outH);
  const xs = axisTaps(width, outW);
  const data = new Float64Array(outH * outW * channels);
  for (let oy = 0; oy < outH; oy++) {
    const y0 = ys.start[oy];
    const wy0 = ys.w0[oy];
    const wy1 = ys.w1[oy];
    const y1 = y0 + 1 < height ? y0 + 1 : -1;
    for (let ox = 0; ox < outW; ox++) {
      const x0 = xs.start[ox];
      const o = (oy * outW + ox) * channels;
      if (y0 < 0 || x0 < 0) continue; // outside the input: cval 0
      const wx0 = xs.w0[ox];
      const wx1 = xs.w1[ox];
      const x1 = x0 + 1 < width ? x0 + 1 : -1;
      for (let c = 0; c < channels; c++) {
        // scipy sums the 2x2 neighbourhood in C order, each term value * wy * wx.
        let acc = src[(y0 * width + x0) * channels + c] * wy0 * wx0;
        if (x1 >= 0) acc += src[(y0 * width + x1) * channels + c] * wy0 * wx1;
        if (y1 >= 0) {
          acc += src[(y1 * width + x0) * channels + c] * wy1 * wx0;
          if (x1 >= 0) acc += src[(y1 * width + x1) * channels + c] * wy1 * wx1;
        }
        data[o + c] = acc;
      }
    }
  }
  return { height: outH, width: outW, channels, data };
}

/** Per output index: the first input index (or -1 outside) and the two linear weights. */
function axisTaps(
  n: number,
  out: number,
): { start: Int32Array; w0: Float64Array; w1: Float64Array } {
  const scale = out > 1 ? (n - 1) / (out - 1) : 1;
  const start = new Int32Array(out);
  const w0 = new Float64Array(out);
  const w1 = new Float64Array(out);
  for (let k = 0; k < out; k++) {
    const cc = k * scale;
    if (cc < 0 || cc > n - 1) {
      start[k] = -1;
      continue;
    }
    const f = Math.floor(cc);
    start[k] = f;
    w0[k] = 1 - (cc - f);
    w1[k] = 1 - w0[k];
  }
  return { start, w0, w1 };
}
