/**
 * The SSIM window of Wang et al. (2004) as scikit-image builds it for `gaussian_weights=True`:
 * separable taps `exp(-x^2 / (2 sigma^2))` for x = -r..r with r = int(3.5 sigma + 0.5), normalised
 * to sum 1 (sigma 1.5 -> 11 taps).
 *
 * ```ts
 * gaussianTaps(1.5).length; // 11
 * ```
 */
export function gaussianTaps(sigma: number): Float64Array {
  if (!(sigma > 0) || !Number.isFinite(sigma)) {
    throw new RangeError(`Argument 'sigma' passed to 'gaussianTaps' must be > 0, got ${sigma}`);
  }
  const radius = Math.trunc(3.5 * sigma + 0.5);
  const taps = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp(-(i * i) / (2 * sigma * sigma));
    taps[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < taps.length; i++) taps[i] /= sum;
  return taps;
}

/**
 * The 'valid' filtering matrix of a 1-D window over a length-n signal: row o holds the taps at
 * columns o..o+k-1, shape [n - k + 1, n], row-major. Multiplying by it filters without padding,
 * which is exactly the interior that scikit-image keeps (it crops (k - 1) / 2 pixels per side
 * after filtering with a reflected border, and the interior never reaches the border).
 */
export function validFilterMatrix(taps: Float64Array, n: number): Float64Array {
  const k = taps.length;
  if (n < k) {
    throw new RangeError(
      `Argument 'n' passed to 'validFilterMatrix' must be >= the window size ${k}, got ${n}`,
    );
  }
  const out = n - k + 1;
  const m = new Float64Array(out * n);
  for (let o = 0; o < out; o++) for (let t = 0; t < k; t++) m[o * n + o + t] = taps[t];
  return m;
}
