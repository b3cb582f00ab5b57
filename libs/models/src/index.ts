/** @ada/models: classifiers, corruption networks, checkpoint I/O. */
export type { ApplyOptions, CorruptionNetwork, ParamBlock, ParamKind } from './corruption/types.ts';

export type {
  Classifier,
  ClassifierApplyOptions,
  PreActResNetConfig,
  PreActResNetDepth,
} from './classifier/types.ts';
export {
  CIFAR10_MEAN,
  CIFAR10_STD,
  createPreActResNet,
  preActResNetConfig,
  stageWidths,
} from './classifier/preact_resnet.ts';
export { batchNorm } from './classifier/batch_norm.ts';
export type { BatchNormVariables } from './classifier/batch_norm.ts';
export { CLASSIFIER_PRESETS, CLASSIFIER_PRESET_NAMES } from './classifier/names.ts';
export type { ClassifierPreset } from './classifier/names.ts';
export { createClassifier } from './classifier/create_classifier.ts';

export {
  ARCHITECTURE_NAMES,
  CORRUPTION_NETWORK_NAMES,
  DEFAULT_CORRUPTION_NETWORK,
  RESIZE_MODES,
  RESTORATION_NETWORKS,
  RESTORATION_NETWORK_NAMES,
  UPSCALER_MODELS,
  UPSCALER_MODEL_NAMES,
} from './corruption/names.ts';
export type {
  ArchitectureName,
  CorruptionNetworkName,
  ResizeMode,
  RestorationNetworkName,
  UpscalerModelName,
} from './corruption/names.ts';
export { fileIOHandler } from './corruption/file_io_handler.ts';
export { parseKerasGraph, runKerasGraph } from './corruption/keras_graph.ts';
export type { GraphLayer, KerasGraph } from './corruption/keras_graph.ts';
export { pixelShuffle } from './corruption/ops/pixel_shuffle.ts';
export { upsampleNearest } from './corruption/ops/upsample_nearest.ts';
export { areaDownscale } from './corruption/ops/area_downscale.ts';
export { applyPerExampleByLoop, checkParams } from './corruption/per_example.ts';
export { loadUpscalerNetwork } from './corruption/upscaler/load_upscaler_network.ts';
export { packageDir } from './corruption/upscaler/package_dir.ts';
export type {
  UpscalerNetwork,
  UpscalerNetworkOptions,
} from './corruption/upscaler/load_upscaler_network.ts';

export type {
  CheckpointData,
  CheckpointManifest,
  CheckpointSink,
  CheckpointSource,
  CheckpointStore,
  ManifestFile,
  ManifestTensor,
} from './checkpoint/types.ts';
export { CheckpointError } from './checkpoint/checkpoint_error.ts';
export {
  CHECKPOINT_FILES,
  loadCheckpoint,
  parseManifest,
  saveCheckpoint,
} from './checkpoint/checkpoint.ts';
export { fileCheckpointStore } from './checkpoint/file_checkpoint_store.ts';
export { loadClassifier, saveClassifier } from './checkpoint/classifier_checkpoint.ts';
export { resolveCheckpoint, loadClassifierAt } from './checkpoint/resolve_checkpoint.ts';
export type { ResolvedCheckpoint } from './checkpoint/resolve_checkpoint.ts';

export { EDSR_BASELINE, createEdsr, edsrBlocks } from './corruption/edsr/edsr.ts';
export type { EdsrConfig } from './corruption/edsr/edsr.ts';
export { loadEdsrWeights } from './corruption/edsr/load_edsr_weights.ts';
export { CAE_DEFAULT, caeBlocks, createCae } from './corruption/cae/cae.ts';
export type { CaeConfig } from './corruption/cae/cae.ts';
export { loadCaeWeights } from './corruption/cae/load_cae_weights.ts';
export {
  RESTORATION_NET_DEFAULT,
  createRestorationNet,
  restorationNetBlocks,
} from './corruption/restoration/restoration_net.ts';
export type { RestorationNetConfig } from './corruption/restoration/restoration_net.ts';
export {
  RESTORATION_NET_ARCH,
  loadNamedRestorationNet,
  loadRestorationNetWeights,
  restorationNetsDir,
} from './corruption/restoration/load_restoration_net.ts';
export { pixelUnshuffle } from './corruption/ops/pixel_unshuffle.ts';
export { corruptionNetworkWeights, loadConvertedParams } from './corruption/converted_weights.ts';
export { initConvParams } from './corruption/init.ts';
export { conv } from './corruption/ops/conv.ts';
export { CORRUPTION_NETWORK_LOADERS, loadCorruptionNetwork } from './corruption/register_all.ts';
export type { LoadCorruptionNetworkOptions } from './corruption/register_all.ts';
