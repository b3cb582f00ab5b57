/**
 * @ada/trainer-service: trains AdA runs with remote corruption workers (see README.md).
 *
 * ```ts
 * import { createTrainerService } from '@ada/trainer-service';
 * const trainer = createTrainerService({ bus, store });
 * await trainer.run({ runId: 'r1', seed: 0, config: { preset: 'quick', setup: 'ada' } });
 * ```
 */
export { createTrainerService } from './service.ts';
export type { TrainerService, TrainerServiceOptions } from './service.ts';
export { loadConfig, ConfigError } from './config.ts';
export type { TrainerConfig } from './config.ts';
export {
  parseRunSpec,
  resolveRun,
  runConfigSchema,
  remoteSettingsSchema,
  RunConfigError,
} from './run_config.ts';
export type {
  RunSpec,
  RunSpecInput,
  ResolvedRun,
  RemoteSettings,
  RunConfigInput,
} from './run_config.ts';
export { trainRun, runResultKey, clusterExperimentId, evaluationFromMetrics } from './train_run.ts';
export type { RunOutcome, RunRecord, TrainRunDeps } from './train_run.ts';
export { RemoteAda, MissingBatchError } from './remote_ada.ts';
export type { RemoteAdaOptions, RemoteAdaStats, TakeResult, CleanAdaBatch } from './remote_ada.ts';
export { StoreCheckpoints } from './store_checkpoints.ts';
export type { CheckpointRef } from './store_checkpoints.ts';
