import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor4D } from '@tensorflow/tfjs-core';
import { RandomState } from '@ada/data';
import type { CorruptionNetwork } from '@ada/models';
import { attackLabelsOf } from './attack_labels.ts';
import { resolveAdaConfig, type AdaConfig } from './config.ts';
import { crossEntropyPerExample } from './cross_entropy.ts';
import { maximiseOffsets, type ClassifierFn, type OffsetStepInfo } from './inner_maximisation.ts';
import { ssimLineSearch } from './line_search.ts';
import { blockRadii, medianRadius } from './radii.ts';
import { ssim } from '@ada/metrics';

/** Per-example statistics of one `augment` call. */
export interface AdaExampleStats {
  /** SSIM(clean, output) (Wang 2004), after the line search. */
  ssim: number;
  /**
   * Cross-entropy of the classifier at the starting offsets (the random start by default),
   * against the attacked label (the true one unless `attackLabels` is `permuted`).
   */
  lossBefore: number;
  /**
   * Cross-entropy of the classifier on the output image (after line search and clipping),
   * against the attacked label, like `lossBefore`.
   */
  lossAfter: number;
  /** Whether SSIM(clean, c_(phi+beta)(x)) fell below the threshold and the line search ran. */
  lineSearchFired: boolean;
  /** Blend factor of the line search (1 when it did not fire). */
  gamma: number;
  /** max over blocks of ||beta_i|| / nu_i for this example's offsets (<= 1 when feasible). */
  betaNormRatio: number;
}

/** Result of `AdaAugmenter.augment`; `images` is owned by the caller. */
export interface AdaResult {
  /** float32 [B, H, W, C], in [0, 1] when `clip` (default). */
  images: Tensor4D;
  stats: AdaExampleStats[];
}

/** Progress of `augment`: one report per inner-maximisation step. */
export interface AdaProgress {
  step: number;
  steps: number;
  /** Mean cross-entropy over the batch before this step. */
  meanLoss: number;
}

export interface AugmentOptions {
  onProgress?: (progress: AdaProgress) => void;
  /** Low-level hook with the offsets after every step (tests, diagnostics). */
  onStep?: (info: OffsetStepInfo) => void;
}

/**
 * AdversarialAugment (Calian et al., ICLR 2022) around one pretrained corruption network c_phi:
 * `augment` returns, for each clean image, c_(phi+beta)(x) with offsets beta chosen adversarially
 * against the given classifier inside the per-block balls ||beta_i||_2 <= nu * ||phi_i||_2, then
 * guarded by the SSIM line search. Seeded and deterministic on a given backend.
 *
 * Steps: radii nu_i (cached per nu) -> the attacked labels (`attackLabels`: the true ones, or a
 * seeded permutation of them, see `attackPermutation`) -> `maximiseOffsets` (uniform start, FGSM
 * steps, projection) -> clip to [0, 1] -> `ssimLineSearch` where SSIM < t -> final loss and stats.
 *
 * ```ts
 * const ada = new AdaAugmenter(await loadCorruptionNetwork('rdn-slim-x2'));
 * const { images, stats } = ada.augment(x, labels, (v) => model.apply(v, { training: false }), {}, 42);
 * ```
 */
export class AdaAugmenter {
  private readonly radiiCache = new Map<number, number[]>();

  constructor(readonly network: CorruptionNetwork) {}

  /** nu_i = nu * ||phi_i||_2 per parameter block of the network. */
  radii(nu: number): number[] {
    let r = this.radiiCache.get(nu);
    if (!r) {
      r = blockRadii(this.network.params, nu);
      this.radiiCache.set(nu, r);
    }
    return r;
  }

