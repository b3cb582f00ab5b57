import { COMMON_CORRUPTIONS } from '@ada/corruptions';
import type { RunEventV1 } from '@ada/contracts';
import { AdaError, isRetriable } from '@ada/errors';
import type { Dataset } from '@ada/data';
import { meanCorruptionError } from '@ada/metrics';
import { createClassifier, type Classifier, type ClassifierPreset } from '@ada/models';
import {
  recordKeys,
  RecordNotFoundError,
  RunRecordsWriter,
  type CreateExperimentInput,
  type RunRecorder,
  type RunRecordsWriterOptions,
} from '@ada/records';
import type { ArtifactStore } from '@ada/store';
import {
  evaluateAccuracy,
  evaluateCorruptionBenchmark,
  type CorruptionBenchmark,
} from './evaluate.ts';
import type { ExperimentProgress } from './experiment.ts';
import { AdaSsimSample } from './ada_ssim_sample.ts';
import { buildSetupPipeline } from './pipeline.ts';
import { trainScheduleFrom, type ExperimentConfig } from './presets.ts';
import type { SetupSpec } from './setups.ts';
import {
  disposeTrainState,
  stepsPerEpoch,
  trainClassifier,
  type TrainAugment,
  type TrainLoss,
  type TrainState,
} from './train_loop.ts';

/**
 * The run core: the only code that trains and evaluates one run (one setup, one seed), whichever
 * adapter started it (`ada run` in embedded mode, the trainer-service on a cluster, the gateway's
 * `startRun`). It writes the run's records (`@ada/records`) to the given store, sends lifecycle
 * events to the event sink and progress to the progress sink; what differs between modes comes
 * in as hooks: where checkpoints go, where AdA runs (in process, or on corruption workers), and
 * who evaluates (in process, or the metrics-service).
 *
 * ```ts
 * const out = await executeRun({
 *   store, experiment, run: { runId: 'r1', setup: parseSetup('ada'), seed: 0, config, source: 'ada run' },
 *   train, checkpoints, evaluate: localEvaluator({ test, bench }), signal,
 *   events: (e) => publishEvents(bus, runsV1, [e]), progress: (p) => bar.update(p), log: console.log,
 * });
 * ```
 */
export interface RunSpec {
  runId: string;
  setup: SetupSpec;
  seed: number;
  config: ExperimentConfig;
  /** Who starts it: `ada run`, `trainer-service`, `gateway`. */
  source: string;
  /** Continue this finished (cancelled or failed) run of the same config as a new run. */
  resumeFrom?: string;
}

/** Where a run's checkpoints live; `save` returns the store key of the checkpoint's manifest. */
export interface RunCheckpoints {
  /** The state to resume from (step > 0), or undefined to start afresh (given the new model). */
  load(model: Classifier): Promise<TrainState | undefined>;
  /** `trainSeconds`: the run's training time up to `state`, the parts before a resume included. */
  save(
    state: TrainState,
    model: Classifier,
    trainSeconds: number,
  ): Promise<{ key: string; sha256?: string }>;
  /** Training seconds spent before the checkpoint `load` returned (at `step`); default 0. */
  trainSecondsBefore?(step: number): Promise<number>;
}

/** What an evaluator measures on the trained model. */
export interface RunEvaluation {
  cleanAccuracy: number;
  /** Top-1 error per corruption at severities 1..5 (the 15 common ones at least). */
  corruptionErrors: Record<string, number[]>;
  cifar101Accuracy?: number;
  /** Robust accuracy per threat, as Table 2 labels it (`l2 0.5`, `linf 1/255`). */
  lpRobustAccuracy?: Record<string, number>;
}

export interface RunEvaluator {
  (
    model: Classifier,
    context: {
      checkpoint: { key: string; sha256?: string; step: number } | undefined;
      progress(update: ExperimentProgress): void;
      signal?: AbortSignal;
    },
  ): Promise<RunEvaluation | undefined>;
}

