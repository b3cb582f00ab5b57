import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import { gaussianTaps, validFilterMatrix } from './ssim_window.ts';
import { resolveSsimOptions, type SsimOptions } from './ssim_options.ts';

/**
 * Structural similarity (Wang et al., 2004) of two image batches, one value per image pair,
 * differentiable with respect to both inputs.
 *
 * Matches scikit-image's `structural_similarity(a, b, gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False, data_range=1, channel_axis=-1)`: an 11x11 Gaussian window
 * (sigma 1.5, normalised), population (co)variances, C1 = (K1 L)^2, C2 = (K2 L)^2 with K1 = 0.01,
 * K2 = 0.03, L = 1; the SSIM map is averaged over the interior that lies half a window (5 px)
 * away from every border, then over channels. The interior never touches scipy's reflected
 * border, so the filtering here is a 'valid' separable filter written as two matrix products
 * (differentiable on every backend).
 *
 * @param a NHWC float32 [B, H, W, C], values in [0, dataRange]; H and W at least the window size.
 * @param b same shape as `a`.
 * @returns float32 [B]: SSIM per pair, in [-1, 1] (1 for identical images).
 *
 * ```ts
 * const s = ssim(clean, corrupted); // Tensor1D [B]
 * ```
 */
export function ssim(a: Tensor4D, b: Tensor4D, options?: SsimOptions): Tensor1D {
  const o = resolveSsimOptions(options, 'ssim');
  checkPair(a, b, o.sigma);
  const [batch, h, w] = a.shape;
  return tf.tidy(() => {
    const taps = gaussianTaps(o.sigma);
    const ghT = transposed(validFilterMatrix(taps, h), h - taps.length + 1, h);
    const gwT = transposed(validFilterMatrix(taps, w), w - taps.length + 1, w);
    const x = tf.cast(a, 'float32');
    const y = tf.cast(b, 'float32');
    const mul = (u: Tensor4D, v: Tensor4D): Tensor4D => tf.mul(u, v);
    const stacked = tf.concat4d([x, y, mul(x, x), mul(y, y), mul(x, y)], 0);
    const f = filterValid(stacked, ghT, gwT); // [5 * B, C * W' * H']
    const [muX, muY, xx, yy, xy] = tf.split(f, 5, 0);
    const c1 = (o.k1 * o.dataRange) ** 2;
    const c2 = (o.k2 * o.dataRange) ** 2;
    const muXX = tf.mul(muX, muX);
    const muYY = tf.mul(muY, muY);
    const muXY = tf.mul(muX, muY);
    const varX = tf.sub(xx, muXX);
    const varY = tf.sub(yy, muYY);
    const cov = tf.sub(xy, muXY);
    const num = tf.mul(tf.add(tf.mul(muXY, 2), c1), tf.add(tf.mul(cov, 2), c2));
    const den = tf.mul(tf.add(tf.add(muXX, muYY), c1), tf.add(tf.add(varX, varY), c2));
    return tf.reshape(tf.mean(tf.div(num, den), 1), [batch]) as Tensor1D;
  });
}

/** The [cols, rows] transpose of a row-major [rows, cols] matrix, as float32 (plain matMuls are the fast path on wasm). */
function transposed(values: Float64Array, rows: number, cols: number): Tensor2D {
  const t = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) t[c * rows + r] = values[r * cols + c]!;
  return tf.tensor2d(t, [cols, rows]);
}

/**
 * Separable 'valid' filtering of x [N, H, W, C] with the transposed filter matrices ghT [H, H']
 * and gwT [W, W']; returns [N, C * W' * H'] (layout irrelevant to the caller, who only averages).
 */
function filterValid(x: Tensor4D, ghT: Tensor2D, gwT: Tensor2D): Tensor2D {
  const [n, h, w, c] = x.shape;
  const hOut = ghT.shape[1];
  const wOut = gwT.shape[1];
  const rows = tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [n * c * h, w]);
  const alongW = tf.reshape(tf.matMul(rows, gwT), [n * c, h, wOut]);
  const cols = tf.reshape(tf.transpose(alongW, [0, 2, 1]), [n * c * wOut, h]);
  const alongH = tf.matMul(cols, ghT); // [N * C * W', H']
  return tf.reshape(alongH, [n, c * wOut * hOut]);
}

function checkPair(a: Tensor4D, b: Tensor4D, sigma: number): void {
  if (a.rank !== 4) {
    throw new Error(
      `Argument 'a' passed to 'ssim' must be rank 4 [B, H, W, C], got rank ${a.rank}`,
    );
  }
  if (b.rank !== 4) {
    throw new Error(
      `Argument 'b' passed to 'ssim' must be rank 4 [B, H, W, C], got rank ${b.rank}`,
    );
  }
  if (!a.shape.every((d, i) => d === b.shape[i])) {
    throw new Error(
      `Arguments 'a' and 'b' passed to 'ssim' must have the same shape, got [${a.shape}] and [${b.shape}]`,
    );
  }
  const win = 2 * Math.trunc(3.5 * sigma + 0.5) + 1;
  if (a.shape[1] < win || a.shape[2] < win) {
    throw new Error(
      `Argument 'a' passed to 'ssim' must be at least ${win}x${win} (the window), got ${a.shape[1]}x${a.shape[2]}`,
    );
  }
}
