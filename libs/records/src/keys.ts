import { idSchema } from '@ada/contracts';
import { RecordArgumentError } from './errors.ts';
import { RECORDS_VERSION } from './v1/schema.ts';

/**
 * The key layout of run records, version 1 (all keys under `records/v1/`):
 *
 * ```text
 * records/v1/experiments/<experimentId>.json                experiment
 * records/v1/experiment-runs/<experimentId>/<runId>.json    index: the runs of an experiment
 * records/v1/runs/<runId>.json                              run (config, hash, status, error)
 * records/v1/run-data/<runId>/progress.json                 progress
 * records/v1/run-data/<runId>/metrics/epochs.json           metric history by epoch
 * records/v1/run-data/<runId>/metrics/steps/<000000>.json   metric history by step, 500 points each
 * records/v1/run-data/<runId>/checkpoints.json              published checkpoints (store keys)
 * records/v1/run-data/<runId>/ada-ssim.json                 SSIM histograms of the AdA images trained on
 * records/v1/run-data/<runId>/result.json                   result table rows
 * ```
 *
 * Listing `experiments/` or `runs/` returns exactly one object per record (no nested data), so
 * a listing costs one store call whatever the size of the runs' histories.
 */
export const RECORDS_PREFIX = `records/v${RECORDS_VERSION}/`;
export const STEP_SEGMENT_SIZE = 500;

export const recordKeys = {
  experimentsPrefix: `${RECORDS_PREFIX}experiments/`,
  runsPrefix: `${RECORDS_PREFIX}runs/`,
  experiment: (id: string) => `${RECORDS_PREFIX}experiments/${checkId(id, 'experimentId')}.json`,
  experimentRunsPrefix: (experimentId: string) =>
    `${RECORDS_PREFIX}experiment-runs/${checkId(experimentId, 'experimentId')}/`,
  experimentRun: (experimentId: string, runId: string) =>
    `${recordKeys.experimentRunsPrefix(experimentId)}${checkId(runId, 'runId')}.json`,
  run: (id: string) => `${RECORDS_PREFIX}runs/${checkId(id, 'runId')}.json`,
  runData: (id: string) => `${RECORDS_PREFIX}run-data/${checkId(id, 'runId')}/`,
  progress: (id: string) => `${recordKeys.runData(id)}progress.json`,
  epochMetrics: (id: string) => `${recordKeys.runData(id)}metrics/epochs.json`,
  stepSegmentsPrefix: (id: string) => `${recordKeys.runData(id)}metrics/steps/`,
  stepSegment: (id: string, segment: number) =>
    `${recordKeys.stepSegmentsPrefix(id)}${String(segment).padStart(6, '0')}.json`,
  checkpoints: (id: string) => `${recordKeys.runData(id)}checkpoints.json`,
  adaSsim: (id: string) => `${recordKeys.runData(id)}ada-ssim.json`,
  result: (id: string) => `${recordKeys.runData(id)}result.json`,
};

/** The id between a listing prefix and `.json`. */
export function idFromKey(prefix: string, key: string): string | undefined {
  if (!key.startsWith(prefix) || !key.endsWith('.json')) return undefined;
  const id = key.slice(prefix.length, -'.json'.length);
  return id.includes('/') || !idSchema.safeParse(id).success ? undefined : id;
}

export function checkId(id: string, name: string): string {
  if (!idSchema.safeParse(id).success) {
    throw new RecordArgumentError(
      `'${name}' must be 1-200 characters of [A-Za-z0-9._:-], got ${JSON.stringify(id)}`,
    );
  }
  return id;
}
