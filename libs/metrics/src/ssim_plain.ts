import { gaussianTaps } from './ssim_window.ts';
import { resolveSsimOptions, type SsimOptions } from './ssim_options.ts';

/**
 * SSIM (Wang et al., 2004) in plain JavaScript with Float64 arithmetic, for callers without
 * TensorFlow.js (CLI, services, tests as a reference). Same definition as `ssim`: Gaussian window
 * (sigma 1.5, 11x11), population (co)variances, K1 0.01, K2 0.03, L = 1, mean over the interior
 * (5 px cropped per side), then over channels.
 *
 * @param a NHWC values, flat, C order, in [0, dataRange].
 * @param b same length as `a`.
 * @param shape [B, H, W, C].
 * @returns one SSIM per image, Float64Array of length B.
 *
 * ```ts
 * const s = ssimPlain(x.data, y.data, [n, 32, 32, 3]);
 * ```
 */
export function ssimPlain(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  shape: readonly [number, number, number, number],
  options?: SsimOptions,
): Float64Array {
  const o = resolveSsimOptions(options, 'ssimPlain');
  const [batch, h, w, c] = shape;
  if (shape.length !== 4 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(
      `Argument 'shape' passed to 'ssimPlain' must be [B, H, W, C] of positive integers, got [${shape}]`,
    );
  }
  const size = batch * h * w * c;
  if (a.length !== size) {
    throw new Error(
      `Argument 'a' passed to 'ssimPlain' must have ${size} values for shape [${shape}], got ${a.length}`,
    );
  }
  if (b.length !== size) {
    throw new Error(
      `Argument 'b' passed to 'ssimPlain' must have ${size} values for shape [${shape}], got ${b.length}`,
    );
  }
  const taps = gaussianTaps(o.sigma);
  const k = taps.length;
  if (h < k || w < k) {
    throw new Error(
      `Argument 'shape' passed to 'ssimPlain' must be at least ${k}x${k} (the window), got ${h}x${w}`,
    );
  }
  const hOut = h - k + 1;
  const wOut = w - k + 1;
  const c1 = (o.k1 * o.dataRange) ** 2;
  const c2 = (o.k2 * o.dataRange) ** 2;
  const out = new Float64Array(batch);
  // Five planes (x, y, x^2, y^2, xy) of one channel, filtered along W then along H.
  const planes = Array.from({ length: 5 }, () => new Float64Array(h * w));
  const rowPass = Array.from({ length: 5 }, () => new Float64Array(h * wOut));
  const full = Array.from({ length: 5 }, () => new Float64Array(hOut * wOut));
  for (let n = 0; n < batch; n++) {
    let total = 0;
    for (let ch = 0; ch < c; ch++) {
      for (let i = 0; i < h * w; i++) {
        const idx = (n * h * w + i) * c + ch;
        const x = a[idx];
        const y = b[idx];
        planes[0][i] = x;
        planes[1][i] = y;
        planes[2][i] = x * x;
        planes[3][i] = y * y;
        planes[4][i] = x * y;
      }
      for (let p = 0; p < 5; p++) {
        const src = planes[p];
        const mid = rowPass[p];
        const dst = full[p];
        for (let r = 0; r < h; r++) {
          for (let q = 0; q < wOut; q++) {
            let s = 0;
            for (let t = 0; t < k; t++) s += taps[t] * src[r * w + q + t];
            mid[r * wOut + q] = s;
          }
        }
        for (let r = 0; r < hOut; r++) {
          for (let q = 0; q < wOut; q++) {
            let s = 0;
            for (let t = 0; t < k; t++) s += taps[t] * mid[(r + t) * wOut + q];
            dst[r * wOut + q] = s;
          }
        }
      }
      let sum = 0;
      for (let i = 0; i < hOut * wOut; i++) {
        const mx = full[0][i];
        const my = full[1][i];
        const vx = full[2][i] - mx * mx;
        const vy = full[3][i] - my * my;
        const cov = full[4][i] - mx * my;
        sum += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      }
      total += sum / (hOut * wOut);
    }
    out[n] = total / c;
  }
  return out;
}
