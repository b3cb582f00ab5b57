import * as tf from '@tensorflow/tfjs-core';
import { augmix, type AugMixConfig } from './augmix/augment_and_mix.ts';
import { padCropFlip, type PadCropFlipConfig } from './pad_crop_flip.ts';
import { exampleSeed, STREAMS } from './seeds.ts';

/** The pipeline stages, in the paper's order. */
export const PIPELINE_STAGES = ['source', 'padCropFlip', 'ada', 'lineSearch', 'augmix'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** One training batch: images NHWC float32 in [0, 1], int32 labels, and dataset indices. */
export interface AugmentBatch {
  readonly images: tf.Tensor4D;
  readonly labels: tf.Tensor1D;
  /** Index of each example in the (clean) training set; drives the per-example seeds. */
  readonly indices: readonly number[];
}

/**
 * Source stage: replaces some examples by a DeepAugment copy (see `deepAugmentSource`).
 * Returns a new tensor of the same shape; `seeds[b]` is example b's seed for this stage.
 */
export type SourceStage = (
  images: tf.Tensor4D,
  indices: readonly number[],
  seeds: readonly number[],
) => tf.Tensor4D;

/** AdA stage (the injected `AdaAugmenter`): adversarially corrupted images, same shape. */
export type AdaStage = (
  images: tf.Tensor4D,
  labels: tf.Tensor1D,
  seeds: readonly number[],
) => tf.Tensor4D;

/** SSIM line search: pulls `corrupted` back towards `clean` where SSIM is below threshold. */
export type LineSearchStage = (clean: tf.Tensor4D, corrupted: tf.Tensor4D) => tf.Tensor4D;

/** Which stages run and how. Every stage is optional; absent means skipped. */
export interface PipelineConfig {
  /** Run seed: with the example indices it fixes every random choice. */
  readonly seed: number;
  /** Use the source stage (needs `stages.source`). */
  readonly deepAugment?: boolean;
  /** Pad-crop-flip settings, or false to skip (default: on, the paper's settings). */
  readonly padCropFlip?: PadCropFlipConfig | false;
  /** Use the AdA stage (needs `stages.ada`). */
  readonly ada?: boolean;
  /** Use the SSIM line search after AdA (needs `stages.lineSearch`). */
  readonly lineSearch?: boolean;
  /**
   * AugMix settings, or false (default) to skip. `views: 2` (with the JSD loss) keeps the
   * batch before AugMix as `images` and returns two AugMix views in `augmixViews`; `views: 1`
   * (default) replaces the images by one AugMix view.
   */
  readonly augmix?: (AugMixConfig & { readonly views?: number }) | false;
}

/** The injected stage implementations (the ones the config turns on must be present). */
export interface PipelineStages {
  readonly source?: SourceStage;
  readonly ada?: AdaStage;
  readonly lineSearch?: LineSearchStage;
}

/** What the pipeline returns: the images to train on and, for the JSD loss, AugMix views. */
export interface PipelineOutput {
  readonly images: tf.Tensor4D;
  readonly augmixViews: readonly tf.Tensor4D[];
  /** The stages that ran, in order. */
  readonly ran: readonly PipelineStage[];
}

/**
 * Builds the augmentation pipeline of the paper: source (clean or DeepAugment) ->
 * pad-crop-flip -> AdA -> SSIM line search -> AugMix. Each stage is optional and driven by
 * `config`; each example's random choices come from `exampleSeed(config.seed, index, stage)`,
 * so a batch's result depends only on the seed and the example indices. The input batch is
 * not disposed; the returned tensors belong to the caller.
 *
 * ```ts
 * const run = composePipeline({ seed: 1, ada: true, augmix: { views: 2 } }, { ada: adaStage });
 * const { images, augmixViews } = run(batch);
 * ```
 */
export function composePipeline(
  config: PipelineConfig,
  stages: PipelineStages = {},
): (batch: AugmentBatch) => PipelineOutput {
  if (!Number.isInteger(config.seed) || config.seed < 0 || config.seed > 0xffffffff) {
    throw new RangeError(
      `Argument 'config.seed' passed to 'composePipeline' must be an integer in [0, 2^32), got ${config.seed}`,
    );
  }
  if (config.deepAugment && !stages.source) {
    throw new Error(
      `Argument 'stages.source' passed to 'composePipeline' is required when config.deepAugment is on`,
    );
  }
  if (config.ada && !stages.ada) {
    throw new Error(
      `Argument 'stages.ada' passed to 'composePipeline' is required when config.ada is on`,
    );
  }
  if (config.lineSearch && !stages.lineSearch) {
    throw new Error(
      `Argument 'stages.lineSearch' passed to 'composePipeline' is required when config.lineSearch is on`,
    );
  }
  if (config.lineSearch && !config.ada) {
    throw new Error(
      `Argument 'config.lineSearch' passed to 'composePipeline' needs config.ada (it guards AdA's output)`,
    );
  }
  const views = config.augmix ? (config.augmix.views ?? 1) : 0;
  if (config.augmix && (!Number.isInteger(views) || views < 1)) {
    throw new RangeError(
      `Argument 'config.augmix.views' passed to 'composePipeline' must be a positive integer, got ${views}`,
    );
  }
  const seedsFor = (indices: readonly number[], stream: number, view = 0): number[] =>
    indices.map((i) => exampleSeed(config.seed, i, stream + 16 * view));

  return (batch: AugmentBatch): PipelineOutput => {
    const { labels, indices } = batch;
    const n = batch.images.shape[0];
    if (indices.length !== n) {
      throw new RangeError(
        `Argument 'batch.indices' passed to the pipeline must have ${n} entries, got ${indices.length}`,
      );
    }
    const ran: PipelineStage[] = [];
    const owned: tf.Tensor[] = [];
    let x = batch.images;
    const step = (stage: PipelineStage, next: tf.Tensor4D): void => {
      ran.push(stage);
      owned.push(next);
      x = next;
    };
    if (config.deepAugment)
      step('source', stages.source!(x, indices, seedsFor(indices, STREAMS.deepaugment)));
    if (config.padCropFlip !== false) {
      step(
        'padCropFlip',
        padCropFlip(x, seedsFor(indices, STREAMS.padCropFlip), config.padCropFlip ?? {}),
      );
    }
    if (config.ada) {
      const beforeAda = x;
      step('ada', stages.ada!(x, labels, seedsFor(indices, STREAMS.ada)));
      if (config.lineSearch) step('lineSearch', stages.lineSearch!(beforeAda, x));
    }
    const augmixViews: tf.Tensor4D[] = [];
    if (config.augmix) {
      ran.push('augmix');
      for (let v = 0; v < views; v++)
        augmixViews.push(augmix(x, seedsFor(indices, STREAMS.augmix, v), config.augmix));
    }
    let images = x;
    if (views === 1) images = augmixViews.pop()!;
    // Free the intermediates the caller never sees.
    const keep = new Set<tf.Tensor>([images, ...augmixViews, batch.images]);
    for (const t of owned) if (!keep.has(t)) t.dispose();
    if (images === batch.images) images = tf.clone(batch.images);
    return { images, augmixViews, ran };
  };
}
