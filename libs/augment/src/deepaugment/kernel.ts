/**
 * A convolution layer's parameters as plain arrays, in TensorFlow.js layout: `weight` is HWIO
 * `[kh, kw, in, out]` (row-major), `bias` is `[out]` or null. The DeepAugment perturbations
 * edit these copies; the reference's PyTorch code indexes `[out, in, kh, kw]`, so its dim 0
 * (filters) is our axis 3, its dims (2, 3) are our axes (0, 1).
 */
export interface ConvKernel {
  readonly kh: number;
  readonly kw: number;
  readonly cin: number;
  readonly cout: number;
  weight: Float32Array;
  bias: Float32Array | null;
}

/** Flat index of weight[y][x][i][o]. */
export function kidx(k: ConvKernel, y: number, x: number, i: number, o: number): number {
  return ((y * k.kw + x) * k.cin + i) * k.cout + o;
}

/** Applies `f` to every weight of output filter `o` (all taps, all input channels). */
export function forFilter(k: ConvKernel, o: number, f: (v: number) => number): void {
  for (let y = 0; y < k.kh; y++) {
    for (let x = 0; x < k.kw; x++) {
      for (let i = 0; i < k.cin; i++) {
        const j = kidx(k, y, x, i, o);
        k.weight[j] = f(k.weight[j]!);
      }
    }
  }
}

/** Reverses the order of the output filters (weight and bias): torch.flip(w, (0,)). */
export function flipFilters(k: ConvKernel): void {
  const w = k.weight.slice();
  for (let y = 0; y < k.kh; y++)
    for (let x = 0; x < k.kw; x++)
      for (let i = 0; i < k.cin; i++)
        for (let o = 0; o < k.cout; o++)
          k.weight[kidx(k, y, x, i, o)] = w[kidx(k, y, x, i, k.cout - 1 - o)]!;
  if (k.bias) k.bias.reverse();
}

/** Mirrors every kernel left-right: torch.flip(w, (-1,)). */
export function flipKernelsHorizontally(k: ConvKernel): void {
  const w = k.weight.slice();
  for (let y = 0; y < k.kh; y++)
    for (let x = 0; x < k.kw; x++)
      for (let i = 0; i < k.cin; i++)
        for (let o = 0; o < k.cout; o++)
          k.weight[kidx(k, y, x, i, o)] = w[kidx(k, y, k.kw - 1 - x, i, o)]!;
}

/**
 * torch.rot90(w, times, dims=(2, 3)) on [out, in, kh, kw]: rotates every square kernel by
 * 90 degrees `times` times (from the kh axis towards the kw axis).
 */
export function rot90Spatial(k: ConvKernel, times: number): void {
  if (k.kh !== k.kw) return;
  const n = k.kh;
  for (let t = 0; t < ((times % 4) + 4) % 4; t++) {
    const w = k.weight.slice();
    // rot90 on dims (a, b): out[p][q] = in[q][n - 1 - p]
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++)
        for (let i = 0; i < k.cin; i++)
          for (let o = 0; o < k.cout; o++)
            k.weight[kidx(k, y, x, i, o)] = w[kidx(k, x, n - 1 - y, i, o)]!;
  }
}

/**
 * torch.rot90(w, times, dims=(0, 1)) on [out, in, kh, kw]: rotates the (out, in) channel
 * matrix of every tap; only defined for square layers (in = out), others are left as they are.
 */
export function rot90Channels(k: ConvKernel, times: number): void {
  if (k.cin !== k.cout) return;
  const n = k.cout;
  for (let t = 0; t < ((times % 4) + 4) % 4; t++) {
    const w = k.weight.slice();
    // out[o][i] = in[i][n - 1 - o]  (first index: out, second: in)
    for (let y = 0; y < k.kh; y++)
      for (let x = 0; x < k.kw; x++)
        for (let i = 0; i < n; i++)
          for (let o = 0; o < n; o++)
            k.weight[kidx(k, y, x, i, o)] = w[kidx(k, y, x, n - 1 - o, i)]!;
  }
}

/** Multiplies every kernel by a kh x kw mask (row-major), as `w * mask.view(1, 1, kh, kw)`. */
export function maskKernels(k: ConvKernel, mask: readonly number[]): void {
  if (mask.length !== k.kh * k.kw) return;
  for (let y = 0; y < k.kh; y++)
    for (let x = 0; x < k.kw; x++) {
      const m = mask[y * k.kw + x]!;
      for (let i = 0; i < k.cin; i++)
        for (let o = 0; o < k.cout; o++) k.weight[kidx(k, y, x, i, o)]! *= m;
    }
}

/**
 * `conv2d(w, z, padding=1)` of the reference, where the weight tensor [out, in, kh, kw] is read
 * as a batch of `out` images with `in` channels and `z` ([out, in, 3, 3] in the same PyTorch
 * layout, given as a function) is the filter bank: result[o][c] = sum_j corr(w[o][j], z[c][j]),
 * zero padded, same size. Only for square layers (in = out), which keeps the shape.
 */
export function convolveWeights(
  k: ConvKernel,
  z: (c: number, j: number, dy: number, dx: number) => number,
): void {
  if (k.cin !== k.cout) return;
  const w = k.weight.slice();
  const n = k.cout;
  const out = new Float32Array(w.length);
  for (let o = 0; o < n; o++)
    for (let c = 0; c < n; c++)
      for (let y = 0; y < k.kh; y++)
        for (let x = 0; x < k.kw; x++) {
          let s = 0;
          for (let j = 0; j < n; j++)
            for (let dy = 0; dy < 3; dy++) {
              const yy = y + dy - 1;
              if (yy < 0 || yy >= k.kh) continue;
              for (let dx = 0; dx < 3; dx++) {
                const xx = x + dx - 1;
                if (xx < 0 || xx >= k.kw) continue;
                // input image o, channel j = weight[o][j][yy][xx] = HWIO w[yy][xx][j][o]
                s += w[kidx(k, yy, xx, j, o)]! * z(c, j, dy, dx);
              }
            }
          // result [o][c][y][x] -> HWIO [y][x][c][o] (c is the new "in" index)
          out[kidx(k, y, x, c, o)] = s;
        }
  k.weight = out;
}

/** Keeps only the largest tap of every (out, in) kernel, zeroing the rest (torch.topk k=1). */
export function keepMaxTap(k: ConvKernel): void {
  for (let i = 0; i < k.cin; i++)
    for (let o = 0; o < k.cout; o++) {
      let best = -Infinity;
      let by = 0;
      let bx = 0;
      for (let y = 0; y < k.kh; y++)
        for (let x = 0; x < k.kw; x++) {
          const v = k.weight[kidx(k, y, x, i, o)]!;
          if (v > best) {
            best = v;
            by = y;
            bx = x;
          }
        }
      for (let y = 0; y < k.kh; y++)
        for (let x = 0; x < k.kw; x++) if (y !== by || x !== bx) k.weight[kidx(k, y, x, i, o)] = 0;
    }
}

/** GELU with the exact erf form PyTorch uses by default: x * Phi(x). */
export function gelu(x: number): number {
  return 0.5 * x * (1 + erf(x / Math.SQRT2));
}

/** erf(x) to about 1e-7 (Abramowitz and Stegun 7.1.26). */
function erf(x: number): number {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-a * a);
  return s * y;
}
