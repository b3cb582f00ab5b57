/**
 * Least-squares fit of a quadratic p(g) = a g^2 + b g + c to samples (g_k, f_k), k = 0..n-1, for
 * many series at once, in Float64 on the host. Used by the SSIM line search on the 9 values of
 * SSIM(x, x_gamma) - t of every image.
 *
 * @param g the n sample positions (n >= 3, not all equal).
 * @param f the values, series after series: f[s * n + k] is series s at g[k].
 * @returns [a, b, c] per series, flat: coefficients of series s at 3s..3s+2.
 *
 * ```ts
 * fitQuadratics([0, 0.5, 1], [1, 0.25, 0]); // [1, -2, 1]: (g - 1)^2
 * ```
 */
export function fitQuadratics(g: readonly number[], f: ArrayLike<number>): Float64Array {
  const n = g.length;
  if (n < 3)
    throw new RangeError(`Argument 'g' passed to 'fitQuadratics' must have >= 3 points, got ${n}`);
  if (f.length % n !== 0) {
    throw new RangeError(
      `Argument 'f' passed to 'fitQuadratics' must hold a multiple of ${n} values, got ${f.length}`,
    );
  }
  // Normal equations (V^T V) coef = V^T f with V = [g^2, g, 1]; V^T V is 3x3, inverted once.
  const m = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const basis = (x: number): [number, number, number] => [x * x, x, 1];
  for (const x of g) {
    const v = basis(x);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) m[i]![j]! += v[i]! * v[j]!;
  }
  const inv = invert3(m);
  const series = f.length / n;
  const out = new Float64Array(series * 3);
  for (let s = 0; s < series; s++) {
    const rhs = [0, 0, 0];
    for (let k = 0; k < n; k++) {
      const v = basis(g[k]!);
      for (let i = 0; i < 3; i++) rhs[i]! += v[i]! * f[s * n + k]!;
    }
    for (let i = 0; i < 3; i++)
      out[s * 3 + i] = inv[i]![0]! * rhs[0]! + inv[i]![1]! * rhs[1]! + inv[i]![2]! * rhs[2]!;
  }
  return out;
}

/**
 * Real roots of a g^2 + b g + c (degree dropping to linear or constant when leading coefficients
 * vanish relative to the others); [] when there is none.
 */
export function realRoots(a: number, b: number, c: number): number[] {
  const scale = Math.max(Math.abs(a), Math.abs(b), Math.abs(c));
  if (scale === 0) return [];
  if (Math.abs(a) <= 1e-12 * scale) return Math.abs(b) <= 1e-12 * scale ? [] : [-c / b];
  const disc = b * b - 4 * a * c;
  if (disc < 0) return [];
  // Numerically stable form: q = -(b + sign(b) sqrt(disc)) / 2, roots q / a and c / q.
  const q = -0.5 * (b + (b >= 0 ? 1 : -1) * Math.sqrt(disc));
  return q === 0 ? [0] : [q / a, c / q];
}

function invert3(m: number[][]): number[][] {
  const [a, b, c] = m[0]! as [number, number, number];
  const [d, e, f] = m[1]! as [number, number, number];
  const [g, h, i] = m[2]! as [number, number, number];
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-300)
    throw new RangeError('fitQuadratics: the sample positions must not all be equal');
  return [
    [A / det, -(b * i - c * h) / det, (b * f - c * e) / det],
    [B / det, (a * i - c * g) / det, -(a * f - c * d) / det],
    [C / det, -(a * h - b * g) / det, (a * e - b * d) / det],
  ];
}
