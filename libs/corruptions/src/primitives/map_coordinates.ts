/**
 * scipy's order-1 `map_coordinate` folding for mode `'reflect'` (SciPy >= 1.6): a coordinate
 * outside [0, n - 1] is mirrored about the half-sample borders into (-1, n).
 */
function foldReflect(v: number, n: number): number {
  if (n <= 1) return 0;
  const sz2 = 2 * n;
  if (v < 0) {
    if (v < -sz2) v = sz2 * Math.trunc(-v / sz2) + v;
    return v < -n ? v + sz2 : (v > -1e-15 ? 1e-15 : -v) - 1;
  }
  if (v > n - 1) {
    v -= sz2 * Math.trunc(v / sz2);
    if (v >= n) v = sz2 - v - 1;
  }
  return v;
}

/**
 * `scipy.ndimage.map_coordinates(img, [rows, cols, channel], order=1, mode='reflect')` for an
 * HWC float32 image where output pixel p of every channel samples `(rows[p], cols[p])`
 * (elastic_transform's use): coordinates folded like scipy, linear weights `w0 = 1 - t`,
 * `w1 = 1 - w0`, the four terms `value * w_row * w_col` summed in scipy's order in float64,
 * indices outside the image reflected (`b a | a b`), result stored as float32.
 *
 * Input: `height * width * channels` values, `rows`/`cols` of `height * width` coordinates;
 * output: a new Float32Array of the image's layout.
 *
 * ```ts
 * const out = mapCoordinates(img, 32, 32, 3, rowsPlusDy, colsPlusDx);
 * ```
 */
export function mapCoordinates(
  src: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
  rows: ArrayLike<number>,
  cols: ArrayLike<number>,
): Float32Array {
  const n = height * width;
  if (src.length !== n * channels) {
    throw new RangeError(
      `Argument 'src' passed to 'mapCoordinates' must hold ${height}*${width}*${channels} values, got ${src.length}`,
    );
  }
  if (rows.length !== n || cols.length !== n) {
    throw new RangeError(
      `Arguments 'rows' and 'cols' passed to 'mapCoordinates' must hold ${n} coordinates, got ${rows.length}, ${cols.length}`,
    );
  }
  const out = new Float32Array(src.length);
  const clampIdx = (i: number, len: number): number => (i < 0 ? 0 : i >= len ? len - 1 : i);
  for (let p = 0; p < n; p++) {
    const cr = foldReflect(rows[p], height);
    const cc = foldReflect(cols[p], width);
    const r0 = Math.floor(cr);
    const c0 = Math.floor(cc);
    const wr0 = 1 - (cr - r0);
    const wr1 = 1 - wr0;
    const wc0 = 1 - (cc - c0);
    const wc1 = 1 - wc0;
    // After folding, r0 is in [-1, n - 1]: reflect maps -1 -> 0 and n -> n - 1.
    const ra = clampIdx(r0, height) * width;
    const rb = clampIdx(r0 + 1, height) * width;
    const ca = clampIdx(c0, width);
    const cb = clampIdx(c0 + 1, width);
    for (let c = 0; c < channels; c++) {
      let t = src[(ra + ca) * channels + c] * wr0 * wc0;
      t += src[(ra + cb) * channels + c] * wr0 * wc1;
      t += src[(rb + ca) * channels + c] * wr1 * wc0;
      t += src[(rb + cb) * channels + c] * wr1 * wc1;
      out[p * channels + c] = t;
    }
  }
  return out;
}
