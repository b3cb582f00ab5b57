import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { runInBatches, stepReporter } from './batches.ts';
import { checkAttackInputs, checkInt, checkRange } from './checks.ts';
import { margins } from './losses.ts';
import { createRng, deriveSeed, type Rng } from './rng.ts';
import type { AttackModel, AttackResult, CommonAttackOptions } from './types.ts';

/** Square attack settings (defaults: AutoAttack's standard version). */
export interface SquareOptions extends CommonAttackOptions {
  /** Model queries per example, the initial one included. Default 5000. */
  queries?: number;
  /** Initial fraction p of pixels a square covers. Default 0.8. */
  pInit?: number;
}

/**
 * Fraction of pixels changed at query `it` of `total`: p_init halved at 10, 50, 200, 500, 1000,
 * 2000, 4000, 6000, 8000 of a schedule rescaled to 10000 queries.
 */
export function squareP(pInit: number, it: number, total: number): number {
  const i = Math.floor((it / total) * 10000);
  const cuts = [10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000];
  let halvings = 0;
  for (const c of cuts) if (i > c) halvings += 1;
  return pInit / 2 ** halvings;
}

/**
 * Square attack (Andriushchenko et al. 2020), score-based (forward passes only): random search
 * that changes one square window per example and query and keeps a change when the margin
 * z_y - max_{i != y} z_i decreases; an example is fooled once its margin is <= 0. l_inf: vertical
 * stripes of +-eps to start, windows set to x +- eps per channel. l_2: the centred
 * "meta pseudo-Gaussian" blocks to start, then windows that move mass between two squares and
 * keep the perturbation on the eps-sphere (clipped to [0, 1]).
 * images float32 [N, H, W, C] in [0, 1] (H, W >= 2), labels N class indices.
 *
 * ```ts
 * const r = square(classifier, x, labels, { norm: 'linf', eps: 8 / 255, queries: 1000 });
 * ```
 */
export function square(
  model: AttackModel,
  images: Tensor4D,
  labels: readonly number[],
  options: SquareOptions,
): AttackResult {
  checkAttackInputs('square', images, labels, options);
  checkInt('square', 'options.queries', options.queries, 1);
  checkRange('square', 'options.pInit', options.pInit, Number.MIN_VALUE, 1);
  const [, h, w] = images.shape;
  if (h < 2 || w < 2) {
    throw new RangeError(
      `Argument 'images' passed to 'square' must be at least 2x2 pixels, got ${h}x${w}`,
    );
  }
  const queries = options.queries ?? 5000;
  const pInit = options.pInit ?? 0.8;
  const seed = options.seed ?? 0;
  return runInBatches(images, labels, options.batchSize, (x, y, batch, batches) => {
    const rng = createRng(deriveSeed(seed, batch));
    const report = stepReporter(options.onProgress, 'square', {
      batch,
      batches,
      steps: queries,
      examples: y.length,
    });
    const [n, , , c] = x.shape;
    const d = h * w * c;
    const clean = x.dataSync() as Float32Array;
    const best = new Float32Array(clean.length);
    for (let b = 0; b < n; b++) {
      const xi = clean.subarray(b * d, (b + 1) * d);
      const out = best.subarray(b * d, (b + 1) * d);
      if (options.norm === 'linf') initLinf(xi, out, h, w, c, options.eps, rng);
      else initL2(xi, out, h, w, c, options.eps, rng);
    }
    const evaluate = (data: Float32Array, rows: number[]): Float32Array => {
      // `data` holds the images of `rows`, in that order.
      const logits = tf.tidy(
        () =>
          model
            .apply(tf.tensor4d(data, [rows.length, h, w, c]), { training: false })
            .dataSync() as Float32Array,
      );
      return margins(
        logits,
        rows.map((b) => y[b]!),
        logits.length / rows.length,
      );
    };
    const all = Array.from({ length: n }, (_, b) => b);
    const marginBest = evaluate(best, all);
    let forwardEvaluations = n;
    for (let it = 1; it < queries; it++) {
      const active = all.filter((b) => marginBest[b]! > 0);
      if (active.length === 0) break;
      const p = squareP(pInit, it, queries);
      const candidates = new Float32Array(active.length * d);
      active.forEach((b, j) => {
        const xi = clean.subarray(b * d, (b + 1) * d);
        const cur = best.subarray(b * d, (b + 1) * d);
        const out = candidates.subarray(j * d, (j + 1) * d);
        if (options.norm === 'linf') stepLinf(xi, cur, out, h, w, c, options.eps, p, rng);
        else stepL2(xi, cur, out, h, w, c, options.eps, p, rng);
      });
      const m = evaluate(candidates, active);
      forwardEvaluations += active.length;
      active.forEach((b, j) => {
        if (m[j]! < marginBest[b]!) {
          marginBest[b] = m[j]!;
          best.set(candidates.subarray(j * d, (j + 1) * d), b * d);
        }
      });
      report(it + 1, all.filter((b) => marginBest[b]! <= 0).length);
    }
    const fooled = Array.from(marginBest, (m) => m <= 0);
    return {
      adversarial: tf.tensor4d(best, [n, h, w, c]),
      fooled,
      gradientEvaluations: 0,
      forwardEvaluations,
    };
  });
}

