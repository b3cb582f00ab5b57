import type { ArtifactStore } from '@ada/store';
import { mapLimited, readRecord } from './codec.ts';
import { RecordArgumentError, RecordNotFoundError } from './errors.ts';
import { checkId, idFromKey, recordKeys } from './keys.ts';
import { aggregateResults, type ExperimentTables } from './tables.ts';
import {
  adaSsimRecordSchema,
  checkpointsRecordSchema,
  epochMetricsSchema,
  experimentRecordSchema,
  experimentRunIndexSchema,
  progressRecordSchema,
  resultRecordSchema,
  runRecordSchema,
  stepSegmentSchema,
  RUN_STATUSES,
  type AdaSsimRecord,
  type CheckpointEntry,
  type ExperimentRecord,
  type MetricPoint,
  type ProgressRecord,
  type ResultRecord,
  type RunRecord,
  type RunStatus,
} from './v1/schema.ts';

/** Which runs `listRuns` returns; every given field must match. */
export interface RunFilter {
  experimentId?: string;
  /** One status or any of several. */
  status?: RunStatus | readonly RunStatus[];
  setup?: string;
  seed?: number;
  configHash?: string;
  source?: string;
}

/** A page of `listRuns`: runs in (createdAt, id) order after the run `after`, at most `limit`. */
export interface RunPage {
  /** Id of the last run of the previous page. */
  after?: string;
  limit?: number;
}

export interface MetricHistoryOptions {
  /** `epoch`: one point per evaluated epoch; `step`: one point per recorded training step. */
  by: 'step' | 'epoch';
  /** Keep only these metric names (points with none of them are dropped). */
  names?: readonly string[];
  /** Keep only points with `fromStep <= step <= toStep`. */
  fromStep?: number;
  toStep?: number;
}

const READ_CONCURRENCY = 8;

/**
 * Reads run records (layout in `keys.ts`). The only way the gateway, the CLI's report and tests
 * read runs: whatever wrote them (`ada run`, the trainer-service), they read the same.
 *
 * ```ts
 * const reader = new RunRecordsReader(store);
 * for (const run of await reader.listRuns({ experimentId: 'e1', status: 'SUCCEEDED' })) {
 *   const loss = await reader.metricHistory(run.id, { by: 'step', names: ['loss'] });
 * }
 * ```
 */
export class RunRecordsReader {
  constructor(readonly store: ArtifactStore) {}

  /** Every experiment, oldest first (ties by id). */
  async listExperiments(): Promise<ExperimentRecord[]> {
    const prefix = recordKeys.experimentsPrefix;
    const ids = (await this.store.list(prefix))
      .map((o) => idFromKey(prefix, o.key))
      .filter((id): id is string => id !== undefined);
    const records = await mapLimited(ids, READ_CONCURRENCY, (id) => this.findExperiment(id));
    return records
      .filter((r): r is ExperimentRecord => r !== undefined)
      .sort((a, b) => byCreated(a, b));
  }

  /** The experiment `id`; `RecordNotFoundError` when there is none. */
  async getExperiment(id: string): Promise<ExperimentRecord> {
    const found = await this.findExperiment(id);
    if (found === undefined) {
      throw new RecordNotFoundError(`experiment '${id}'`, { key: recordKeys.experiment(id) });
    }
    return found;
  }

  /** The experiment `id`, or undefined. */
  findExperiment(id: string): Promise<ExperimentRecord | undefined> {
    return readRecord(this.store, recordKeys.experiment(id), experimentRecordSchema);
  }

  /** Runs matching `filter`, oldest first (ties by id), paged by `page`. */
  async listRuns(filter: RunFilter = {}, page: RunPage = {}): Promise<RunRecord[]> {
    const statuses = checkFilter(filter, page);
    let ids: string[];
    if (filter.experimentId !== undefined) {
      const prefix = recordKeys.experimentRunsPrefix(filter.experimentId);
      const entries = await mapLimited(
        (await this.store.list(prefix)).map((o) => o.key),
        READ_CONCURRENCY,
        (key) => readRecord(this.store, key, experimentRunIndexSchema),
      );
      ids = entries.filter((e) => e !== undefined).map((e) => e.runId);
    } else {
      const prefix = recordKeys.runsPrefix;
      ids = (await this.store.list(prefix))
        .map((o) => idFromKey(prefix, o.key))
        .filter((id): id is string => id !== undefined);
    }
    const runs = (await mapLimited(ids, READ_CONCURRENCY, (id) => this.findRun(id)))
      .filter((r): r is RunRecord => r !== undefined)
      .filter(
        (r) =>
          (filter.experimentId === undefined || r.experimentId === filter.experimentId) &&
          (statuses === undefined || statuses.includes(r.status)) &&
          (filter.setup === undefined || r.setup === filter.setup) &&
          (filter.seed === undefined || r.seed === filter.seed) &&
          (filter.configHash === undefined || r.configHash === filter.configHash) &&
          (filter.source === undefined || r.source === filter.source),
      )
      .sort((a, b) => byCreated(a, b));
    let start = 0;
    if (page.after !== undefined) {
      const at = runs.findIndex((r) => r.id === page.after);
      if (at < 0) {
        // The cursor's run may have been filtered out since: place it by its own record.
        const cursor = await this.getRun(page.after);
        start = runs.findIndex((r) => byCreated(r, cursor) > 0);
        if (start < 0) start = runs.length;
      } else start = at + 1;
    }
    return runs.slice(start, page.limit === undefined ? undefined : start + page.limit);
  }

