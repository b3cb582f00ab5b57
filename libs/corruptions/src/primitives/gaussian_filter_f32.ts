import { extendIndex, type BorderMode } from './extend_index.ts';
import { gaussianKernel1d } from './gaussian_filter.ts';

/**
 * scipy's `gaussian_filter` on a single-channel float32 image with a float32 output array, as
 * scikit-image's `gaussian` runs it for float32 input: each 1-D pass (rows axis, then columns)
 * sums in float64 in scipy's symmetric order and stores float32, so the second pass reads the
 * float32-rounded first pass. Radius `int(truncate * sigma + 0.5)`.
 *
 * Input: `height * width` values; output: a new Float32Array.
 *
 * ```ts
 * const m = gaussianFilterF32(mask, 32, 32, 0.6); // spatter's mud mask
 * ```
 */
export function gaussianFilterF32(
  src: ArrayLike<number>,
  height: number,
  width: number,
  sigma: number,
  mode: BorderMode = 'nearest',
  truncate = 4,
): Float32Array {
  if (src.length !== height * width) {
    throw new RangeError(
      `Argument 'src' passed to 'gaussianFilterF32' must hold ${height}*${width} values, got ${src.length}`,
    );
  }
  if (!(sigma >= 0) || !Number.isFinite(sigma)) {
    throw new RangeError(
      `Argument 'sigma' passed to 'gaussianFilterF32' must be finite and >= 0, got ${sigma}`,
    );
  }
  const out = Float32Array.from(src);
  const radius = Math.trunc(truncate * sigma + 0.5);
  if (sigma <= 1e-15 || radius === 0) return out;
  const w = gaussianKernel1d(sigma, radius);
  const pass = (n: number, stride: number, lines: number, lineStride: number): void => {
    const ext = new Int32Array(n + 2 * radius);
    for (let k = 0; k < ext.length; k++) ext[k] = extendIndex(k - radius, n, mode);
    const tmp = new Float64Array(ext.length);
    for (let l = 0; l < lines; l++) {
      const base = l * lineStride;
      for (let k = 0; k < ext.length; k++) tmp[k] = ext[k] < 0 ? 0 : out[base + ext[k] * stride];
      for (let i = 0; i < n; i++) {
        const c = i + radius;
        let acc = tmp[c] * w[radius];
        for (let j = radius; j > 0; j--) acc += (tmp[c - j] + tmp[c + j]) * w[radius - j];
        out[base + i * stride] = acc;
      }
    }
  };
  pass(height, width, width, 1); // axis 0: one line per column
  pass(width, 1, height, width); // axis 1: one line per row
  return out;
}