const clip01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

/** Vertical stripes: x + eps * s[col, channel], s = +-1, clipped to [0, 1]. */
function initLinf(
  x: Float32Array,
  out: Float32Array,
  h: number,
  w: number,
  c: number,
  eps: number,
  rng: Rng,
): void {
  const signs = Array.from({ length: w * c }, () => rng.sign());
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      for (let k = 0; k < c; k++) {
        const at = (i * w + j) * c + k;
        out[at] = clip01(x[at]! + eps * signs[j * c + k]!);
      }
    }
  }
}

/** Side of the square window for fraction p of the image: round(sqrt(p h w)), in [1, h - 1]. */
function windowSide(p: number, h: number, w: number, min: number): number {
  const s = Math.max(Math.round(Math.sqrt(p * h * w)), min);
  return Math.max(1, Math.min(s, Math.min(h, w) - 1));
}

/**
 * One l_inf proposal: a random s x s window set to x + eps * sign (one sign per channel), the
 * rest as `cur`. Signs are redrawn (up to 16 times) when they would not change the window.
 */
function stepLinf(
  x: Float32Array,
  cur: Float32Array,
  out: Float32Array,
  h: number,
  w: number,
  c: number,
  eps: number,
  p: number,
  rng: Rng,
): void {
  const s = windowSide(p, h, w, 1);
  const vh = rng.int(0, h - s + 1);
  const vw = rng.int(0, w - s + 1);
  out.set(cur);
  let signs: number[] = [];
  for (let attempt = 0; attempt < 16; attempt++) {
    signs = Array.from({ length: c }, () => rng.sign());
    let changes = false;
    for (let i = vh; i < vh + s && !changes; i++) {
      for (let j = vw; j < vw + s && !changes; j++) {
        for (let k = 0; k < c; k++) {
          const at = (i * w + j) * c + k;
          if (Math.abs(clip01(x[at]! + eps * signs[k]!) - cur[at]!) >= 1e-7) {
            changes = true;
            break;
          }
        }
      }
    }
    if (changes) break;
  }
  for (let i = vh; i < vh + s; i++) {
    for (let j = vw; j < vw + s; j++) {
      for (let k = 0; k < c; k++) {
        const at = (i * w + j) * c + k;
        out[at] = clip01(x[at]! + eps * signs[k]!);
      }
    }
  }
}

/** Centred pattern of nested rectangles weighted 1 / (r + 1)^2, unit l_2 norm, [rows x cols]. */
export function pseudoGaussian(rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  const cx = Math.floor(rows / 2);
  const cy = Math.floor(cols / 2);
  for (let r = 0; r <= Math.max(cx, cy); r++) {
    const weight = 1 / (r + 1) ** 2;
    for (let i = Math.max(cx - r, 0); i < Math.min(cx - r + 2 * r + 1, rows); i++) {
      for (let j = Math.max(cy - r, 0); j < Math.min(cy - r + 2 * r + 1, cols); j++) {
        out[i * cols + j]! += weight;
      }
    }
  }
  normalise(out);
  return out;
}

/** s x s: two pseudo-Gaussian halves of opposite sign, unit norm, randomly transposed. */
export function metaPseudoGaussian(s: number, rng: Rng): Float64Array {
  const out = new Float64Array(s * s);
  const top = Math.floor(s / 2);
  const a = pseudoGaussian(top, s);
  const b = pseudoGaussian(s - top, s);
  out.set(a, 0);
  for (let i = 0; i < b.length; i++) out[top * s + i] = -b[i]!;
  normalise(out);
  if (rng.uniform() > 0.5) {
    const t = new Float64Array(s * s);
    for (let i = 0; i < s; i++) for (let j = 0; j < s; j++) t[j * s + i] = out[i * s + j]!;
    return t;
  }
  return out;
}

function normalise(v: Float64Array): void {
  let sq = 0;
  for (const e of v) sq += e * e;
  const n = Math.sqrt(sq);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
}

