import { gaussianFilter } from '../primitives/gaussian_filter.ts';
import { getAffineTransform } from '../primitives/get_affine_transform.ts';
import { mapCoordinates } from '../primitives/map_coordinates.ts';
import { warpAffine } from '../primitives/warp_affine.ts';
import type { CorruptionFn, Severity } from '../types.ts';

/**
 * `[alpha, sigma, shift]` in pixels per severity: 32 times the reference's fractions, evaluated
 * in double precision as Python does (32 * 0.07 = 2.2400000000000002).
 */
export const ELASTIC_PARAMS: Readonly<Record<Severity, readonly [number, number, number]>> = {
  1: [32 * 0, 32 * 0, 32 * 0.08],
  2: [32 * 0.05, 32 * 0.2, 32 * 0.07],
  3: [32 * 0.08, 32 * 0.06, 32 * 0.06],
  4: [32 * 0.1, 32 * 0.04, 32 * 0.05],
  5: [32 * 0.1, 32 * 0.03, 32 * 0.03],
};

const f32 = Math.fround;

/**
 * Elastic transform (CIFAR-10-C): x = image / 255 in float32. (1) Random affine: the points
 * (c + s, c + s), (c + s, c - s), (c - s, c - s) with c = size // 2, s = size // 3 (26/6 at 32
 * px) each move by U(-shift, shift) (one 3x2 draw, float32), `getAffineTransform` and
 * `warpAffine` (bilinear, reflect-101). (2) dx then dy = `gaussian(U(-1, 1) h x w, sigma,
 * mode 'reflect', truncate 3) * alpha` (float32), and the image is resampled at
 * (row + dy, col + dx) with `map_coordinates(order 1, mode 'reflect')`.
 * `out = clip(., 0, 1) * 255` in float32. Draws in the reference's order.
 * Severity 1..5: [alpha, sigma, shift] = [0, 0, 2.56], [1.6, 6.4, 2.24], [2.56, 1.92, 1.92],
 * [3.2, 1.28, 1.6], [3.2, 0.96, 0.96] (severity 1: affine only).
 *
 * Input: uint8 HWC RGB, at least 3x3 pixels; output: Float32Array of the same length, values in [0, 255].
 *
 * ```ts
 * const out = elasticTransform({ height: 32, width: 32, data }, 2, new RandomState(2));
 * ```
 */
export const elasticTransform: CorruptionFn = (image, severity, rng) => {
  const [alpha, sigma, shift] = ELASTIC_PARAMS[severity];
  const { height, width, data: src } = image;
  // Below 3 px the affine's three source points (c +- size // 3) coincide: no transform exists.
  if (height < 3 || width < 3)
    throw new RangeError(
      `Argument 'image' passed to 'elastic_transform' must be at least 3x3 pixels, got ${height}x${width}`,
    );
  const x = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) x[i] = src[i] / 255;

  const ch = Math.floor(height / 2);
  const cw = Math.floor(width / 2);
  const s = Math.floor(Math.min(height, width) / 3);
  const pts1 = [ch + s, cw + s, ch + s, cw - s, ch - s, cw - s];
  const pts2 = pts1.map((p) => f32(p + f32(-shift + 2 * shift * rng.randomSample())));
  const warped = warpAffine(x, height, width, 3, getAffineTransform(pts1, pts2));

  const n = height * width;
  const field = (): Float64Array => {
    const u = new Float64Array(n);
    for (let i = 0; i < n; i++) u[i] = -1 + 2 * rng.randomSample();
    const g = gaussianFilter(u, height, width, 1, sigma, { mode: 'reflect', truncate: 3 });
    for (let i = 0; i < n; i++) g[i] = f32(g[i] * alpha);
    return g;
  };
  const dx = field();
  const dy = field();
  const rows = new Float64Array(n);
  const cols = new Float64Array(n);
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++) {
      rows[r * width + c] = r + dy[r * width + c];
      cols[r * width + c] = c + dx[r * width + c];
    }
  const out = mapCoordinates(warped, height, width, 3, rows, cols);
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    out[i] = (v < 0 ? 0 : v > 1 ? 1 : v) * 255;
  }
  return out;
};
