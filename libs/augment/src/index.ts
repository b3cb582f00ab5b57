/** @ada/augment: Pad-crop-flip, AugMix (+JSD), DeepAugment. */
export { padCropFlip, sampleCropFlip } from './pad_crop_flip.ts';
export type { PadCropFlipConfig, CropFlip } from './pad_crop_flip.ts';
export { exampleSeed, batchSeeds, STREAMS } from './seeds.ts';
export { augmixLoss, jsdConsistency } from './jsd_loss.ts';
export { AUGMIX_OP_NAMES, isAugMixOpName } from './augmix/names.ts';
export type { AugMixOpName } from './augmix/names.ts';
export type { AugMixOp } from './augmix/op.ts';
export type { ImageU8 } from './augmix/image_u8.ts';
export { AUGMIX_OPS, getAugMixOp } from './augmix/register_all.ts';
export { augmix, sampleAugMixPlan, applyAugMixPlan } from './augmix/augment_and_mix.ts';
export type { AugMixConfig, AugMixPlan, AugMixStep } from './augmix/augment_and_mix.ts';
export { autocontrast } from './augmix/ops/autocontrast.ts';
export { equalize } from './augmix/ops/equalize.ts';
export { posterize } from './augmix/ops/posterize.ts';
export { solarize } from './augmix/ops/solarize.ts';
export { rotate } from './augmix/ops/rotate.ts';
export { shearX } from './augmix/ops/shear_x.ts';
export { shearY } from './augmix/ops/shear_y.ts';
export { translateX } from './augmix/ops/translate_x.ts';
export { translateY } from './augmix/ops/translate_y.ts';
export { composePipeline, PIPELINE_STAGES } from './pipeline.ts';
export type {
  AdaStage,
  AugmentBatch,
  LineSearchStage,
  PipelineConfig,
  PipelineOutput,
  PipelineStage,
  PipelineStages,
  SourceStage,
} from './pipeline.ts';
export { generateDeepAugment, groupInstance, DEEPAUGMENT_SIZES } from './deepaugment/generate.ts';
export type {
  DeepAugmentManifest,
  DeepAugmentOptions,
  DeepAugmentSize,
  SourceImages,
} from './deepaugment/generate.ts';
export { perturbNetwork, convLayers } from './deepaugment/perturb.ts';
export type { DeepAugmentDraw } from './deepaugment/perturb.ts';
export { DEEPAUGMENT_WEIGHT_OPS, DEEPAUGMENT_PRE_OPS } from './deepaugment/names.ts';
export type { DeepAugmentWeightOp, DeepAugmentPreOp } from './deepaugment/names.ts';
export { augmentContactSheet, CONTACT_SHEET_KINDS } from './contact_sheet.ts';
export type { ContactSheetKind, ContactSheetOptions } from './contact_sheet.ts';
export { deepAugmentSource } from './deepaugment/source.ts';
export { deepAugmentBatch } from './deepaugment/batch.ts';
export type { DeepAugmentImages } from './deepaugment/source.ts';
export { adaPipelineStages } from './ada_stages.ts';