export interface ExecuteRunOptions {
  /** Store of the run records (and, for store checkpoints, the checkpoints). */
  store: ArtifactStore;
  /**
   * The experiment the run belongs to (created when missing; same content is idempotent). With
   * `join`, the experiment must exist already (created by the gateway with its own config, which
   * the run's is not compared with): a missing one is an error, nothing is created.
   */
  experiment: CreateExperimentInput & { id: string; join?: boolean };
  run: RunSpec;
  train: Dataset;
  checkpoints: RunCheckpoints;
  /** The setup's augmentation and loss; default `buildSetupPipeline` with `resources`. */
  pipeline?(
    model: Classifier,
    resumeStep: number,
  ):
    | Promise<{ augment: TrainAugment; loss: TrainLoss }>
    | { augment: TrainAugment; loss: TrainLoss };
  evaluate: RunEvaluator;
  /** Evaluations through training (e.g. accuracy per corruption); returned values are recorded
   * as the epoch's metrics (with `loss`). */
  onEpochEnd?(epoch: number, meanLoss: number, model: Classifier): Promise<Record<string, number>>;
  onStats?(step: number, stats: Record<string, number[]>): void;
  /**
   * Most AdA images per epoch whose SSIM the run records (a uniform sample of the epoch's AdA
   * images, from the pipeline's `stats.ssim`, into the run's `ada-ssim` record); default 1024.
   */
  adaSsimSampleLimit?: number;
  /** Lifecycle events (`ada.runs.v1` shape); awaited in order. */
  events?(event: RunEventV1): Promise<void>;
  progress?(update: ExperimentProgress): void;
  log(message: string): void;
  /** Aborting stops after the current step with a checkpoint. */
  signal?: AbortSignal;
  /**
   * What an abort means: `cancel` (the user stopped the run: it ends CANCELLED, a later resume
   * is a new run) or `interrupt` (the process is shutting down to be restarted: the run stays
   * RUNNING and the restarted owner reopens it under the same id). Default `cancel`.
   */
  onAbort?: 'cancel' | 'interrupt';
  /**
   * Called once the run's records say SUCCEEDED, before the `completed` event: the adapter's own
   * outputs (files, a result object) go here, and it may add metrics and a result key to the event.
   */
  onCompleted?(
    outcome: RunOutcomeCore,
  ): Promise<{ metrics?: Record<string, number>; resultKey?: string } | void>;
  /** Every how many steps a progress event goes to `events` (records are throttled by time). */
  progressEvery?: number;
  recordsOptions?: RunRecordsWriterOptions;
}

export interface RunOutcomeCore {
  runId: string;
  status: 'completed' | 'cancelled' | 'interrupted';
  steps: number;
  totalSteps: number;
  finalLoss: number;
  /** Step the run resumed from (0 for a fresh start). */
  resumedFrom: number;
  trainSeconds: number;
  evalSeconds: number;
  imagesPerSecond: number;
  /** The last checkpoint written (what the evaluator was given). */
  checkpoint?: { key: string; sha256?: string; step: number };
  /** Present when completed. */
  evaluation?: RunEvaluation & { mce: number };
}

/** The settings of a run that change its result: the experiment's config for one setup. */
export function runConfigOf(config: ExperimentConfig, setup: SetupSpec): Record<string, unknown> {
  const { setups: _setups, seeds: _seeds, ...rest } = config;
  return { ...rest, setup: setup.name };
}

/** A public error code for the records: an `AdaError`'s code, else RUN_FAILED. */
function errorCodeOf(error: unknown): string {
  return error instanceof AdaError ? error.code : 'RUN_FAILED';
}

/** Trains and evaluates one run (see `RunSpec`), writing its records; never throws for a
 * training failure it could record (the run ends FAILED and the error is rethrown). */
