/** @ada/training: outer minimisation (optimiser, schedules, training loop), evaluation, tables. */
export { SgdNesterov, PAPER_SGD } from './optimizer/sgd_nesterov.ts';
export type { SgdConfig } from './optimizer/sgd_nesterov.ts';
export { cosineWithWarmup, scaledLearningRate } from './schedule.ts';
export type { CosineSchedule } from './schedule.ts';
export { crossEntropy, accuracyOf } from './loss.ts';
export { epochOrder, gatherBatch, stepSeed } from './batches.ts';
export { trainClassifier, stepsPerEpoch, disposeTrainState } from './train_loop.ts';
export type {
  TrainAugment,
  TrainBatch,
  TrainLoss,
  TrainOptions,
  TrainProgress,
  TrainResult,
  TrainState,
  TrainViews,
} from './train_loop.ts';
