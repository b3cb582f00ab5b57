import { extendIndex, type BorderMode } from './extend_index.ts';

export interface GaussianFilterOptions {
  /** Border handling, scipy names; default `'nearest'` (scikit-image `gaussian`'s default). */
  mode?: BorderMode;
  /** Kernel radius = `int(truncate * sigma + 0.5)`; default 4 (scipy's default). */
  truncate?: number;
  /** Fill value for `'constant'`; default 0. */
  cval?: number;
}

/**
 * scipy's normalised 1-D Gaussian taps for `sigma` and `radius`, `exp(-0.5 / sigma^2 * x^2)` for
 * x = -radius..radius divided by their sum (`scipy.ndimage._gaussian_kernel1d`, order 0).
 */
export function gaussianKernel1d(sigma: number, radius: number): Float64Array {
  const w = new Float64Array(2 * radius + 1);
  const k = -0.5 / (sigma * sigma);
  let sum = 0;
  for (let x = -radius; x <= radius; x++) {
    w[x + radius] = Math.exp(k * x * x);
    sum += w[x + radius];
  }
  for (let i = 0; i < w.length; i++) w[i] /= sum;
  return w;
}

/**
 * Gaussian blur of an HWC image over its two spatial axes, channels independent: what
 * `scipy.ndimage.gaussian_filter(img, (sigma, sigma, 0), mode, truncate=truncate)` and
 * scikit-image's `gaussian(img, sigma, multichannel=True)` compute (rows first, then columns,
 * each a symmetric `correlate1d` summed in scipy's order, so results agree to the last bit or
 * nearly). Radius `int(truncate * sigma + 0.5)`; sigma 0 or a radius of 0 returns a copy.
 *
 * Input: `height * width * channels` values (any float or uint8 array, taken as float64);
 * output: a new Float64Array of the same layout.
 *
 * ```ts
 * const blurred = gaussianFilter(rgb01, 32, 32, 3, 0.7); // skimage gaussian(x, 0.7, multichannel=True)
 * ```
 */
export function gaussianFilter(
  src: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
  sigma: number,
  options: GaussianFilterOptions = {},
): Float64Array {
  if (src.length !== height * width * channels) {
    throw new RangeError(
      `Argument 'src' passed to 'gaussianFilter' must hold ${height}*${width}*${channels} values, got ${src.length}`,
    );
  }
  if (!(sigma >= 0) || !Number.isFinite(sigma)) {
    throw new RangeError(
      `Argument 'sigma' passed to 'gaussianFilter' must be finite and >= 0, got ${sigma}`,
    );
  }
  const mode = options.mode ?? 'nearest';
  const truncate = options.truncate ?? 4;
  const cval = options.cval ?? 0;
  const out = Float64Array.from(src);
  if (sigma <= 1e-15) return out;
  const radius = Math.trunc(truncate * sigma + 0.5);
  if (radius === 0) return out;
  const w = gaussianKernel1d(sigma, radius);
  const tmp = new Float64Array(Math.max(height, width) + 2 * radius);
  const rowStride = width * channels;
  // Rows (axis 0) first, then columns (axis 1), as scipy iterates the axes.
  const colLines = new Int32Array(rowStride);
  for (let k = 0; k < rowStride; k++) colLines[k] = k;
  correlateLines(out, height, rowStride, colLines, w, radius, mode, cval, tmp);
  const rowLines = new Int32Array(height * channels);
  for (let y = 0; y < height; y++)
    for (let c = 0; c < channels; c++) rowLines[y * channels + c] = y * rowStride + c;
  correlateLines(out, width, channels, rowLines, w, radius, mode, cval, tmp);
  return out;
}

/**
 * In-place symmetric 1-D correlation of the lines of length `n` and element stride `stride` that
 * start at `bases`. Each line is copied with its border extension into `tmp` first and summed as
 * scipy's `NI_Correlate1D` does for symmetric taps: `x[0] w[0] + sum_{j=r..1} (x[-j] + x[j]) w[j]`.
 */
function correlateLines(
  data: Float64Array,
  n: number,
  stride: number,
  bases: Int32Array,
  w: Float64Array,
  radius: number,
  mode: BorderMode,
  cval: number,
  tmp: Float64Array,
): void {
  const ext = new Int32Array(n + 2 * radius);
  for (let k = 0; k < ext.length; k++) ext[k] = extendIndex(k - radius, n, mode);
  for (const base of bases) {
    for (let k = 0; k < ext.length; k++) {
      const e = ext[k];
      tmp[k] = e < 0 ? cval : data[base + e * stride];
    }
    for (let i = 0; i < n; i++) {
      const centre = i + radius;
      let acc = tmp[centre] * w[radius];
      for (let j = radius; j > 0; j--) acc += (tmp[centre - j] + tmp[centre + j]) * w[radius - j];
      data[base + i * stride] = acc;
    }
  }
}