export async function executeRun(options: ExecuteRunOptions): Promise<RunOutcomeCore> {
  const { run, store, log } = options;
  const writer = new RunRecordsWriter(store, options.recordsOptions);
  if (options.experiment.join === true) {
    if ((await writer.reader.findExperiment(options.experiment.id)) === undefined) {
      throw new RecordNotFoundError(
        `experiment '${options.experiment.id}' (the run '${run.runId}' was started for it)`,
        { key: recordKeys.experiment(options.experiment.id) },
      );
    }
  } else {
    const { join: _join, ...input } = options.experiment;
    await writer.createExperiment(input);
  }
  const emit = async (event: RunEventV1): Promise<void> => {
    await options.events?.(event);
  };
  const at = () => new Date().toISOString();
  const runConfig = runConfigOf(run.config, run.setup);
  const { config, seed, setup, runId } = run;
  const model = createClassifier(config.model as ClassifierPreset, {
    numClasses: options.train.classNames.length,
    seed: 1000 + seed,
  });
  let resume: TrainState | undefined;
  let recorder: RunRecorder | undefined;
  try {
    resume = await options.checkpoints.load(model);
    const resumeStep = resume?.step ?? 0;
    const existing = await writer.reader.findRun(runId);
    if (existing !== undefined) {
      recorder = await writer.reopenRun(runId, { config: runConfig, step: resumeStep });
    } else {
      recorder = await writer.createRun({
        id: runId,
        experimentId: options.experiment.id,
        setup: setup.name,
        seed,
        config: runConfig,
        source: run.source,
        ...(run.resumeFrom !== undefined
          ? { resumeFrom: { runId: run.resumeFrom, step: resumeStep } }
          : {}),
      });
    }
    if (resume !== undefined && resume.step > 0) log(`${runId}: resuming at step ${resume.step}`);
    if (recorder.record.status === 'QUEUED') await recorder.start();
    await emit({ eventId: `${runId}:started:${Date.now()}`, runId, at: at(), type: 'started' });
    return await trainThenEvaluate(options, model, recorder, resume, emit);
  } catch (error) {
    if (recorder !== undefined && !recorder.finished) {
      const message =
        (error instanceof Error ? error.message : String(error)).slice(0, 4000) || '?';
      const retriable = error instanceof AdaError && isRetriable(error);
      await recorder.fail({ code: errorCodeOf(error), message, retriable });
      await emit({
        eventId: `${runId}:failed:${Date.now()}`,
        runId,
        at: at(),
        type: 'failed',
        reason: message,
        retriable,
      });
    }
    throw error;
  } finally {
    model.dispose();
    if (resume !== undefined) disposeTrainState(resume);
  }
}

