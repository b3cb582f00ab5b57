import { randomBytes } from 'node:crypto';
import * as tf from '@tensorflow/tfjs-core';
import { composePipeline } from '@ada/augment';
import {
  dequantizeImages,
  evalRequestsV1,
  evalResultsV1,
  quantizeImages,
  runsV1,
  type EvalResultV1,
  type RunEventV1,
} from '@ada/contracts';
import { publishEvents, RequestReplyClient, type EventBus } from '@ada/bus';
import { loadTrainTest, type Dataset } from '@ada/data';
import type { Classifier } from '@ada/models';
import { ObjectNotFoundError, type ArtifactStore } from '@ada/store';
import { RunRecordsReader } from '@ada/records';
import type { Logger } from '@ada/service-kit';
import {
  buildSetupPipeline,
  disposeTrainState,
  epochOrder,
  evaluateHistory,
  executeRun,
  type RunOutcomeCore,
  gatherBatch,
  historyDue,
  historySet,
  stepSeed,
  stepsPerEpoch,
  type HistorySet,
  type RunEvaluation,
  type TrainAugment,
  type TrainResult,
} from '@ada/training';
import type { ResolvedRun } from './run_config.ts';
import { RemoteAda, type RemoteAdaStats } from './remote_ada.ts';
import { StoreCheckpoints, type CheckpointRef } from './store_checkpoints.ts';

/**
 * One training run of the trainer service, from `started` to `completed` or `failed`:
 *
 * 1. data (demo, or CIFAR-10 under `datasetDir`) and the classifier of the run;
 * 2. resume from the newest checkpoint in the store, or publish the initial one (step 0);
 * 3. `trainClassifier` (libs/training) with an `augment` hook that, for AdA setups, runs the
 *    setup's pipeline in two halves around the remote AdA exchange (pad-crop-flip here, AdA on
 *    the corruption workers, AugMix here), checkpoints at `train.checkpointEvery` steps, and
 *    after every `eval.historyEvery`-th epoch the per-corruption accuracy of Figure 2 (recorded
 *    by the run core with the SSIM of the AdA images the workers returned);
 * 4. a `corruption-benchmark` request on `ada.eval.requests.v1` for the final checkpoint, and
 *    its result table;
 * 5. `runs/<runId>/result.json` in the store, then the `completed` event.
 *
 * A run whose `result.json` says completed is not trained again (a redelivered `created`).
 */
export interface TrainRunDeps {
  bus: EventBus;
  store: ArtifactStore;
  /** CIFAR-10 binary batches; the demo dataset without it. */
  datasetDir?: string;
  /** Graceful shutdown: stop after the current step with a checkpoint. */
  signal?: AbortSignal;
  /** Structured log; a run's records carry its `runId`, its end a `trainer.run_summary`. */
  log: Logger;
  /** The consumer group prefix of this trainer's private subscriptions. */
  groupPrefix?: string;
}

export interface RunOutcome {
  runId: string;
  status: 'completed' | 'failed' | 'interrupted';
  /** `runs/<runId>/result.json`. */
  resultKey: string;
  reason?: string;
}

/** What `runs/<runId>/result.json` holds. */
export interface RunRecord {
  runId: string;
  status: 'completed' | 'failed';
  setup: string;
  seed: number;
  config: ResolvedRun['experiment'];
  training?: Omit<TrainResult, 'status'> & { imagesPerSecond: number; resumedFrom: number };
  remote?: RemoteAdaStats;
  /** Mean SSIM of the AdA outputs trained on. */
  adaSsimMean?: number;
  evaluation?: EvalResultV1;
  reason?: string;
}

const ID_SAFE = /[^A-Za-z0-9._:-]/g;

export function runResultKey(runId: string): string {
  return `runs/${runId}/result.json`;
}

async function readRecord(store: ArtifactStore, runId: string): Promise<RunRecord | undefined> {
  try {
    return JSON.parse(new TextDecoder().decode(await store.get(runResultKey(runId)))) as RunRecord;
  } catch (e) {
    if (e instanceof ObjectNotFoundError) return undefined;
    throw e;
  }
}

/**
 * The record a trainer logs when a run completes (`msg` `trainer.run_summary`): what the run
 * was and the numbers it ended with, in one place.
 */
export interface RunSummary {
  runId: string;
  setup: string;
  seed: number;
  /** Top-1 accuracy on the clean test set, in [0, 1]. */
  cleanAccuracy: number;
  /** Mean corruption error over the 15 common corruptions, in [0, 1]. */
  mce: number;
  trainSeconds: number;
  evalSeconds: number;
  steps: number;
  /** Training throughput of the last measured interval. */
  imagesPerSecond: number;
}

