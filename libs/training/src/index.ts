/** @ada/training: outer minimisation (optimiser, schedules, training loop), evaluation, tables. */
export { SgdNesterov, PAPER_SGD } from './optimizer/sgd_nesterov.ts';
export type { SgdConfig, SgdOptions, SgdUpdateMode } from './optimizer/sgd_nesterov.ts';
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
export {
  generateCorruptionBenchmark,
  generateCorruptionBenchmarkAsync,
  BenchmarkStoppedError,
  evaluateCorruptionBenchmark,
  evaluateAccuracy,
  evaluateLpRobustness,
  predictLabels,
  threatLabel,
} from './evaluate.ts';
export type { CorruptionBenchmark, CorruptedSet, CorruptionErrors } from './evaluate.ts';
export { renderAccuracyHeatmap, renderFigure } from './figures.ts';
export { stuckAtChance, chanceWarning } from './chance_watch.ts';
export type { EpochHealth } from './chance_watch.ts';
export type { HistoryPoint, RenderedFigure } from './figures.ts';
export { parseSetup, SETUP_NAMES, PAPER_SETUPS } from './setups.ts';
export type { SetupSpec } from './setups.ts';
export { presetConfig, PRESET_NAMES, trainScheduleFrom } from './presets.ts';
export type { ExperimentConfig, AdaRunConfig, AugmixRunConfig, PresetName } from './presets.ts';
export { buildSetupPipeline } from './pipeline.ts';
export { evaluateHistory, historyDue, historySet } from './epoch_history.ts';
export type { HistorySet } from './epoch_history.ts';
export type { PipelineResources } from './pipeline.ts';
export { runExperiment } from './experiment.ts';
export type {
  CheckpointIO,
  ExperimentDeps,
  ExperimentIO,
  ExperimentProgress,
  ExperimentResult,
  RunResult,
} from './experiment.ts';
export { renderReport, summariseRuns, setupTitle } from './report.ts';
export type { Aggregate } from './report.ts';
export { fileCheckpointIO } from './checkpoint_io.ts';
export { executeRun, evaluateCleanAndCorruptions, runConfigOf } from './run_core.ts';
export type {
  ExecuteRunOptions,
  RunCheckpoints,
  RunEvaluation,
  RunEvaluator,
  RunOutcomeCore,
  RunSpec,
} from './run_core.ts';
export { configHash, diffConfigs, canonicalJson, resultSettings } from './config_hash.ts';
export type { DataKind } from './config_hash.ts';
export {
  claimRunFolder,
  recordConfig,
  checkRecordedConfig,
  clearRunArtifacts,
  readJsonFile,
  RunFolderError,
} from './run_folder.ts';
export type { RecordedConfig } from './run_folder.ts';
