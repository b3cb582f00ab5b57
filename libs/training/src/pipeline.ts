import * as tf from '@tensorflow/tfjs-core';
import { AdaAugmenter, type AdaExampleStats } from '@ada/ada';
import { augmixLoss, composePipeline, type PipelineConfig, type SourceStage } from '@ada/augment';
import type { Classifier, CorruptionNetwork } from '@ada/models';
import type { ExperimentConfig } from './presets.ts';
import type { SetupSpec } from './setups.ts';
import type { TrainAugment, TrainLoss } from './train_loop.ts';
import { crossEntropy } from './loss.ts';

/** What a setup's pipeline needs beyond its config. */
export interface PipelineResources {
  /** The classifier being trained (AdA attacks it in inference mode). */
  model: Classifier;
  /** The corruption network of AdA (required when the setup uses AdA). */
  adaNetwork?: CorruptionNetwork;
  /** Replaces examples by DeepAugment copies (required when the setup uses DeepAugment). */
  deepAugmentSource?: SourceStage;
  /** Receives AdA's per-example statistics of every batch. */
  onAdaStats?(stats: AdaExampleStats[]): void;
}

/** Mixes the per-example stage seeds of a batch into one 32-bit seed. */
function batchSeed(seeds: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const s of seeds) {
    h = Math.imul(h ^ (s >>> 0), 0x01000193) >>> 0;
    h ^= h >>> 13;
  }
  return h >>> 0;
}

/**
 * The training pipeline of a setup in the paper's order — source (clean or DeepAugment) ->
 * pad-crop-flip -> AdA + SSIM line search -> AugMix — and its loss (cross-entropy, or the
 * AugMix Jensen-Shannon loss with two AugMix views).
 *
 * AdA corrupts the first `config.ada.fraction` of each (already shuffled) batch; the rest stays
 * clean. The AdA random start (and, with `config.ada.attackLabels` 'permuted', the permutation
 * of the attacked labels) is seeded per batch from the examples' stage seeds. The loss always
 * gets the batch's true labels. With `config.ada.warmupEpochs` N, the batches of epochs 0..N-1
 * go through the pipeline without AdA (the nominal setup's, same seeds) and AdA starts at epoch N.
 * A batch with AdA images returns their SSIM to the clean images as `stats.ssim` (what the run
 * core records).
 */
export function buildSetupPipeline(
  setup: SetupSpec,
  config: ExperimentConfig,
  seed: number,
  res: PipelineResources,
): { augment: TrainAugment; loss: TrainLoss } {
  if (setup.ada && !res.adaNetwork)
    throw new Error(`Setup '${setup.name}' needs an AdA corruption network`);
  if (setup.deepaugment > 0 && !res.deepAugmentSource) {
    throw new Error(`Setup '${setup.name}' needs a DeepAugment source`);
  }
  const warmupEpochs = setup.ada ? adaWarmupEpochs(config) : 0;
  const ada = res.adaNetwork ? new AdaAugmenter(res.adaNetwork) : undefined;
  const adaConfig = {
    nu: config.ada.nu,
    steps: config.ada.steps,
    offsets: config.ada.offsets,
    ssimThreshold: config.ada.ssimThreshold,
    residual: config.ada.residual === true,
    stepRule: config.ada.stepRule ?? 'sign',
    attackLabels: config.ada.attackLabels ?? 'true',
    lineSearch: true,
  };
  const classify = (x: tf.Tensor4D): tf.Tensor2D => res.model.apply(x, { training: false });
  const jsd = setup.augmix && config.augmix.jsd;
  // SSIM of the AdA images of the batch being augmented, returned as the step's `stats.ssim`.
  let ssim: number[] | undefined;
  const pipelineConfig = (withAda: boolean): PipelineConfig => ({
    seed,
    deepAugment: setup.deepaugment > 0,
    padCropFlip: { mode: config.train.padMode },
    ada: withAda,
    // AdaAugmenter runs the SSIM line search itself (Appendix G), right after the attack.
    lineSearch: false,
    augmix: setup.augmix ? { views: jsd ? 2 : 1 } : false,
  });
  const stages = {
    ...(res.deepAugmentSource ? { source: res.deepAugmentSource } : {}),
  };
  // The warm-up epochs' pipeline: the same stages and seeds without AdA (the nominal setup's).
  const warm = warmupEpochs > 0 ? composePipeline(pipelineConfig(false), stages) : undefined;
  const run = composePipeline(pipelineConfig(setup.ada), {
    ...stages,
    ...(ada
      ? {
          ada: (images: tf.Tensor4D, labels: tf.Tensor1D, seeds: readonly number[]) => {
            const b = images.shape[0];
            const k = Math.round(config.ada.fraction * b);
            if (k === 0) return tf.clone(images);
            const head = k === b ? images : tf.slice(images, [0, 0, 0, 0], [k, -1, -1, -1]);
            const headLabels = k === b ? labels : tf.slice(labels, [0], [k]);
            const { images: attacked, stats } = ada.augment(
              head,
              headLabels,
              classify,
              adaConfig,
              batchSeed(seeds.slice(0, k)),
            );
            res.onAdaStats?.(stats);
            ssim = stats.map((st) => st.ssim);
            if (k === b) return attacked;
            const tail = tf.slice(images, [k, 0, 0, 0], [b - k, -1, -1, -1]);
            const out = tf.concat([attacked, tail], 0);
            tf.dispose([head, headLabels, attacked, tail]);
            return out;
          },
        }
      : {}),
  });
  const augment: TrainAugment = (batch) => {
    const stage = warm !== undefined && batch.epoch < warmupEpochs ? warm : run;
    ssim = undefined;
    const out = stage({ images: batch.images, labels: batch.labels, indices: batch.indices });
    // With the JSD loss: [clean-path images, AugMix view 1, AugMix view 2]; else one view.
    const views = [out.images, ...out.augmixViews];
    return ssim === undefined ? { views } : { views, stats: { ssim } };
  };
  const loss: TrainLoss = jsd
    ? (logits, labels) => augmixLoss(logits[0]!, logits.slice(1), labels, config.augmix.jsdLambda)
    : (logits, labels) => crossEntropy(logits[0]!, labels);
  return { augment, loss };
}

/**
 * `config.ada.warmupEpochs` checked: an integer in [0, train.epochs) (unset = 0). An AdA setup
 * whose warm-up covers every epoch would train nominally under the name of AdA, so it is an
 * error naming the field.
 */
export function adaWarmupEpochs(config: ExperimentConfig): number {
  const n = config.ada.warmupEpochs ?? 0;
  if (!Number.isInteger(n) || n < 0 || n >= config.train.epochs) {
    throw new RangeError(
      `config.ada.warmupEpochs must be an integer in [0, train.epochs = ${config.train.epochs}), got ${n}`,
    );
  }
  return n;
}