export function runSummary(run: ResolvedRun, outcome: RunOutcomeCore): RunSummary | undefined {
  if (outcome.status !== 'completed' || outcome.evaluation === undefined) return undefined;
  return {
    runId: run.runId,
    setup: run.setup.name,
    seed: run.seed,
    cleanAccuracy: outcome.evaluation.cleanAccuracy,
    mce: outcome.evaluation.mce,
    trainSeconds: outcome.trainSeconds,
    evalSeconds: outcome.evalSeconds,
    steps: outcome.steps,
    imagesPerSecond: outcome.imagesPerSecond,
  };
}

export async function trainRun(run: ResolvedRun, deps: TrainRunDeps): Promise<RunOutcome> {
  const { runId } = run;
  const resultKey = runResultKey(runId);
  const log = deps.log.child({ runId });
  const done = await readRecord(deps.store, runId);
  if (done?.status === 'completed') {
    log.info('trainer.run_skipped', { reason: 'completed earlier', resultKey });
    return { runId, status: 'completed', resultKey };
  }
  const incarnation = randomBytes(4).toString('hex');
  const emit = (event: RunEventV1) => publishEvents(deps.bus, runsV1, [event]);
  try {
    return await execute(run, { ...deps, log }, incarnation, emit);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 4000) || '?';
    const retriable =
      typeof error === 'object' &&
      error !== null &&
      (error as { retriable?: unknown }).retriable === true;
    log.error('trainer.run_failed', { setup: run.setup.name, seed: run.seed, reason });
    const record: RunRecord = {
      runId,
      status: 'failed',
      setup: run.setup.name,
      seed: run.seed,
      config: run.experiment,
      reason,
    };
    await deps.store.put(resultKey, encodeJson(record));
    // The run core records FAILED and sends `failed` for errors once the run has started; an
    // error before that (data, experiment records) is announced here.
    const recorded = await new RunRecordsReader(deps.store).findRun(runId).catch(() => undefined);
    if (recorded?.status !== 'FAILED') {
      await emit({
        eventId: `${runId}:failed:${incarnation}`,
        runId,
        at: new Date().toISOString(),
        type: 'failed',
        reason,
        retriable,
      });
    }
    return { runId, status: 'failed', resultKey, reason };
  }
}

/** The experiment a cluster run belongs to in the run records (one per run id for now). */
export function clusterExperimentId(runId: string): string {
  return `exp.${runId}`.slice(0, 200);
}

