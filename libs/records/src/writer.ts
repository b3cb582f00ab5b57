import { randomUUID } from 'node:crypto';
import type { ArtifactStore } from '@ada/store';
import { writeRecord } from './codec.ts';
import { configHash } from './config_hash.ts';
import {
  RecordArgumentError,
  RecordConflictError,
  RecordImmutableError,
  RecordNotFoundError,
} from './errors.ts';
import { checkId, recordKeys, STEP_SEGMENT_SIZE } from './keys.ts';
import { RunRecordsReader } from './reader.ts';
import {
  adaSsimRecordSchema,
  checkpointsRecordSchema,
  epochMetricsSchema,
  experimentRecordSchema,
  experimentRunIndexSchema,
  metricValuesSchema,
  progressRecordSchema,
  resultRecordSchema,
  runErrorSchema,
  runRecordSchema,
  stepSegmentSchema,
  ADA_SSIM_BINS,
  FINAL_STATUSES,
  RECORDS_VERSION,
  type AdaSsimEpoch,
  type CheckpointEntry,
  type ExperimentRecord,
  type MetricPoint,
  type ProgressRecord,
  type ResultRecord,
  type RunError,
  type RunRecord,
  type RunStatus,
} from './v1/schema.ts';

export interface RunRecordsWriterOptions {
  /** Clock of the timestamps (tests pin it). */
  now?: () => Date;
  /**
   * Least time between two store writes of a running run's progress and step metrics (default
   * 1000 ms); status changes, epoch metrics, checkpoints and `flush()` always write at once.
   */
  progressIntervalMs?: number;
}

export interface CreateExperimentInput {
  /** Default: `exp-<uuid>`. */
  id?: string;
  name: string;
  /** Who creates it: `ada run`, `trainer-service`, `gateway`, ... */
  source: string;
  config: Record<string, unknown>;
  setups: readonly string[];
  seeds: readonly number[];
}

export interface CreateRunInput {
  /** Default: `run-<uuid>`. */
  id?: string;
  experimentId: string;
  setup: string;
  seed: number;
  /** Every setting that changes the result; its `configHash` identifies the run's settings. */
  config: Record<string, unknown>;
  source: string;
  /**
   * Continue `runId` from its checkpoint at `step`: the new run must have the same config hash,
   * and starts with the old run's metric history and checkpoints up to `step`. An old run that
   * is still QUEUED or RUNNING (its process died) is marked FAILED with code `RUN_INTERRUPTED`.
   */
  resumeFrom?: { runId: string; step: number };
}

/** What `RunRecorder.progress` takes; step and epoch fields default to the last reported. */
export interface ProgressInput {
  phase: string;
  done: number;
  total: number;
  step?: number;
  totalSteps?: number;
  epoch?: number;
  totalEpochs?: number;
  imagesPerSecond?: number;
  etaSeconds?: number;
}

/** A finished run's results (fractions in [0, 1]); the writer adds the per-corruption means. */
export interface ResultInput {
  table1: { clean: number; mce: number; cifar101?: number };
  table2?: Record<string, number>;
  /** Top-1 error per corruption at severities 1..5. */
  corruptions: Record<string, readonly number[]>;
  steps: number;
  trainSeconds: number;
  evalSeconds: number;
}

/** What `RunRecorder.adaSsim` takes: the SSIM of the AdA images sampled in one epoch. */
export interface AdaSsimInput {
  /** 1-based epoch and the global step at its end (as for `epochMetrics`). */
  epoch: number;
  step: number;
  /** SSIM of each sampled AdA image to its clean image (finite, in [-1, 1]); at least one. */
  values: readonly number[];
  /** AdA images the epoch trained on (>= values.length). */
  seen: number;
  /** Most images sampled per epoch: the same for every epoch of a run. */
  sampleLimit: number;
}

/** Counts of `values` in `ADA_SSIM_BINS` equal bins over [0, 1] (below 0: first bin; 1: last). */
function ssimCounts(values: readonly number[]): number[] {
  const counts = new Array<number>(ADA_SSIM_BINS).fill(0);
  for (const v of values) {
    counts[Math.max(0, Math.min(ADA_SSIM_BINS - 1, Math.floor(v * ADA_SSIM_BINS)))]! += 1;
  }
  return counts;
}

