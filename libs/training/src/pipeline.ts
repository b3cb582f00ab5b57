import * as tf from '@tensorflow/tfjs-core';
import { AdaAugmenter, type AdaExampleStats } from '@ada/ada';
import { augmixLoss, composePipeline, type SourceStage } from '@ada/augment';
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
 * clean. The AdA random start is seeded per batch from the examples' stage seeds.
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
  const ada = res.adaNetwork ? new AdaAugmenter(res.adaNetwork) : undefined;
  const adaConfig = {
    nu: config.ada.nu,
    steps: config.ada.steps,
    offsets: config.ada.offsets,
    ssimThreshold: config.ada.ssimThreshold,
    residual: config.ada.residual === true,
    stepRule: config.ada.stepRule ?? 'sign',
    lineSearch: true,
  };
  const classify = (x: tf.Tensor4D): tf.Tensor2D => res.model.apply(x, { training: false });
  const jsd = setup.augmix && config.augmix.jsd;
  const run = composePipeline(
    {
      seed,
      deepAugment: setup.deepaugment > 0,
      padCropFlip: { mode: config.train.padMode },
      ada: setup.ada,
      // AdaAugmenter runs the SSIM line search itself (Appendix G), right after the attack.
      lineSearch: false,
      augmix: setup.augmix ? { views: jsd ? 2 : 1 } : false,
    },
    {
      ...(res.deepAugmentSource ? { source: res.deepAugmentSource } : {}),
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
              if (k === b) return attacked;
              const tail = tf.slice(images, [k, 0, 0, 0], [b - k, -1, -1, -1]);
              const out = tf.concat([attacked, tail], 0);
              tf.dispose([head, headLabels, attacked, tail]);
              return out;
            },
          }
        : {}),
    },
  );
  const augment: TrainAugment = (batch) => {
    const out = run({ images: batch.images, labels: batch.labels, indices: batch.indices });
    // With the JSD loss: [clean-path images, AugMix view 1, AugMix view 2]; else one view.
    return { views: [out.images, ...out.augmixViews] };
  };
  const loss: TrainLoss = jsd
    ? (logits, labels) => augmixLoss(logits[0]!, logits.slice(1), labels, config.augmix.jsdLambda)
    : (logits, labels) => crossEntropy(logits[0]!, labels);
  return { augment, loss };
}
