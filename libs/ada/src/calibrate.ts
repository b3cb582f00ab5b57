import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { ssim, summarize, type Summary } from '@ada/metrics';
import type { AdaAugmenter } from './augmenter.ts';
import type { AdaConfig } from './config.ts';
import type { ClassifierFn } from './inner_maximisation.ts';

/**
 * What `ada calibrate` can match to a target:
 * - `ssim-clean`: SSIM(x, AdA(x)), the paper's measure (it includes the corruption network's own
 *   reconstruction gap: rdn-slim-x2 scores 0.947 on demo images at beta = 0);
 * - `ssim-base`: SSIM(base, AdA(x)), base = the output at beta = 0 (c_phi(x), or x in residual
 *   form): the change the offsets make, measured against the unperturbed network's image;
 * - `ssim-residual`: SSIM(x, clip(x + AdA(x) - base)): the offsets' change applied to the clean
 *   image, i.e. the paper's SSIM for a network that is exactly the identity at beta = 0 (the
 *   default: the paper's EDSR is close to that);
 * - `l2-base`: ||AdA(x) - base||_2 per image (pixels in [0, 1]): SSIM barely registers smooth
 *   changes that a classifier sees;
 * - `accuracy`: the classifier's top-1 accuracy on AdA(x).
 */
export const CALIBRATION_METRICS = [
  'ssim-residual',
  'ssim-clean',
  'ssim-base',
  'l2-base',
  'accuracy',
] as const;
export type CalibrationMetric = (typeof CALIBRATION_METRICS)[number];

/** The strength of AdA at one setting, over a set of images. */
export interface StrengthPoint {
  nu: number;
  n: number;
  /** SSIM(x, AdA(x)) per image, summarised. */
  ssimClean: Summary;
  /** SSIM(base, AdA(x)). */
  ssimBase: Summary;
  /** SSIM(x, clip(x + AdA(x) - base)). */
  ssimResidual: Summary;
  /** Mean ||AdA(x) - base||_2 and ||AdA(x) - x||_2 (pixels in [0, 1]). */
  l2Base: number;
  l2Clean: number;
  /** Top-1 accuracy of the classifier on AdA(x), on base, and on x. */
  accuracy: number;
  baseAccuracy: number;
  cleanAccuracy: number;
  /** Images where the SSIM line search fired. */
  lineSearchFired: number;
}

export interface StrengthOptions {
  /** Images per `augment` call. Default 8. */
  batch?: number;
  /** Seed of the first batch; batch k uses seed + k * batch. Default 0. */
  seed?: number;
  onBatch?: (done: number, total: number) => void;
}

/**
 * Measures how strong AdA is at one config: runs `ada.augment` (the attack and, unless the config
 * turns it off, the SSIM line search) on every image against `classifier`, and compares AdA(x)
 * with the clean image x and with base, AdA's output at beta = 0 (c_phi(x) clipped to [0, 1], or
 * x itself with `config.residual`). See `CalibrationMetric` for what each number means.
 *
 * @param images clean images float32 [N, H, W, C] in [0, 1] (H, W >= 11).
 * @param labels N integer labels.
 *
 * ```ts
 * const p = measureAdaStrength(ada, x, labels, clf, { nu: 0.005, stepRule: 'l2-block' });
 * p.ssimResidual.mean; // 0.991
 * ```
 */