/**
 * Writes run records (layout in `keys.ts`, schemas in `v1/schema.ts`). Records of a finished run
 * (SUCCEEDED, FAILED, CANCELLED) are never written again: every later write through its recorder
 * fails with `RecordImmutableError`, and a changed config needs a new run (`createRun`).
 *
 * ```ts
 * const writer = new RunRecordsWriter(store);
 * await writer.createExperiment({ id: 'e1', name: 'quick', source: 'ada run', config, setups, seeds });
 * const run = await writer.createRun({ experimentId: 'e1', setup: 'ada', seed: 0, config, source: 'ada run' });
 * await run.start();
 * await run.progress({ phase: 'train', done: 10, total: 100, step: 10, totalSteps: 100, epoch: 0, totalEpochs: 1 });
 * await run.succeed({ table1: { clean: 0.9, mce: 0.2 }, corruptions, steps: 100, trainSeconds: 5, evalSeconds: 1 });
 * ```
 */
export class RunRecordsWriter {
  readonly reader: RunRecordsReader;
  private readonly now: () => Date;
  private readonly progressIntervalMs: number;

  constructor(
    readonly store: ArtifactStore,
    options: RunRecordsWriterOptions = {},
  ) {
    this.reader = new RunRecordsReader(store);
    this.now = options.now ?? (() => new Date());
    this.progressIntervalMs = options.progressIntervalMs ?? 1000;
    if (!(this.progressIntervalMs >= 0)) {
      throw new RecordArgumentError(
        `'options.progressIntervalMs' must be >= 0, got ${this.progressIntervalMs}`,
      );
    }
  }

  /**
   * Creates the experiment, or returns it when it exists with the same config, setups and seeds
   * (so `ada run --resume` can call it again); another config under the same id is a
   * `RecordConflictError`.
   */
  async createExperiment(input: CreateExperimentInput): Promise<ExperimentRecord> {
    const id = checkId(input.id ?? `exp-${randomUUID()}`, 'id');
    const record: ExperimentRecord = {
      version: RECORDS_VERSION,
      kind: 'experiment',
      id,
      name: input.name,
      createdAt: this.now().toISOString(),
      source: input.source,
      config: input.config,
      configHash: configHash(input.config),
      setups: [...input.setups],
      seeds: [...input.seeds],
    };
    const existing = await this.reader.findExperiment(id);
    if (existing !== undefined) {
      if (
        existing.configHash === record.configHash &&
        JSON.stringify(existing.setups) === JSON.stringify(record.setups) &&
        JSON.stringify(existing.seeds) === JSON.stringify(record.seeds)
      ) {
        return existing;
      }
      throw new RecordConflictError(
        `experiment '${id}' exists with another config, setups or seeds; a changed config is a new experiment`,
        { key: recordKeys.experiment(id) },
      );
    }
    return writeRecord(this.store, recordKeys.experiment(id), experimentRecordSchema, record);
  }

  /** Creates a QUEUED run of an existing experiment and returns its recorder. */
  async createRun(input: CreateRunInput): Promise<RunRecorder> {
    const id = checkId(input.id ?? `run-${randomUUID()}`, 'id');
    checkId(input.experimentId, 'experimentId');
    if (!(Number.isInteger(input.seed) && input.seed >= 0)) {
      throw new RecordArgumentError(`'seed' must be an integer >= 0, got ${input.seed}`);
    }
    const hash = configHash(input.config);
    if (!(await this.reader.findExperiment(input.experimentId))) {
      throw new RecordNotFoundError(`experiment '${input.experimentId}'`, {
        key: recordKeys.experiment(input.experimentId),
      });
    }
    if (await this.store.exists(recordKeys.run(id))) {
      throw new RecordConflictError(`run '${id}' exists; a new run needs a new id`, {
        key: recordKeys.run(id),
      });
    }
    const at = this.now().toISOString();
    let inherited: Inherited | undefined;
    if (input.resumeFrom !== undefined) {
      inherited = await this.inherit(id, hash, input.resumeFrom);
    }
    const record: RunRecord = {
      version: RECORDS_VERSION,
      kind: 'run',
      id,
      experimentId: input.experimentId,
      setup: input.setup,
      seed: input.seed,
      config: input.config,
      configHash: hash,
      status: 'QUEUED',
      source: input.source,
      createdAt: at,
      updatedAt: at,
      ...(input.resumeFrom ? { resumedFrom: { ...input.resumeFrom } } : {}),
    };
    const written = await writeRecord(this.store, recordKeys.run(id), runRecordSchema, record);
    await writeRecord(
      this.store,
      recordKeys.experimentRun(input.experimentId, id),
      experimentRunIndexSchema,
      {
        version: RECORDS_VERSION,
        kind: 'experiment-run',
        experimentId: input.experimentId,
        runId: id,
      },
    );
    const recorder = new RunRecorder(this.store, written, this.now, this.progressIntervalMs);
    if (inherited) await recorder.adopt(inherited);
    return recorder;
  }

