/**
 * @ada/records: the versioned records every run leaves in the artifact store (experiment, run,
 * progress, metric history, checkpoints, result tables), their schemas, a writer and a reader.
 * Layout and lifecycle in this package's README.
 *
 * ```ts
 * import { RunRecordsReader, RunRecordsWriter } from '@ada/records';
 * const runs = await new RunRecordsReader(store).listRuns({ status: 'RUNNING' });
 * ```
 */
export { RunRecordsReader } from './reader.ts';
export type { MetricHistoryOptions, RunFilter, RunPage } from './reader.ts';
export { RunRecordsWriter, RunRecorder } from './writer.ts';
export type {
  AdaSsimInput,
  CreateExperimentInput,
  CreateRunInput,
  ProgressInput,
  ResultInput,
  RunRecordsWriterOptions,
} from './writer.ts';
export { aggregateResults } from './tables.ts';
export type { Aggregate, ExperimentTables, SetupRow } from './tables.ts';
export { configHash, canonicalJson } from './config_hash.ts';
export { recordKeys, RECORDS_PREFIX, STEP_SEGMENT_SIZE } from './keys.ts';
export {
  RecordsError,
  RecordNotFoundError,
  RecordConflictError,
  RecordImmutableError,
  RecordValidationError,
  RecordArgumentError,
} from './errors.ts';
export type { RecordsErrorCode, RecordsErrorOptions } from './errors.ts';
export {
  RECORDS_VERSION,
  ADA_SSIM_BINS,
  RUN_STATUSES,
  FINAL_STATUSES,
  runStatusSchema,
  experimentRecordSchema,
  runRecordSchema,
  runErrorSchema,
  progressRecordSchema,
  metricPointSchema,
  stepSegmentSchema,
  epochMetricsSchema,
  checkpointEntrySchema,
  checkpointsRecordSchema,
  adaSsimEpochSchema,
  adaSsimRecordSchema,
  resultRecordSchema,
  experimentRunIndexSchema,
} from './v1/schema.ts';
export type {
  RunStatus,
  ExperimentRecord,
  RunRecord,
  RunError,
  ProgressRecord,
  MetricPoint,
  StepSegment,
  EpochMetrics,
  CheckpointEntry,
  CheckpointsRecord,
  AdaSsimEpoch,
  AdaSsimRecord,
  ResultRecord,
  ExperimentRunIndex,
} from './v1/schema.ts';