export function measureAdaStrength(
  ada: AdaAugmenter,
  images: Tensor4D,
  labels: readonly number[],
  classifier: ClassifierFn,
  config: AdaConfig,
  options: StrengthOptions = {},
): StrengthPoint {
  const n = images.shape[0];
  if (images.rank !== 4 || labels.length !== n || n === 0) {
    throw new Error(
      `Arguments 'images' and 'labels' passed to 'measureAdaStrength' must be [N,H,W,C] with N >= 1 and N labels, got [${images.shape}] and ${labels.length} labels`,
    );
  }
  const batch = options.batch ?? 8;
  if (!Number.isInteger(batch) || batch < 1) {
    throw new RangeError(
      `Option 'batch' passed to 'measureAdaStrength' must be an integer >= 1, got ${batch}`,
    );
  }
  const seed = options.seed ?? 0;
  const net = ada.network;
  const clean: number[] = [];
  const toBase: number[] = [];
  const residual: number[] = [];
  let l2Base = 0;
  let l2Clean = 0;
  let correct = 0;
  let baseCorrect = 0;
  let cleanCorrect = 0;
  let fired = 0;
  const hits = (logits: tf.Tensor, y: tf.Tensor): number =>
    tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'int32')).dataSync()[0]!);
  for (let start = 0; start < n; start += batch) {
    const size = Math.min(batch, n - start);
    const x = tf.slice(images, [start, 0, 0, 0], [size, -1, -1, -1]) as Tensor4D;
    const yList = labels.slice(start, start + size);
    const r = ada.augment(x, yList, classifier, config, (seed + start) >>> 0);
    for (const s of r.stats) if (s.lineSearchFired) fired++;
    const m = tf.tidy(() => {
      const y = tf.tensor1d(yList, 'int32');
      const base: Tensor4D = config.residual
        ? x
        : tf.clipByValue(net.apply(x, net.params, { perExample: false }), 0, 1);
      const out = r.images;
      const moved = tf.clipByValue(tf.add(x, tf.sub(out, base)), 0, 1) as Tensor4D;
      const norm = (a: Tensor4D, b: Tensor4D): Float32Array =>
        tf.sqrt(tf.sum(tf.square(tf.sub(a, b)), [1, 2, 3])).dataSync() as Float32Array;
      return {
        clean: ssim(x, out).dataSync(),
        base: ssim(base, out).dataSync(),
        residual: ssim(x, moved).dataSync(),
        l2Base: norm(out, base),
        l2Clean: norm(out, x),
        correct: hits(classifier(out), y),
        baseCorrect: hits(classifier(base), y),
        cleanCorrect: hits(classifier(x), y),
      };
    });
    tf.dispose([x, r.images]);
    clean.push(...m.clean);
    toBase.push(...m.base);
    residual.push(...m.residual);
    l2Base += m.l2Base.reduce((s, v) => s + v, 0);
    l2Clean += m.l2Clean.reduce((s, v) => s + v, 0);
    correct += m.correct;
    baseCorrect += m.baseCorrect;
    cleanCorrect += m.cleanCorrect;
    options.onBatch?.(start + size, n);
  }
  return {
    nu: config.nu ?? 0.015,
    n,
    ssimClean: summarize(clean),
    ssimBase: summarize(toBase),
    ssimResidual: summarize(residual),
    l2Base: l2Base / n,
    l2Clean: l2Clean / n,
    accuracy: correct / n,
    baseAccuracy: baseCorrect / n,
    cleanAccuracy: cleanCorrect / n,
    lineSearchFired: fired,
  };
}

/** The value of `metric` at a measured point (means for SSIM and l2). */
export function metricValue(point: StrengthPoint, metric: CalibrationMetric): number {
  switch (metric) {
    case 'ssim-clean':
      return point.ssimClean.mean;
    case 'ssim-base':
      return point.ssimBase.mean;
    case 'ssim-residual':
      return point.ssimResidual.mean;
    case 'l2-base':
      return point.l2Base;
    case 'accuracy':
      return point.accuracy;
    default: {
      const never: never = metric;
      throw new RangeError(`Unknown calibration metric '${String(never)}'`);
    }
  }
}

/** The nu `chooseNu` picked, and how. */
export interface NuChoice {
  nu: number;
  /**
   * `interpolated`: the target lies between two measured radii; nu is linear in between.
   * `exact`: a measured radius hit the target. `too-weak`: every radius left the metric on the
   * weak side of the target (nu = the largest measured; sweep larger radii). `too-strong`: every
   * radius passed it (nu = the smallest measured; sweep smaller radii).
   */
  how: 'interpolated' | 'exact' | 'too-weak' | 'too-strong';
}

/**
 * Picks nu so that the metric meets the target, from a sweep: the curve is taken in increasing
 * nu, and the first segment whose ends straddle the target gives nu by linear interpolation.
 * AdA gets stronger with nu: SSIM and accuracy fall, l2 rises (`l2-base` is the one metric where
 * larger is stronger).
 *
 * @param curve measured (nu, value) pairs, any order, distinct nu.
 *
 * ```ts
 * chooseNu([{ nu: 0.001, value: 0.995 }, { nu: 0.002, value: 0.985 }], 'ssim-residual', 0.99);
 * // { nu: 0.0015, how: 'interpolated' }
 * ```
 */
export function chooseNu(
  curve: ReadonlyArray<{ nu: number; value: number }>,
  metric: CalibrationMetric,
  target: number,
): NuChoice {
  if (curve.length === 0) {
    throw new RangeError(`Argument 'curve' passed to 'chooseNu' must not be empty`);
  }
  if (!Number.isFinite(target)) {
    throw new RangeError(`Argument 'target' passed to 'chooseNu' must be finite, got ${target}`);
  }
  const sorted = [...curve].sort((a, b) => a.nu - b.nu);
  // Strength on one scale: s(v) > 0 means stronger than the target.
  const sign = metric === 'l2-base' ? 1 : -1;
  const s = sorted.map((p) => sign * (p.value - target));
  for (let i = 0; i < sorted.length; i++) {
    if (s[i] === 0) return { nu: sorted[i]!.nu, how: 'exact' };
    if (i > 0 && s[i - 1]! < 0 && s[i]! > 0) {
      const a = sorted[i - 1]!;
      const b = sorted[i]!;
      const t = s[i - 1]! / (s[i - 1]! - s[i]!);
      return { nu: a.nu + t * (b.nu - a.nu), how: 'interpolated' };
    }
  }
  return s.every((v) => v < 0)
    ? { nu: sorted.at(-1)!.nu, how: 'too-weak' }
    : { nu: sorted[0]!.nu, how: 'too-strong' };
}