  /**
   * Reopens run `id` that has not finished (its owner stopped without ending it: a service shut
   * down, a process died) to continue it under the same id from its checkpoint at `step`: the
   * config must hash the same, and history points after `step` are dropped (the steps will be
   * trained again). A finished run cannot be reopened (`RecordImmutableError`): continue it as
   * a new run with `createRun({ resumeFrom })`.
   */
  async reopenRun(
    id: string,
    input: { config: Record<string, unknown>; step: number },
  ): Promise<RunRecorder> {
    const run = await this.reader.getRun(id);
    if ((FINAL_STATUSES as readonly RunStatus[]).includes(run.status)) {
      throw new RecordImmutableError(
        `run '${id}' is ${run.status} and cannot be reopened; continue it as a new run (createRun with resumeFrom)`,
        { key: recordKeys.run(id) },
      );
    }
    const hash = configHash(input.config);
    if (run.configHash !== hash) {
      throw new RecordConflictError(
        `run '${id}' cannot be reopened: its config differs (hash ${hash.slice(0, 12)} vs ${run.configHash.slice(0, 12)}); a changed config is a new run`,
        { key: recordKeys.run(id) },
      );
    }
    const inherited = await this.history(id, input.step);
    for (const o of await this.store.list(recordKeys.stepSegmentsPrefix(id))) {
      await this.store.delete(o.key);
    }
    const recorder = new RunRecorder(this.store, run, this.now, this.progressIntervalMs);
    await recorder.adopt(inherited);
    return recorder;
  }

  /** History of `from.runId` up to `from.step`, checked to continue a run with config `hash`. */
  private async inherit(
    id: string,
    hash: string,
    from: { runId: string; step: number },
  ): Promise<Inherited> {
    if (!(Number.isInteger(from.step) && from.step >= 0)) {
      throw new RecordArgumentError(`'resumeFrom.step' must be an integer >= 0, got ${from.step}`);
    }
    const old = await this.reader.getRun(from.runId);
    if (old.configHash !== hash) {
      throw new RecordConflictError(
        `run '${id}' cannot resume run '${old.id}': its config differs (hash ${hash.slice(0, 12)} vs ${old.configHash.slice(0, 12)}); a changed config is a new run`,
        { key: recordKeys.run(old.id) },
      );
    }
    if (old.status === 'SUCCEEDED') {
      throw new RecordImmutableError(
        `run '${old.id}' has SUCCEEDED; reuse it instead of resuming`,
        {
          key: recordKeys.run(old.id),
        },
      );
    }
    if (!(FINAL_STATUSES as readonly RunStatus[]).includes(old.status)) {
      const at = this.now().toISOString();
      await writeRecord(this.store, recordKeys.run(old.id), runRecordSchema, {
        ...old,
        status: 'FAILED',
        updatedAt: at,
        finishedAt: at,
        error: {
          code: 'RUN_INTERRUPTED',
          message: `its process ended before the run finished; continued as run '${id}'`,
          retriable: true,
        },
      });
    }
    return this.history(old.id, from.step);
  }