/** l_2 start: a grid of s x s meta pseudo-Gaussian blocks (s = h / 5), random sign per block and channel, scaled to eps. */
function initL2(
  x: Float32Array,
  out: Float32Array,
  h: number,
  w: number,
  c: number,
  eps: number,
  rng: Rng,
): void {
  const delta = new Float64Array(h * w * c);
  const s = Math.max(1, Math.floor(h / 5));
  const start = Math.floor((h - s * 5) / 2);
  for (let vh = start, bi = 0; bi < Math.floor(h / s); bi++, vh += s) {
    for (let vw = start, bj = 0; bj < Math.floor(w / s); bj++, vw += s) {
      const block = metaPseudoGaussian(s, rng);
      const signs = Array.from({ length: c }, () => rng.sign());
      for (let i = 0; i < s; i++) {
        for (let j = 0; j < s; j++) {
          if (vh + i < 0 || vh + i >= h || vw + j < 0 || vw + j >= w) continue;
          for (let k = 0; k < c; k++) {
            delta[((vh + i) * w + vw + j) * c + k]! += block[i * s + j]! * signs[k]!;
          }
        }
      }
    }
  }
  writeOnSphere(x, delta, out, eps);
}

/** out = clip(x + eps * delta / ||delta||, 0, 1). */
function writeOnSphere(x: Float32Array, delta: Float64Array, out: Float32Array, eps: number): void {
  let sq = 0;
  for (const e of delta) sq += e * e;
  const scale = sq > 0 ? eps / Math.sqrt(sq) : 0;
  for (let i = 0; i < delta.length; i++) out[i] = clip01(x[i]! + delta[i]! * scale);
}

/**
 * One l_2 proposal (AutoAttack's update): window 1 (side s, odd, >= 3 where the image allows)
 * gets a fresh meta pseudo-Gaussian block per channel plus its old content, renormalised so the
 * mass of windows 1 and 2 and the unused budget eps^2 - ||delta||^2 are spent there; window 2
 * is zeroed; the whole perturbation is rescaled to norm eps and clipped to [0, 1].
 */
function stepL2(
  x: Float32Array,
  cur: Float32Array,
  out: Float32Array,
  h: number,
  w: number,
  c: number,
  eps: number,
  p: number,
  rng: Rng,
): void {
  let s = windowSide(p, h, w, 3);
  if (s % 2 === 0) s = s + 1 <= Math.min(h, w) - 1 ? s + 1 : Math.max(1, s - 1);
  const vh = rng.int(0, h - s + 1);
  const vw = rng.int(0, w - s + 1);
  const vh2 = rng.int(0, h - s + 1);
  const vw2 = rng.int(0, w - s + 1);
  const delta = new Float64Array(h * w * c);
  let normImage = 0;
  for (let i = 0; i < delta.length; i++) {
    delta[i] = cur[i]! - x[i]!;
    normImage += delta[i]! * delta[i]!;
  }
  const inside = (i: number, j: number, a: number, b: number) =>
    i >= a && i < a + s && j >= b && j < b + s;
  let normWindows = 0;
  const normWindow1 = new Float64Array(c);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const in1 = inside(i, j, vh, vw);
      if (!in1 && !inside(i, j, vh2, vw2)) continue;
      for (let k = 0; k < c; k++) {
        const v = delta[(i * w + j) * c + k]!;
        normWindows += v * v;
        if (in1) normWindow1[k]! += v * v;
      }
    }
  }
  const budget = Math.max(eps * eps - normImage, 0) / c + normWindows;
  const block = metaPseudoGaussian(s, rng);
  const fresh = new Float64Array(s * s * c);
  for (let k = 0; k < c; k++) {
    const sign = rng.sign();
    const old = Math.sqrt(normWindow1[k]!) + 1e-12;
    let sq = 0;
    for (let i = 0; i < s; i++) {
      for (let j = 0; j < s; j++) {
        const v = block[i * s + j]! * sign + delta[((vh + i) * w + vw + j) * c + k]! / old;
        fresh[(i * s + j) * c + k] = v;
        sq += v * v;
      }
    }
    const scale = Math.sqrt(budget) / (Math.sqrt(sq) + 1e-12);
    for (let i = 0; i < s * s; i++) fresh[i * c + k]! *= scale;
  }
  for (let i = vh2; i < vh2 + s; i++) {
    for (let j = vw2; j < vw2 + s; j++) {
      for (let k = 0; k < c; k++) delta[(i * w + j) * c + k] = 0;
    }
  }
  for (let i = 0; i < s; i++) {
    for (let j = 0; j < s; j++) {
      for (let k = 0; k < c; k++) {
        delta[((vh + i) * w + vw + j) * c + k] = fresh[(i * s + j) * c + k]!;
      }
    }
  }
  writeOnSphere(x, delta, out, eps);
}
