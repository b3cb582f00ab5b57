import { extendIndex } from './extend_index.ts';

/**
 * OpenCV's `cv2.blur(img, (3, 3))` (normalised box filter, border reflect-101) on a
 * single-channel image, with OpenCV's arithmetic per input type: a Uint8Array gives uint8 output
 * rounded with its fixed-point divide `((s + 4) * 7282) >> 16`; a Float32Array gives
 * `float32(sum * (1 / 9))` with the sum in float64.
 *
 * Input: `height * width` values; output: a new array of the input's type.
 *
 * ```ts
 * const b = boxBlur3x3(dist, 32, 32); // Float32Array
 * ```
 */
export function boxBlur3x3<T extends Uint8Array | Float32Array>(
  src: T,
  height: number,
  width: number,
): T {
  if (
    !(src instanceof Uint8Array || src instanceof Float32Array) ||
    src.length !== height * width
  ) {
    throw new RangeError(
      `Argument 'src' passed to 'boxBlur3x3' must be a Uint8Array or Float32Array of ${height}*${width} values, got ${src?.length}`,
    );
  }
  const isU8 = src instanceof Uint8Array;
  const out = (isU8 ? new Uint8Array(src.length) : new Float32Array(src.length)) as T;
  const cols = new Int32Array(width + 2);
  for (let x = -1; x <= width; x++) cols[x + 1] = extendIndex(x, width, 'mirror');
  for (let y = 0; y < height; y++) {
    const r0 = extendIndex(y - 1, height, 'mirror') * width;
    const r1 = y * width;
    const r2 = extendIndex(y + 1, height, 'mirror') * width;
    for (let x = 0; x < width; x++) {
      const xa = cols[x];
      const xb = cols[x + 2];
      // Row sums first, then the column sum, as OpenCV's separable box filter.
      const s =
        src[r0 + xa] +
        src[r0 + x] +
        src[r0 + xb] +
        (src[r1 + xa] + src[r1 + x] + src[r1 + xb]) +
        (src[r2 + xa] + src[r2 + x] + src[r2 + xb]);
      out[y * width + x] = isU8 ? ((s + 4) * 7282) >>> 16 : s * (1 / 9);
    }
  }
  return out;
}