  private async history(runId: string, step: number): Promise<Inherited> {
    if (!(Number.isInteger(step) && step >= 0)) {
      throw new RecordArgumentError(`'step' to continue from must be an integer >= 0, got ${step}`);
    }
    const upTo = (p: { step: number }) => p.step <= step;
    return {
      steps: (await this.reader.metricHistory(runId, { by: 'step' })).filter(upTo),
      epochs: (await this.reader.metricHistory(runId, { by: 'epoch' })).filter(upTo),
      checkpoints: (await this.reader.listCheckpoints(runId)).filter(upTo),
      adaSsim: await this.inheritedSsim(runId, upTo),
    };
  }

  private async inheritedSsim(
    runId: string,
    upTo: (p: { step: number }) => boolean,
  ): Promise<Inherited['adaSsim']> {
    const record = await this.reader.getAdaSsim(runId);
    return record && { sampleLimit: record.sampleLimit, epochs: record.epochs.filter(upTo) };
  }
}

interface Inherited {
  steps: MetricPoint[];
  epochs: MetricPoint[];
  checkpoints: CheckpointEntry[];
  adaSsim: { sampleLimit: number; epochs: AdaSsimEpoch[] } | undefined;
}

const ALLOWED: Record<'start' | 'succeed' | 'fail' | 'cancel', readonly RunStatus[]> = {
  start: ['QUEUED'],
  succeed: ['RUNNING'],
  fail: ['QUEUED', 'RUNNING'],
  cancel: ['QUEUED', 'RUNNING'],
};

/**
 * The writing side of one run. Calls are serialised internally (a call may be issued while an
 * earlier one is still writing); each returns when its records are in the store.
 */
export class RunRecorder {
  private run: RunRecord;
  private queue: Promise<unknown> = Promise.resolve();
  private last: Required<Pick<ProgressInput, 'step' | 'totalSteps' | 'epoch' | 'totalEpochs'>> = {
    step: 0,
    totalSteps: 0,
    epoch: 0,
    totalEpochs: 0,
  };
  private pendingProgress: ProgressRecord | undefined;
  private lastWriteMs = Number.NEGATIVE_INFINITY;
  /** Step points not yet in a full segment, and how many points the run has in all. */
  private stepPoints: MetricPoint[] = [];
  private stepCount = 0;
  private stepsDirty = false;
  private lastStep = -1;
  private epochPoints: MetricPoint[] = [];
  private checkpoints: CheckpointEntry[] = [];
  private ssim: { sampleLimit: number; epochs: AdaSsimEpoch[] } | undefined;

  constructor(
    private readonly store: ArtifactStore,
    run: RunRecord,
    private readonly now: () => Date,
    private readonly intervalMs: number,
  ) {
    this.run = run;
  }

  get id(): string {
    return this.run.id;
  }

  /** The run record as last written. */
  get record(): RunRecord {
    return this.run;
  }

  /** Whether the run has finished (its records can no longer change). */
  get finished(): boolean {
    return (FINAL_STATUSES as readonly RunStatus[]).includes(this.run.status);
  }

  /** QUEUED -> RUNNING. */
  start(): Promise<RunRecord> {
    return this.serial(() => this.transition('start', 'RUNNING', { startedAt: this.stamp() }));
  }