  /** The run `id`; `RecordNotFoundError` when there is none. */
  async getRun(id: string): Promise<RunRecord> {
    const found = await this.findRun(id);
    if (found === undefined)
      throw new RecordNotFoundError(`run '${id}'`, { key: recordKeys.run(id) });
    return found;
  }

  /** The run `id`, or undefined. */
  findRun(id: string): Promise<RunRecord | undefined> {
    return readRecord(this.store, recordKeys.run(id), runRecordSchema);
  }

  /** The run's latest progress, or undefined before its first report. */
  async getProgress(runId: string): Promise<ProgressRecord | undefined> {
    return readRecord(
      this.store,
      recordKeys.progress(checkId(runId, 'runId')),
      progressRecordSchema,
    );
  }

  /** The run's metric history, in step order. */
  async metricHistory(runId: string, options: MetricHistoryOptions): Promise<MetricPoint[]> {
    if (options.by !== 'step' && options.by !== 'epoch') {
      throw new RecordArgumentError(
        `'options.by' must be 'step' or 'epoch', got ${String(options.by)}`,
      );
    }
    checkId(runId, 'runId');
    let points: MetricPoint[];
    if (options.by === 'epoch') {
      points =
        (await readRecord(this.store, recordKeys.epochMetrics(runId), epochMetricsSchema))
          ?.points ?? [];
    } else {
      const keys = (await this.store.list(recordKeys.stepSegmentsPrefix(runId))).map((o) => o.key);
      const segments = await mapLimited(keys, READ_CONCURRENCY, (key) =>
        readRecord(this.store, key, stepSegmentSchema),
      );
      points = segments
        .filter((s) => s !== undefined)
        .sort((a, b) => a.segment - b.segment)
        .flatMap((s) => s.points);
    }
    const from = options.fromStep ?? 0;
    const to = options.toStep ?? Number.POSITIVE_INFINITY;
    const names = options.names;
    return points
      .filter((p) => p.step >= from && p.step <= to)
      .map((p) =>
        names === undefined
          ? p
          : {
              ...p,
              values: Object.fromEntries(
                Object.entries(p.values).filter(([k]) => names.includes(k)),
              ),
            },
      )
      .filter((p) => Object.keys(p.values).length > 0);
  }

  /** The run's published checkpoints, in step order (empty when none). */
  async listCheckpoints(runId: string): Promise<CheckpointEntry[]> {
    const record = await readRecord(
      this.store,
      recordKeys.checkpoints(checkId(runId, 'runId')),
      checkpointsRecordSchema,
    );
    return record?.checkpoints ?? [];
  }

  /**
   * The SSIM histograms of the AdA images the run trained on, one per epoch, or undefined when
   * it recorded none (no AdA in its setup, or a run from before this record existed).
   */
  async getAdaSsim(runId: string): Promise<AdaSsimRecord | undefined> {
    return readRecord(this.store, recordKeys.adaSsim(checkId(runId, 'runId')), adaSsimRecordSchema);
  }

  /** The run's result table rows, or undefined until it has SUCCEEDED. */
  async getResult(runId: string): Promise<ResultRecord | undefined> {
    return readRecord(this.store, recordKeys.result(checkId(runId, 'runId')), resultRecordSchema);
  }

  /**
   * The experiment's result tables: one row per setup (in the experiment's setup order), each
   * metric's mean and population standard deviation over the setup's SUCCEEDED runs.
   */
  async experimentTables(experimentId: string): Promise<ExperimentTables> {
    const experiment = await this.getExperiment(experimentId);
    const runs = await this.listRuns({ experimentId, status: 'SUCCEEDED' });
    const results = (await mapLimited(runs, READ_CONCURRENCY, (r) => this.getResult(r.id))).filter(
      (r): r is ResultRecord => r !== undefined,
    );
    return aggregateResults(experiment.setups, results);
  }
}

function byCreated(
  a: { createdAt: string; id: string },
  b: { createdAt: string; id: string },
): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function checkFilter(filter: RunFilter, page: RunPage): readonly RunStatus[] | undefined {
  if (filter.experimentId !== undefined) checkId(filter.experimentId, 'filter.experimentId');
  if (page.after !== undefined) checkId(page.after, 'page.after');
  if (page.limit !== undefined && !(Number.isInteger(page.limit) && page.limit >= 0)) {
    throw new RecordArgumentError(`'page.limit' must be an integer >= 0, got ${page.limit}`);
  }
  if (filter.seed !== undefined && !(Number.isInteger(filter.seed) && filter.seed >= 0)) {
    throw new RecordArgumentError(`'filter.seed' must be an integer >= 0, got ${filter.seed}`);
  }
  if (filter.status === undefined) return undefined;
  const statuses: readonly RunStatus[] =
    typeof filter.status === 'string' ? [filter.status] : filter.status;
  for (const s of statuses) {
    if (!(RUN_STATUSES as readonly string[]).includes(s)) {
      throw new RecordArgumentError(
        `'filter.status' must be one of ${RUN_STATUSES.join(', ')}, got ${JSON.stringify(s)}`,
      );
    }
  }
  return statuses;
}
