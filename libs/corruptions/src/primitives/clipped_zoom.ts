import { zoom, type FloatImage } from './zoom.ts';

/**
 * The reference's `clipped_zoom(img, z)` on a square HWC image of side n: central crop of side
 * `ch = ceil(n / z)` (top-left offset `(n - ch) // 2`), `zoom` by (z, z) with scipy's order-1
 * rules, then the central n x n of the result (offset `(size - n) // 2`). Used by zoom_blur and
 * snow; `factor >= 1`. Values are float64; apply `Math.fround` for the reference's float32 inputs.
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
  const ch = Math.ceil(size / factor);
  const top = Math.floor((size - ch) / 2);
  const crop = new Float64Array(ch * ch * channels);
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < ch; x++) {
      const sy = y + top;
      const sx = x + top;
      for (let c = 0; c < channels; c++) {
        crop[(y * ch + x) * channels + c] = src[(sy * size + sx) * channels + c];
      }
    }
  }
  const z = zoom(crop, ch, ch, channels, factor, factor);
  const trim = Math.floor((z.height - size) / 2);
  const data = new Float64Array(size * size * channels);
  for (let y = 0; y < size; y++) {
    const sy = y + trim;
    for (let x = 0; x < size; x++) {
      const sx = x + trim;
      for (let c = 0; c < channels; c++) {
        data[(y * size + x) * channels + c] = z.data[(sy * z.width + sx) * channels + c];
      }
    }
  }
  return { height: size, width: size, channels, data };
}
