/** A 2x3 affine matrix, row-major `[a, b, c, d, e, f]`: x' = a x + b y + c, y' = d x + e y + f. */
export type Affine2x3 = Float64Array;

/**
 * OpenCV's `cv2.getAffineTransform(src, dst)`: the affine map sending the three points `src`
 * to `dst` (each `[x0, y0, x1, y1, x2, y2]`), solved as OpenCV does, a 6x6 linear system by
 * Gaussian elimination with partial pivoting (`cv::solve`, `DECOMP_LU`), so the doubles agree
 * with OpenCV's to the last bit or nearly.
 *
 * ```ts
 * const m = getAffineTransform([26, 26, 26, 6, 6, 6], [27, 25, 26, 7, 5, 6]);
 * ```
 */
export function getAffineTransform(src: ArrayLike<number>, dst: ArrayLike<number>): Affine2x3 {
  if (src.length !== 6 || dst.length !== 6) {
    throw new RangeError(
      `Arguments 'src' and 'dst' passed to 'getAffineTransform' must hold 3 points (6 values), got ${src.length}, ${dst.length}`,
    );
  }
  const m = 6;
  const a = new Float64Array(36);
  const b = new Float64Array(6);
  for (let i = 0; i < 3; i++) {
    const j = i * 12;
    const k = i * 12 + 6;
    a[j] = a[k + 3] = src[2 * i];
    a[j + 1] = a[k + 4] = src[2 * i + 1];
    a[j + 2] = a[k + 5] = 1;
    b[2 * i] = dst[2 * i];
    b[2 * i + 1] = dst[2 * i + 1];
  }
  for (let i = 0; i < m; i++) {
    let p = i;
    for (let j = i + 1; j < m; j++) if (Math.abs(a[j * m + i]) > Math.abs(a[p * m + i])) p = j;
    if (Math.abs(a[p * m + i]) < 2.220446049250313e-16 * 10) {
      throw new RangeError(`'getAffineTransform': the 3 source points are collinear`);
    }
    if (p !== i) {
      for (let j = i; j < m; j++) [a[i * m + j], a[p * m + j]] = [a[p * m + j], a[i * m + j]];
      [b[i], b[p]] = [b[p], b[i]];
    }
    const d = -1 / a[i * m + i];
    for (let j = i + 1; j < m; j++) {
      const alpha = a[j * m + i] * d;
      for (let k = i + 1; k < m; k++) a[j * m + k] += alpha * a[i * m + k];
      b[j] += alpha * b[i];
    }
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < m; k++) s -= a[i * m + k] * b[k];
    b[i] = s / a[i * m + i];
  }
  return b;
}
