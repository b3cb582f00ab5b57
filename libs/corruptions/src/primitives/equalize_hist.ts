/**
 * OpenCV's `cv2.equalizeHist` on a uint8 image: with i0 the smallest value present and n the
 * pixel count, `lut[i0] = 0` and `lut[i] = round(cumsum(hist)[i0+1..i] * (255 / (n - hist[i0])))`
 * computed in float32 and rounded half to even like `saturate_cast<uchar>`; a constant image is
 * returned unchanged.
 *
 * Input: uint8 values (any length); output: a new Uint8Array.
 *
 * ```ts
 * const eq = equalizeHist(distU8);
 * ```
 */
export function equalizeHist(src: Uint8Array): Uint8Array {
  if (!(src instanceof Uint8Array) || src.length === 0) {
    throw new RangeError(`Argument 'src' passed to 'equalizeHist' must be a non-empty Uint8Array`);
  }
  const hist = new Int32Array(256);
  for (let i = 0; i < src.length; i++) hist[src[i]]++;
  let i = 0;
  while (!hist[i]) i++;
  const total = src.length;
  if (hist[i] === total) return Uint8Array.from(src);
  const scale = Math.fround(255 / (total - hist[i]));
  const lut = new Uint8Array(256);
  let sum = 0;
  for (lut[i++] = 0; i < 256; i++) {
    sum += hist[i];
    const v = Math.fround(sum * scale);
    const r = Math.round(v);
    lut[i] = Math.min(255, r - v === 0.5 && r % 2 !== 0 ? r - 1 : r);
  }
  const out = new Uint8Array(total);
  for (let k = 0; k < total; k++) out[k] = lut[src[k]];
  return out;
}
