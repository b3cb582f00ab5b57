const DIST_SHIFT = 16;
const HV = Math.round(1 * (1 << DIST_SHIFT));
const DIAG = Math.round(1.4 * (1 << DIST_SHIFT));
const LONG = Math.round(2.1969 * (1 << DIST_SHIFT));
const INIT = 0x7fffffff;

/**
 * OpenCV's `cv2.distanceTransform(img, cv2.DIST_L2, 5)`: distance of every non-zero pixel to
 * the nearest zero pixel with the 5x5 chamfer mask (1, 1.4, 2.1969) in OpenCV's 16-bit fixed
 * point, one forward and one backward raster pass; pixels beyond the image never count as zero.
 *
 * Input: `height * width` uint8 values; output: a new Float32Array of distances (multiples of
 * 2^-16, as OpenCV's `t * (1 / 65536)` in float32).
 *
 * ```ts
 * const d = distanceTransform5x5(notEdges, 32, 32);
 * ```
 */
export function distanceTransform5x5(src: Uint8Array, height: number, width: number): Float32Array {
  if (!(src instanceof Uint8Array) || src.length !== height * width) {
    throw new RangeError(
      `Argument 'src' passed to 'distanceTransform5x5' must be a Uint8Array of ${height}*${width} values, got ${src?.length}`,
    );
  }
  const B = 2;
  const step = width + 2 * B;
  const t = new Float64Array((height + 2 * B) * step).fill(INIT);
  const at = (y: number, x: number): number => (y + B) * step + x + B;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const j = at(y, x);
      if (!src[y * width + x]) {
        t[j] = 0;
        continue;
      }
      let m = t[j - 2 * step - 1] + LONG;
      let c = t[j - 2 * step + 1] + LONG;
      if (c < m) m = c;
      c = t[j - step - 2] + LONG;
      if (c < m) m = c;
      c = t[j - step - 1] + DIAG;
      if (c < m) m = c;
      c = t[j - step] + HV;
      if (c < m) m = c;
      c = t[j - step + 1] + DIAG;
      if (c < m) m = c;
      c = t[j - step + 2] + LONG;
      if (c < m) m = c;
      c = t[j - 1] + HV;
      if (c < m) m = c;
      t[j] = m;
    }
  const out = new Float32Array(height * width);
  const scale = Math.fround(1 / (1 << DIST_SHIFT));
  for (let y = height - 1; y >= 0; y--)
    for (let x = width - 1; x >= 0; x--) {
      const j = at(y, x);
      let v = t[j];
      if (v !== 0) {
        let c = t[j + 2 * step + 1] + LONG;
        if (c < v) v = c;
        c = t[j + 2 * step - 1] + LONG;
        if (c < v) v = c;
        c = t[j + step + 2] + LONG;
        if (c < v) v = c;
        c = t[j + step + 1] + DIAG;
        if (c < v) v = c;
        c = t[j + step] + HV;
        if (c < v) v = c;
        c = t[j + step - 1] + DIAG;
        if (c < v) v = c;
        c = t[j + step - 2] + LONG;
        if (c < v) v = c;
        c = t[j + 1] + HV;
        if (c < v) v = c;
        t[j] = v;
      }
      out[y * width + x] = v * scale;
    }
  return out;
}