  /**
   * @param images clean images, float32 [B, H, W, C] in [0, 1] (H, W >= 11 for SSIM).
   * @param labels B integer labels (array or int32 Tensor1D).
   * @param classifier logits in inference mode, see `ClassifierFn`.
   * @param config AdA settings; defaults are the paper's.
   * @param seed integer in [0, 2^32): fixes the random start (and, with `attackLabels`
   *   `permuted`, the label permutation, from a generator of its own).
   */
  augment(
    images: Tensor4D,
    labels: ArrayLike<number> | Tensor1D,
    classifier: ClassifierFn,
    config: AdaConfig = {},
    seed = 0,
    options: AugmentOptions = {},
  ): AdaResult {
    if (images.rank !== 4) {
      throw new Error(
        `Argument 'images' passed to 'augment' must be rank 4 [B,H,W,C], got rank ${images.rank}`,
      );
    }
    const batch = images.shape[0];
    const labelCount = labels instanceof tf.Tensor ? labels.shape[0] : labels.length;
    if (labelCount !== batch || (labels instanceof tf.Tensor && labels.rank !== 1)) {
      throw new Error(
        `Argument 'labels' passed to 'augment' must hold ${batch} labels, got ${labelCount}`,
      );
    }
    const cfg = resolveAdaConfig(config);
    const radii = this.radii(cfg.nu);
    const stepSize = cfg.stepSize ?? medianRadius(radii) / 4;
    const rng = new RandomState(seed);
    const y = tf.tidy(() =>
      attackLabelsOf(
        labels instanceof tf.Tensor
          ? tf.cast(labels, 'int32')
          : tf.tensor1d(Array.from(labels), 'int32'),
        cfg.attackLabels,
        seed,
      ),
    );
    const x = tf.cast(images, 'float32');
    const search = maximiseOffsets(this.network, x, y, classifier, {
      config: cfg,
      radii,
      stepSize,
      rng,
      onStep: (info) => {
        options.onStep?.(info);
        options.onProgress?.({
          step: info.step,
          steps: info.steps,
          meanLoss: info.loss.reduce((s, v) => s + v, 0) / info.loss.length,
        });
      },
    });
    const ratio = this.normRatios(search.betas, radii, cfg.offsets === 'per-example', batch);
    let out: Tensor4D;
    let fired: boolean[];
    let gamma: Float64Array;
    let ssimOut: Float64Array;
    if (cfg.lineSearch) {
      const ls = ssimLineSearch(x, search.corrupted, {
        threshold: cfg.ssimThreshold,
        points: cfg.lineSearchPoints,
        rootRule: cfg.rootRule,
        rootTolerance: cfg.rootTolerance,
        guard: cfg.lineSearchGuard,
        guardTolerance: cfg.guardTolerance,
      });
      search.corrupted.dispose();
      out = ls.images;
      fired = ls.fired;
      gamma = ls.gamma;
      ssimOut = ls.ssimAfter;
    } else {
      out = search.corrupted;
      fired = new Array<boolean>(batch).fill(false);
      gamma = new Float64Array(batch).fill(1);
      ssimOut = Float64Array.from(tf.tidy(() => ssim(x, out).dataSync()));
    }
    const lossAfter = tf.tidy(() => crossEntropyPerExample(classifier(out), y).dataSync());
    tf.dispose([...search.betas, y, x]);
    const stats = Array.from({ length: batch }, (_, b) => ({
      ssim: ssimOut[b]!,
      lossBefore: search.lossStart[b]!,
      lossAfter: lossAfter[b]!,
      lineSearchFired: fired[b]!,
      gamma: gamma[b]!,
      betaNormRatio: ratio[b]!,
    }));
    return { images: out, stats };
  }

  private normRatios(
    betas: readonly Tensor[],
    radii: readonly number[],
    perExample: boolean,
    batch: number,
  ): Float64Array {
    const out = new Float64Array(batch);
    betas.forEach((beta, i) => {
      const r = radii[i]!;
      const v = beta.dataSync();
      const per = perExample ? v.length / batch : v.length;
      for (let b = 0; b < (perExample ? batch : 1); b++) {
        let s = 0;
        for (let k = b * per; k < (b + 1) * per; k++) s += v[k]! * v[k]!;
        const ratio = r > 0 ? Math.sqrt(s) / r : 0;
        if (perExample) out[b] = Math.max(out[b]!, ratio);
        else for (let q = 0; q < batch; q++) out[q] = Math.max(out[q]!, ratio);
      }
    });
    return out;
  }
}