async function execute(
  run: ResolvedRun,
  deps: TrainRunDeps,
  incarnation: string,
  emit: (e: RunEventV1) => Promise<void>,
): Promise<RunOutcome> {
  const { runId, seed, experiment: config, setup, remote: settings } = run;
  const { store, bus } = deps;
  const data = await loadTrainTest({
    ...(deps.datasetDir ? { dataDir: deps.datasetDir } : {}),
    trainSize: config.data.trainSize,
    testSize: config.data.testSize,
    seed: 0,
  });
  const train = data.train;
  const ckpts = new StoreCheckpoints(store, runId);
  let current: CheckpointRef | undefined;
  const perEpoch = stepsPerEpoch(train.shape[0], config.train.batchSize);
  const totalSteps = perEpoch * config.train.epochs;
  const k = setup.ada ? Math.round(config.ada.fraction * config.train.batchSize) : 0;
  const remote =
    k > 0
      ? new RemoteAda({
          bus,
          store,
          runId,
          incarnation,
          config: {
            network: config.ada.network,
            nu: config.ada.nu,
            steps: config.ada.steps,
            ssimThreshold: config.ada.ssimThreshold,
            offsets: config.ada.offsets,
            ...(config.ada.residual === undefined ? {} : { residual: config.ada.residual }),
            ...(config.ada.stepRule === undefined ? {} : { stepRule: config.ada.stepRule }),
          },
          totalSteps,
          lookahead: settings.lookahead,
          maxStaleness: settings.maxStaleness,
          batchTimeoutMs: settings.batchTimeoutMs,
          onMissing: settings.onMissing,
          cleanBatch: (step) => cleanAdaHead(train, run, step, k),
          ...(deps.signal ? { signal: deps.signal } : {}),
          log: (line) => deps.log.warn(line),
        })
      : undefined;
  const evalClient = new RequestReplyClient(bus, {
    request: evalRequestsV1,
    reply: evalResultsV1,
    groupId: `${deps.groupPrefix ?? 'trainer-service'}.${runId}.${incarnation}.eval`.replace(
      ID_SAFE,
      '_',
    ),
  });
  const ssims: number[] = [];
  // Figure 2's images (the first eval.historySize test images, severity 3), made when first due.
  let history: HistorySet | undefined;
  let evaluation: Extract<EvalResultV1, { status: 'ok' }> | undefined;
  try {
    const outcome = await executeRun({
      store,
      // A run started for an experiment (the gateway's startRun) joins it; a run started on
      // its own (a run file, a bare created event) gets an experiment of its own.
      experiment: {
        id: run.experimentId ?? clusterExperimentId(runId),
        name: run.experimentId ?? runId,
        source: 'trainer-service',
        config: config as unknown as Record<string, unknown>,
        setups: config.setups,
        seeds: config.seeds,
        ...(run.experimentId === undefined ? {} : { join: true }),
      },
      run: { runId, setup, seed, config, source: 'trainer-service' },
      train,
      checkpoints: {
        load: async (model) => {
          const resume = await ckpts.loadLatest();
          if (resume !== undefined && resume.step > 0) {
            current = (await ckpts.latest())!;
            return resume;
          }
          if (resume !== undefined) disposeTrainState(resume);
          // Workers need a checkpoint to attack from the first step on.
          current = await ckpts.save(model, 0, model.getWeights());
          return undefined;
        },
        save: async (state, model) => {
          current = await ckpts.save(model, state.step, state.weights, state.optimizer);
          remote?.setCheckpoint(current);
          await ckpts.prune(state.step - settings.maxStaleness, state.step);
          return { key: current.key, sha256: current.sha256 };
        },
      },
      pipeline: async (model, resumeStep) => {
        await evalClient.start();
        await remote?.start(current!, resumeStep);
        return remote
          ? remoteAdaPipeline(run, model, remote, k)
          : buildSetupPipeline(setup, config, seed, { model });
      },
      onStats: (_step, stats) => ssims.push(...(stats.ssim ?? [])),
      onEpochEnd: async (epoch, _meanLoss, model) => {
        if (!historyDue(epoch, config.eval.historyEvery, config.train.epochs)) return {};
        history ??= historySet(data.test, config.eval.historySize);
        return evaluateHistory(model, history);
      },
      evaluate: async (_model, { signal }) => {
        const ref = current!;
        const evaluating = evalClient.request(
          {
            requestId: `${runId}.eval.corruption-benchmark`,
            runId,
            at: new Date().toISOString(),
            kind: 'corruption-benchmark',
            checkpoint: { key: ref.key, step: ref.step, sha256: ref.sha256 },
            params: {
              dataset: data.source.kind === 'demo' ? 'demo' : 'cifar10',
              testSize: config.data.testSize,
              benchmarkSize: config.eval.benchmarkSize,
              extraCorruptions: config.eval.extraCorruptions,
              label: setup.name,
            },
          },
          { timeoutMs: settings.evalTimeoutMs },
        );
        // Shutdown while waiting: stop here; the restarted run finds its final checkpoint,
        // trains no step and asks again under the same request id (answered from the stored
        // reply).
        const reply = await untilAborted(evaluating, signal);
        if (reply === undefined) {
          evaluating.catch(() => undefined);
          return undefined;
        }
        if (reply.status !== 'ok') {
          throw new Error(`corruption-benchmark evaluation failed: ${reply.error}`);
        }
        evaluation = reply;
        return evaluationFromMetrics(reply.metrics);
      },
      onCompleted: async (outcome) => {
        const record: RunRecord = {
          runId,
          status: 'completed',
          setup: setup.name,
          seed,
          config,
          training: {
            steps: outcome.steps,
            totalSteps: outcome.totalSteps,
            finalLoss: outcome.finalLoss,
            seconds: outcome.trainSeconds,
            imagesPerSecond: outcome.imagesPerSecond,
            resumedFrom: outcome.resumedFrom,
          },
          ...(remote ? { remote: remote.stats } : {}),
          ...(ssims.length > 0
            ? { adaSsimMean: ssims.reduce((a, b) => a + b, 0) / ssims.length }
            : {}),
          ...(evaluation ? { evaluation } : {}),
        };
        await store.put(runResultKey(runId), encodeJson(record));
        const metrics: Record<string, number> = remote
          ? {
              adaBatches: remote.stats.used.length,
              adaMissing: remote.stats.missing.length,
              adaDuplicates: remote.stats.duplicates,
            }
          : {};
        return { metrics, resultKey: evaluation?.tableKey ?? runResultKey(runId) };
      },
      events: emit,
      progressEvery: settings.progressEvery,
      onAbort: 'interrupt',
      log: (line) => deps.log.info(line),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    if (outcome.status !== 'completed') {
      return { runId, status: 'interrupted', resultKey: runResultKey(runId) };
    }
    const summary = runSummary(run, outcome);
    if (summary !== undefined) deps.log.info('trainer.run_summary', { ...summary });
    return { runId, status: 'completed', resultKey: runResultKey(runId) };
  } finally {
    await remote?.close();
    await evalClient.close();
  }
}

/**
 * The run core's evaluation from a corruption-benchmark reply: clean accuracy and the top-1
 * error per corruption and severity (`error.<corruption>.s<severity>` metrics of the reply).
 */
export function evaluationFromMetrics(metrics: Record<string, number>): RunEvaluation {
  const corruptionErrors: Record<string, number[]> = {};
  for (const [key, value] of Object.entries(metrics)) {
    const m = /^error\.(.+)\.s([1-5])$/.exec(key);
    if (m === null) continue;
    (corruptionErrors[m[1]!] ??= [])[Number(m[2]) - 1] = value;
  }
  const cleanAccuracy = metrics['cleanAccuracy'];
  if (cleanAccuracy === undefined || Object.keys(corruptionErrors).length === 0) {
    throw new Error(
      "corruption-benchmark reply lacks 'cleanAccuracy' or per-severity 'error.<corruption>.s<n>' metrics",
    );
  }
  return { cleanAccuracy, corruptionErrors };
}

/**
 * The clean AdA head of step `step`: the batch `trainClassifier` will draw at that step (same
 * epoch order and indices), through the pre-AdA half of the pipeline (pad-crop-flip), its first
 * `k` examples as uint8 (lossless: pad-crop-flip moves and zeroes pixels only).
 */
async function cleanAdaHead(
  train: Dataset,
  run: ResolvedRun,
  step: number,
  k: number,
): Promise<{
  images: Uint8Array;
  shape: [number, number, number, 3];
  labels: number[];
  seed: number;
}> {
  const { batchSize } = run.experiment.train;
  const perEpoch = stepsPerEpoch(train.shape[0], batchSize);
  const order = epochOrder(train.shape[0], run.seed, Math.floor(step / perEpoch));
  const offset = (step % perEpoch) * batchSize;
  const indices = Array.from(order.subarray(offset, offset + k));
  const { images, labels } = gatherBatch(train, indices);
  const pre = preAdaPipeline(run);
  const out = pre({ images, labels, indices });
  try {
    const values = (await out.images.data()) as Float32Array;
    const [, h, w] = train.shape;
    return {
      images: quantizeImages(values),
      shape: [k, h, w, 3],
      labels: Array.from((await labels.data()) as Int32Array),
      seed: stepSeed(run.seed, step, 0xada),
    };
  } finally {
    tf.dispose([images, labels, out.images]);
  }
}

function preAdaPipeline(run: ResolvedRun) {
  return composePipeline({ seed: run.seed, padCropFlip: { mode: run.experiment.train.padMode } });
}

/**
 * The setup's pipeline split around remote AdA: pad-crop-flip (here) -> the first `k` examples
 * replaced by their corrupted versions from the workers -> AugMix (here), with the setup's loss.
 * Every stage is seeded per example from the run seed and the example index, so each half draws
 * what the embedded pipeline draws.
 */
function remoteAdaPipeline(
  run: ResolvedRun,
  model: Classifier,
  remote: RemoteAda,
  k: number,
): { augment: TrainAugment; loss: ReturnType<typeof buildSetupPipeline>['loss'] } {
  const { setup, experiment: config, seed } = run;
  const pre = preAdaPipeline(run);
  const jsd = setup.augmix && config.augmix.jsd;
  const post = setup.augmix
    ? composePipeline({ seed, padCropFlip: false, augmix: { views: jsd ? 2 : 1 } })
    : undefined;
  // The loss of the setup (AugMix's JSD or cross-entropy) comes from libs/training as is.
  const { loss } = buildSetupPipeline({ ...setup, ada: false }, config, seed, { model });
  const augment: TrainAugment = async (batch) => {
    const taking = remote.take(batch.step);
    const cleanOut = pre(batch);
    let got;
    try {
      got = await taking;
    } catch (error) {
      cleanOut.images.dispose();
      throw error;
    }
    let mixed = cleanOut.images;
    if (got.kind === 'ok') {
      const [b, h, w] = cleanOut.images.shape;
      mixed = tf.tidy(() => {
        const head = tf.tensor4d(dequantizeImages(got.images), [k, h, w, 3]);
        if (k === b) return head;
        const tail = tf.slice(cleanOut.images, [k, 0, 0, 0], [b - k, -1, -1, -1]);
        return tf.concat([head, tail], 0);
      });
      cleanOut.images.dispose();
    }
    const stats = got.kind === 'ok' ? { ssim: got.ssim } : undefined;
    if (post === undefined) return { views: [mixed], ...(stats ? { stats } : {}) };
    const out = post({ images: mixed, labels: batch.labels, indices: batch.indices });
    mixed.dispose();
    return { views: [out.images, ...out.augmixViews], ...(stats ? { stats } : {}) };
  };
  return { augment, loss };
}

/** Resolves with the value, or undefined as soon as `signal` aborts. */
function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T | undefined> {
  if (signal === undefined) return work;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

function encodeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
}