async function trainThenEvaluate(
  options: ExecuteRunOptions,
  model: Classifier,
  recorder: RunRecorder,
  resume: TrainState | undefined,
  emit: (event: RunEventV1) => Promise<void>,
): Promise<RunOutcomeCore> {
  const { run, train, log } = options;
  const { config, seed, setup, runId } = run;
  const perEpoch = stepsPerEpoch(train.shape[0], config.train.batchSize);
  const totalSteps = perEpoch * config.train.epochs;
  const progressEvery = options.progressEvery ?? 1;
  // The SSIM of the AdA images trained on (Figure 1b): sampled per epoch, recorded at its end.
  const ssimSample = new AdaSsimSample(options.adaSsimSampleLimit ?? 1024, seed);
  let checkpoint: RunOutcomeCore['checkpoint'];
  let lastRate = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const later = (task: () => Promise<unknown>) => {
    pending = pending.then(task);
  };
  const progress = (update: ExperimentProgress) => {
    options.progress?.(update);
    later(() =>
      recorder.progress({
        phase: update.phase,
        done: update.done,
        total: update.total,
        ...(update.rate === undefined ? {} : { imagesPerSecond: update.rate }),
        ...(update.etaSeconds === undefined ? {} : { etaSeconds: update.etaSeconds }),
      }),
    );
  };
  const { augment, loss } = options.pipeline
    ? await options.pipeline(model, resume?.step ?? 0)
    : buildSetupPipeline(setup, config, seed, { model });
  const phase = `train ${setup.name} s${seed}`;
  // A warm start (`config.ada.warmupEpochs`): the first epochs train without AdA; say so, and
  // say when AdA starts.
  const warmup = setup.ada ? (config.ada.warmupEpochs ?? 0) : 0;
  const adaStartStep = warmup * perEpoch;
  if (warmup > 0) {
    log(
      (resume?.step ?? 0) < adaStartStep
        ? `${runId}: warm start: ${warmup === 1 ? 'epoch 1 trains' : `epochs 1-${warmup} train`} nominally (no AdA); AdA starts at epoch ${warmup + 1} (step ${adaStartStep})`
        : `${runId}: warm start: the ${warmup} nominal epoch(s) are done; AdA on since step ${adaStartStep}`,
    );
  }
  const before =
    resume !== undefined && resume.step > 0
      ? ((await options.checkpoints.trainSecondsBefore?.(resume.step)) ?? 0)
      : 0;
  const t0 = Date.now();
  const result = await trainClassifier({
    model,
    train,
    ...trainScheduleFrom(config),
    seed,
    augment,
    loss,
    ...(resume !== undefined && resume.step > 0 ? { resume } : {}),
    checkpoint: {
      every: config.train.checkpointEvery,
      save: async (state) => {
        const ref = await options.checkpoints.save(state, model, before + (Date.now() - t0) / 1000);
        checkpoint = { ...ref, step: state.step };
        await pending;
        await recorder.checkpoint({ step: state.step, ...ref });
        await emit({
          eventId: `${runId}:checkpoint:${state.step}`,
          runId,
          at: new Date().toISOString(),
          type: 'checkpoint',
          step: state.step,
          key: ref.key,
          ...(ref.sha256 === undefined ? {} : { sha256: ref.sha256 }),
        } as RunEventV1);
      },
    },
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (p) => {
      lastRate = p.imagesPerSecond;
      options.progress?.({
        phase,
        done: p.step,
        total: p.totalSteps,
        rate: p.imagesPerSecond,
        unit: 'img',
        etaSeconds: p.etaSeconds,
        fields: {
          epoch: p.epoch + 1,
          loss: p.loss,
          lr: p.lr,
          ...(warmup > 0 ? { ada: p.epoch < warmup ? 'off (warm-up)' : 'on' } : {}),
        },
      });
      later(async () => {
        await recorder.progress({
          phase: 'train',
          done: p.step,
          total: p.totalSteps,
          step: p.step,
          totalSteps: p.totalSteps,
          epoch: p.epoch,
          totalEpochs: config.train.epochs,
          imagesPerSecond: p.imagesPerSecond,
          etaSeconds: p.etaSeconds,
        });
        if (Number.isFinite(p.loss)) {
          await recorder.stepMetrics(p.step, p.epoch, { loss: p.loss, lr: p.lr });
        }
        if (p.step % progressEvery === 0 || p.step === p.totalSteps) {
          await emit({
            eventId: `${runId}:progress:${p.step}`,
            runId,
            at: new Date().toISOString(),
            type: 'progress',
            step: p.step,
            totalSteps: p.totalSteps,
            metrics: finite({
              loss: p.loss,
              lr: p.lr,
              epoch: p.epoch,
              imagesPerSecond: p.imagesPerSecond,
            }),
          });
        }
      });
    },
    onEpochEnd: async (epoch, meanLoss) => {
      if (warmup > 0 && epoch + 1 === warmup)
        log(
          `${runId}: nominal warm-up done after epoch ${warmup}; AdA starts now (epoch ${warmup + 1}, step ${adaStartStep})`,
        );
      const values = (await options.onEpochEnd?.(epoch, meanLoss, model)) ?? {};
      const point = finite({ loss: meanLoss, ...values });
      const ssim = ssimSample.take();
      await pending;
      await recorder.epochMetrics(epoch + 1, (epoch + 1) * perEpoch, point);
      if (ssim.values.length > 0) {
        await recorder.adaSsim({
          epoch: epoch + 1,
          step: (epoch + 1) * perEpoch,
          ...ssim,
          sampleLimit: ssimSample.limit,
        });
      }
    },
    onStats: (step, stats) => {
      // SSIM lies in [-1, 1]; rounding may step past 1, and a NaN is not a measurement.
      const ssim = (stats['ssim'] ?? [])
        .filter((v) => Number.isFinite(v))
        .map((v) => Math.min(1, Math.max(-1, v)));
      if (ssim.length > 0) ssimSample.add(Math.floor(step / perEpoch), ssim);
      options.onStats?.(step, stats);
    },
  });
  await pending;
  const trainSeconds = before + (Date.now() - t0) / 1000;
  const base = {
    runId,
    steps: result.steps,
    totalSteps: result.totalSteps,
    finalLoss: result.finalLoss,
    resumedFrom: resume?.step ?? 0,
    trainSeconds,
    imagesPerSecond: lastRate,
    ...(checkpoint ? { checkpoint } : {}),
  };
  if (result.status === 'cancelled') return stopped(options, recorder, emit, base, totalSteps);
  const e0 = Date.now();
  const evaluation = await options.evaluate(model, {
    checkpoint,
    progress,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  await pending;
  if (evaluation === undefined) return stopped(options, recorder, emit, base, totalSteps);
  const mce = meanCorruptionError(evaluation.corruptionErrors, COMMON_CORRUPTIONS);
  const evalSeconds = (Date.now() - e0) / 1000;
  await recorder.succeed({
    table1: {
      clean: evaluation.cleanAccuracy,
      mce,
      ...(evaluation.cifar101Accuracy === undefined
        ? {}
        : { cifar101: evaluation.cifar101Accuracy }),
    },
    table2: threatRecordNames(evaluation.lpRobustAccuracy ?? {}),
    corruptions: evaluation.corruptionErrors,
    steps: result.steps,
    trainSeconds,
    evalSeconds,
  });
  log(
    `${runId}: ${setup.name} seed ${seed}: clean ${(100 * evaluation.cleanAccuracy).toFixed(2)}%, mCE ${(100 * mce).toFixed(2)}% (train ${trainSeconds.toFixed(0)} s, ${result.steps} steps)`,
  );
  const outcome: RunOutcomeCore = {
    ...base,
    status: 'completed',
    evalSeconds,
    evaluation: { ...evaluation, mce },
  };
  const extra = (await options.onCompleted?.(outcome)) ?? {};
  await emit({
    eventId: `${runId}:completed`,
    runId,
    at: new Date().toISOString(),
    type: 'completed',
    metrics: finite({
      cleanAccuracy: evaluation.cleanAccuracy,
      mce,
      finalLoss: result.finalLoss,
      steps: result.steps,
      imagesPerSecond: lastRate,
      ...extra.metrics,
    }),
    ...(extra.resultKey === undefined ? {} : { resultKey: extra.resultKey }),
  });
  return outcome;
}

/** An abort: CANCELLED (user) or left RUNNING for the restarted owner (interrupt). */
async function stopped(
  options: ExecuteRunOptions,
  recorder: RunRecorder,
  emit: (event: RunEventV1) => Promise<void>,
  base: Omit<RunOutcomeCore, 'status' | 'evalSeconds'>,
  totalSteps: number,
): Promise<RunOutcomeCore> {
  const { runId } = options.run;
  const where = base.checkpoint ? `; checkpoint ${base.checkpoint.key}` : '';
  if (options.onAbort === 'interrupt') {
    await recorder.flush();
    options.log(`${runId}: interrupted at step ${base.steps}/${totalSteps}${where}`);
    return { ...base, status: 'interrupted', evalSeconds: 0 };
  }
  await recorder.cancel(`stopped at step ${base.steps}/${totalSteps}`);
  await emit({
    eventId: `${runId}:cancelled`,
    runId,
    at: new Date().toISOString(),
    type: 'cancelled',
    reason: `stopped at step ${base.steps}/${totalSteps}`,
  });
  options.log(`${runId}: cancelled at step ${base.steps}/${totalSteps}${where}`);
  return { ...base, status: 'cancelled', evalSeconds: 0 };
}

/** Top-1 error per corruption at severities 1..5 and clean accuracy of `model` on `test` and its
 * corruption benchmark: the one evaluation of `ada run`, the run core and the metrics-service. */
export async function evaluateCleanAndCorruptions(
  model: Classifier,
  test: Dataset,
  bench: CorruptionBenchmark,
  onProgress?: (done: number, total: number, name: string) => void,
): Promise<Pick<RunEvaluation, 'cleanAccuracy' | 'corruptionErrors'>> {
  const cleanAccuracy = await evaluateAccuracy(model, test);
  const errs = await evaluateCorruptionBenchmark(model, bench, onProgress ? { onProgress } : {});
  const corruptionErrors: Record<string, number[]> = {};
  for (const [name, list] of Object.entries(errs)) {
    corruptionErrors[name] = [...list!].sort((a, b) => a.severity - b.severity).map((e) => e.error);
  }
  return { cleanAccuracy, corruptionErrors };
}

/**
 * Table 2's threat labels (`l2 0.5`) as the run records name them (`l2_0.5`: record keys have no
 * spaces). Without this, every run with l_p evaluation (cpu-full, paper) failed at its very end.
 */
export function threatRecordNames(byLabel: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(byLabel).map(([label, value]) => [label.trim().replace(/\s+/g, '_'), value]),
  );
}

function finite(metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v)));
}
