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