  /**
   * Records where the run stands. Written to the store at most once per `progressIntervalMs`
   * (the latest report wins); `flush()` and every status change write the pending one.
   */
  progress(input: ProgressInput): Promise<void> {
    return this.serial(async () => {
      this.checkRunning('progress');
      this.last = {
        step: input.step ?? this.last.step,
        totalSteps: input.totalSteps ?? this.last.totalSteps,
        epoch: input.epoch ?? this.last.epoch,
        totalEpochs: input.totalEpochs ?? this.last.totalEpochs,
      };
      const record: ProgressRecord = {
        version: RECORDS_VERSION,
        kind: 'progress',
        runId: this.run.id,
        at: this.stamp(),
        phase: input.phase,
        done: input.done,
        total: input.total,
        ...this.last,
        ...(input.imagesPerSecond === undefined || !Number.isFinite(input.imagesPerSecond)
          ? {}
          : { imagesPerSecond: input.imagesPerSecond }),
        ...(input.etaSeconds === undefined || !Number.isFinite(input.etaSeconds)
          ? {}
          : { etaSeconds: input.etaSeconds }),
      };
      const parsed = progressRecordSchema.safeParse(record);
      if (!parsed.success) {
        throw new RecordArgumentError(
          `progress of run '${this.run.id}': ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      }
      this.pendingProgress = parsed.data;
      await this.writeIfDue();
    });
  }

  /** Adds a point to the per-step history (steps strictly increasing); written like progress. */
  stepMetrics(step: number, epoch: number, values: Record<string, number>): Promise<void> {
    return this.serial(async () => {
      this.checkRunning('stepMetrics');
      const point = this.point(step, epoch, values, 'stepMetrics');
      if (step <= this.lastStep) {
        throw new RecordArgumentError(
          `'step' passed to 'stepMetrics' must exceed the last recorded step ${this.lastStep}, got ${step}`,
        );
      }
      this.lastStep = step;
      this.stepPoints.push(point);
      this.stepCount++;
      this.stepsDirty = true;
      // A full segment is written at once, so no segment ever holds more than its size.
      if (this.stepPoints.length >= STEP_SEGMENT_SIZE) await this.flushNow();
      else await this.writeIfDue();
    });
  }

  /** Adds a point to the per-epoch history (epochs strictly increasing); written at once. */
  epochMetrics(epoch: number, step: number, values: Record<string, number>): Promise<void> {
    return this.serial(async () => {
      this.checkRunning('epochMetrics');
      const point = this.point(step, epoch, values, 'epochMetrics');
      const prev = this.epochPoints.at(-1);
      if (prev !== undefined && epoch <= prev.epoch) {
        throw new RecordArgumentError(
          `'epoch' passed to 'epochMetrics' must exceed the last recorded epoch ${prev.epoch}, got ${epoch}`,
        );
      }
      this.epochPoints.push(point);
      await this.writeEpochs();
    });
  }

  /**
   * Adds the SSIM histogram of one epoch's sampled AdA images (epochs strictly increasing; the
   * same `sampleLimit` for every epoch); written at once.
   */
  adaSsim(input: AdaSsimInput): Promise<void> {
    return this.serial(async () => {
      this.checkRunning('adaSsim');
      const { values, seen, sampleLimit } = input;
      const bad = (field: string, expected: string, got: unknown) =>
        new RecordArgumentError(
          `'${field}' passed to 'adaSsim' must be ${expected}, got ${JSON.stringify(got)}`,
        );
      if (!(Number.isInteger(sampleLimit) && sampleLimit >= 1)) {
        throw bad('sampleLimit', 'an integer >= 1', sampleLimit);
      }
      if (this.ssim !== undefined && this.ssim.sampleLimit !== sampleLimit) {
        throw bad('sampleLimit', `the run's ${this.ssim.sampleLimit}`, sampleLimit);
      }
      if (values.length === 0 || values.length > sampleLimit) {
        throw bad('values', `1 to ${sampleLimit} SSIM values`, `${values.length} values`);
      }
      const i = values.findIndex((v) => !(Number.isFinite(v) && v >= -1 && v <= 1));
      if (i >= 0) throw bad(`values[${i}]`, 'a finite SSIM in [-1, 1]', values[i]);
      if (!(Number.isInteger(seen) && seen >= values.length)) {
        throw bad('seen', `an integer >= ${values.length} (the values sampled)`, seen);
      }
      const point = this.point(input.step, input.epoch, {}, 'adaSsim');
      const prev = this.ssim?.epochs.at(-1);
      if (input.epoch < 1 || (prev !== undefined && input.epoch <= prev.epoch)) {
        throw bad(
          'epoch',
          `>= 1 and above the last recorded epoch ${prev?.epoch ?? 0}`,
          input.epoch,
        );
      }
      const sum = values.reduce((s, v) => s + v, 0);
      const epochs = [
        ...(this.ssim?.epochs ?? []),
        {
          epoch: point.epoch,
          step: point.step,
          at: point.at,
          counts: ssimCounts(values),
          seen,
          sampled: values.length,
          mean: sum / values.length,
          min: Math.min(...values),
          max: Math.max(...values),
        },
      ];
      await this.writeAdaSsim({ sampleLimit, epochs });
    });
  }

  /** Records a published checkpoint (its manifest key in the store); written at once. */
  checkpoint(entry: { step: number; key: string; sha256?: string }): Promise<void> {
    return this.serial(async () => {
      this.checkRunning('checkpoint');
      this.checkpoints.push({ ...entry, at: this.stamp() });
      await this.writeCheckpoints();
    });
  }

  /** RUNNING -> SUCCEEDED, with the result table rows. The run's records are final. */
  succeed(result: ResultInput): Promise<RunRecord> {
    return this.serial(async () => {
      this.checkAllowed('succeed');
      const corruptions: ResultRecord['corruptions'] = {};
      for (const [name, severities] of Object.entries(result.corruptions)) {
        corruptions[name] = {
          mean: severities.reduce((s, e) => s + e, 0) / severities.length,
          severities: [...severities],
        };
      }
      const record: ResultRecord = {
        version: RECORDS_VERSION,
        kind: 'result',
        runId: this.run.id,
        experimentId: this.run.experimentId,
        setup: this.run.setup,
        seed: this.run.seed,
        table1: result.table1,
        table2: result.table2 ?? {},
        corruptions,
        steps: result.steps,
        trainSeconds: result.trainSeconds,
        evalSeconds: result.evalSeconds,
      };
      await writeRecord(this.store, recordKeys.result(this.run.id), resultRecordSchema, record);
      await this.flushNow();
      return this.transition('succeed', 'SUCCEEDED', { finishedAt: this.stamp() });
    });
  }

  /** QUEUED or RUNNING -> FAILED, with a public error code. The run's records are final. */
  fail(error: RunError): Promise<RunRecord> {
    return this.serial(async () => {
      this.checkAllowed('fail');
      const parsed = runErrorSchema.safeParse(error);
      if (!parsed.success) {
        throw new RecordArgumentError(
          `'error' passed to 'fail': ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      }
      await this.flushNow();
      return this.transition('fail', 'FAILED', { finishedAt: this.stamp(), error: parsed.data });
    });
  }

  /** QUEUED or RUNNING -> CANCELLED. The run's records are final; `resumeFrom` continues it. */
  cancel(reason?: string): Promise<RunRecord> {
    return this.serial(async () => {
      this.checkAllowed('cancel');
      await this.flushNow();
      return this.transition('cancel', 'CANCELLED', {
        finishedAt: this.stamp(),
        ...(reason === undefined ? {} : { cancelReason: reason.slice(0, 4000) }),
      });
    });
  }

  /** Writes pending progress and step metrics now. */
  flush(): Promise<void> {
    return this.serial(async () => {
      if (this.finished) return;
      await this.flushNow();
    });
  }

  /** Starts this new run with a predecessor's history (see `CreateRunInput.resumeFrom`). */
  async adopt(inherited: Inherited): Promise<void> {
    await this.serial(async () => {
      const segments = Math.ceil(inherited.steps.length / STEP_SEGMENT_SIZE);
      for (let s = 0; s < segments; s++) {
        const points = inherited.steps.slice(s * STEP_SEGMENT_SIZE, (s + 1) * STEP_SEGMENT_SIZE);
        await writeRecord(this.store, recordKeys.stepSegment(this.run.id, s), stepSegmentSchema, {
          version: RECORDS_VERSION,
          kind: 'step-metrics',
          runId: this.run.id,
          segment: s,
          points,
        });
      }
      this.stepCount = inherited.steps.length;
      this.stepPoints = inherited.steps.slice(
        Math.floor(this.stepCount / STEP_SEGMENT_SIZE) * STEP_SEGMENT_SIZE,
      );
      this.lastStep = inherited.steps.at(-1)?.step ?? -1;
      this.epochPoints = [...inherited.epochs];
      this.checkpoints = [...inherited.checkpoints];
      await this.writeEpochs();
      await this.writeCheckpoints();
      if (inherited.adaSsim !== undefined) await this.writeAdaSsim(inherited.adaSsim);
    });
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  private point(
    step: number,
    epoch: number,
    values: Record<string, number>,
    where: string,
  ): MetricPoint {
    if (!(Number.isInteger(step) && step >= 0)) {
      throw new RecordArgumentError(
        `'step' passed to '${where}' must be an integer >= 0, got ${step}`,
      );
    }
    if (!(Number.isInteger(epoch) && epoch >= 0)) {
      throw new RecordArgumentError(
        `'epoch' passed to '${where}' must be an integer >= 0, got ${epoch}`,
      );
    }
    const parsed = metricValuesSchema.safeParse(values);
    if (!parsed.success) {
      throw new RecordArgumentError(
        `'values' passed to '${where}': ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    return { step, epoch, at: this.stamp(), values: parsed.data };
  }

  private checkRunning(what: string): void {
    if (this.run.status !== 'RUNNING') {
      throw new RecordImmutableError(
        `run '${this.run.id}' is ${this.run.status}: '${what}' needs a RUNNING run`,
        { key: recordKeys.run(this.run.id) },
      );
    }
  }

  private checkAllowed(action: keyof typeof ALLOWED): void {
    if (!ALLOWED[action].includes(this.run.status)) {
      throw new RecordImmutableError(
        `run '${this.run.id}' is ${this.run.status}: cannot ${action} it (allowed from ${ALLOWED[action].join(', ')})`,
        { key: recordKeys.run(this.run.id) },
      );
    }
  }

  private async transition(
    action: keyof typeof ALLOWED,
    status: RunStatus,
    fields: Partial<RunRecord>,
  ): Promise<RunRecord> {
    this.checkAllowed(action);
    const next: RunRecord = { ...this.run, ...fields, status, updatedAt: this.stamp() };
    this.run = await writeRecord(this.store, recordKeys.run(this.run.id), runRecordSchema, next);
    return this.run;
  }

  private async writeIfDue(): Promise<void> {
    const nowMs = this.now().getTime();
    if (nowMs - this.lastWriteMs < this.intervalMs) return;
    await this.flushNow();
  }

  private async flushNow(): Promise<void> {
    this.lastWriteMs = this.now().getTime();
    if (this.pendingProgress !== undefined) {
      await writeRecord(
        this.store,
        recordKeys.progress(this.run.id),
        progressRecordSchema,
        this.pendingProgress,
      );
      this.pendingProgress = undefined;
    }
    if (this.stepsDirty) {
      const segment = Math.floor((this.stepCount - this.stepPoints.length) / STEP_SEGMENT_SIZE);
      await writeRecord(
        this.store,
        recordKeys.stepSegment(this.run.id, segment),
        stepSegmentSchema,
        {
          version: RECORDS_VERSION,
          kind: 'step-metrics',
          runId: this.run.id,
          segment,
          points: this.stepPoints,
        },
      );
      this.stepsDirty = false;
      if (this.stepPoints.length >= STEP_SEGMENT_SIZE) {
        // The segment is full and written: the next point opens the next one.
        this.stepPoints = [];
      }
    }
  }

  private async writeEpochs(): Promise<void> {
    await writeRecord(this.store, recordKeys.epochMetrics(this.run.id), epochMetricsSchema, {
      version: RECORDS_VERSION,
      kind: 'epoch-metrics',
      runId: this.run.id,
      points: this.epochPoints,
    });
  }

  private async writeAdaSsim(ssim: { sampleLimit: number; epochs: AdaSsimEpoch[] }): Promise<void> {
    await writeRecord(this.store, recordKeys.adaSsim(this.run.id), adaSsimRecordSchema, {
      version: RECORDS_VERSION,
      kind: 'ada-ssim',
      runId: this.run.id,
      bins: ADA_SSIM_BINS,
      ...ssim,
    });
    this.ssim = ssim;
  }

  private async writeCheckpoints(): Promise<void> {
    await writeRecord(this.store, recordKeys.checkpoints(this.run.id), checkpointsRecordSchema, {
      version: RECORDS_VERSION,
      kind: 'checkpoints',
      runId: this.run.id,
      checkpoints: this.checkpoints,
    });
  }
}
