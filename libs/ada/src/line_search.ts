import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { ssim } from '@ada/metrics';
import { chooseGamma } from './gamma_choice.ts';
import type { LineSearchGuard, RootRule } from './names.ts';

/** Options of `ssimLineSearch`; defaults as in the paper's Appendix G. */
export interface LineSearchOptions {
  /** SSIM threshold t. Default 0.3. */
  threshold?: number;
  /** Equally spaced gammas in [0, 1]. Default 9. */
  points?: number;
  /** Default 'feasible-closest-to-1' (see `RootRule`). */
  rootRule?: RootRule;
  /** Default 0.005. */
  rootTolerance?: number;
  /** Default 'measured' (see `LineSearchGuard`). */
  guard?: LineSearchGuard;
  /** Slack of the 'measured' guard below t. Default 0.01. */
  guardTolerance?: number;
}

/** What `ssimLineSearch` returns; `images` is a new tensor owned by the caller. */
export interface LineSearchResult {
  /** float32 [B, H, W, C]: x_gamma where the search fired, `xHat` bit for bit elsewhere. */
  images: Tensor4D;
  /** Per image: the gamma used (1 where the search did not fire). */
  gamma: Float64Array;
  /** Per image: whether SSIM(x, xHat) < t. */
  fired: boolean[];
  /** Per image: SSIM(x, xHat) before the search. */
  ssimBefore: Float64Array;
  /** Per image: SSIM(x, output). */
  ssimAfter: Float64Array;
}

/**
 * The SSIM line search of AdA (Calian et al., 2022, Appendix G), batched. For every image whose
 * SSIM(x, x_hat) is below t, the blends x_gamma = (1 - gamma) x + gamma x_hat are evaluated at
 * `points` equally spaced gamma in [0, 1] in one SSIM call over all firing images and gammas;
 * a quadratic is fitted by least squares to SSIM(x, x_gamma) - t; its real roots are clipped to
 * [0, 1] and the one closest to 1 is kept (see `RootRule` for the feasibility filter of the
 * default rule). No iteration.
 *
 * Fallback when no root qualifies (no real root, or all dropped): the largest grid gamma whose
 * measured SSIM(x, x_gamma) >= t, i.e. the most corrupted feasible grid point (gamma = 0, the
 * clean image, when none is; it always is for t <= 1 since SSIM(x, x) = 1).
 *
 * Guard (`guard: 'measured'`, default; a documented deviation): SSIM(x, x_gamma) is far from
 * quadratic in gamma for strong corruptions (it falls like 1 / (1 + c gamma^2) for noise), so the
 * fitted root can land well below or above t. The SSIM at the chosen gamma is measured (one more
 * batched call); where it is below t - `guardTolerance`, or where a larger grid gamma was
 * measured feasible, that grid gamma is used instead. `guard: 'none'` is the paper's rule alone.
 *
 * @param x clean images, float32 [B, H, W, C] in [0, 1], H and W >= 11.
 * @param xHat corrupted images, same shape.
 *
 * ```ts
 * const { images, gamma, fired } = ssimLineSearch(x, xHat, { threshold: 0.3 });
 * ```
 */
export function ssimLineSearch(
  x: Tensor4D,
  xHat: Tensor4D,
  options: LineSearchOptions = {},
): LineSearchResult {
  const t = options.threshold ?? 0.3;
  const n = options.points ?? 9;
  const rule = options.rootRule ?? 'feasible-closest-to-1';
  const tol = options.rootTolerance ?? 0.005;
  const guard = options.guard ?? 'measured';
  const guardTol = options.guardTolerance ?? 0.01;
  if (!Number.isInteger(n) || n < 3) {
    throw new RangeError(
      `Option 'points' passed to 'ssimLineSearch' must be an integer >= 3, got ${n}`,
    );
  }
  if (!x.shape.every((d, i) => d === xHat.shape[i]) || x.rank !== 4) {
    throw new Error(
      `Arguments 'x' and 'xHat' passed to 'ssimLineSearch' must both be [B,H,W,C] of one shape, got [${x.shape}] and [${xHat.shape}]`,
    );
  }
  const batch = x.shape[0];
  const before = Float64Array.from(tf.tidy(() => ssim(x, xHat).dataSync()));
  const fired = Array.from(before, (s) => s < t);
  const firing = fired.flatMap((f, i) => (f ? [i] : []));
  const gamma = new Float64Array(batch).fill(1);
  if (firing.length === 0) {
    return { images: tf.clone(xHat), gamma, fired, ssimBefore: before, ssimAfter: before.slice() };
  }
  const grid = Array.from({ length: n }, (_, k) => k / (n - 1));
  const f = firing.length;
  const measured = tf.tidy(() => {
    const idx = tf.tensor1d(firing, 'int32');
    const xf = tf.gather(x, idx);
    const hf = tf.gather(xHat, idx);
    const g = tf.tensor(grid, [n, 1, 1, 1, 1], 'float32');
    const blends = tf.add(tf.expandDims(xf, 0), tf.mul(g, tf.expandDims(tf.sub(hf, xf), 0)));
    const shape = [n * f, ...x.shape.slice(1)] as [number, number, number, number];
    const clean = tf.reshape(tf.tile(tf.expandDims(xf, 0), [n, 1, 1, 1, 1]), shape) as Tensor4D;
    return ssim(clean, tf.reshape(blends, shape) as Tensor4D); // [n * F], gamma-major
  });
  const s = measured.dataSync();
  measured.dispose();
  const series = new Float64Array(f * n); // image-major, minus t
  for (let j = 0; j < f; j++) for (let k = 0; k < n; k++) series[j * n + k] = s[k * f + j]! - t;
  const gridGamma = new Float64Array(f);
  for (let j = 0; j < f; j++) {
    const choice = chooseGamma(grid, series.subarray(j * n, (j + 1) * n), rule, tol);
    gamma[firing[j]!] = choice.gamma;
    gridGamma[j] = choice.gridGamma;
  }
  const blend = (): Tensor4D =>
    tf.tidy(() => {
      const g = tf.tensor(Float32Array.from(gamma), [batch, 1, 1, 1], 'float32');
      const blended = tf.add(x, tf.mul(g, tf.sub(xHat, x)));
      const mask = tf.tensor(
        Uint8Array.from(fired, (v) => (v ? 1 : 0)),
        [batch, 1, 1, 1],
        'bool',
      );
      return tf.where(tf.broadcastTo(mask, x.shape), blended, xHat) as Tensor4D;
    });
  let images = blend();
  let after = Float64Array.from(tf.tidy(() => ssim(x, images).dataSync()));
  if (guard === 'measured') {
    let changed = false;
    firing.forEach((b, j) => {
      if (after[b]! < t - guardTol || gridGamma[j]! > gamma[b]!) {
        gamma[b] = gridGamma[j]!;
        changed = true;
      }
    });
    if (changed) {
      images.dispose();
      images = blend();
      after = Float64Array.from(tf.tidy(() => ssim(x, images).dataSync()));
    }
  }
  return { images, gamma, fired, ssimBefore: before, ssimAfter: after };
}
