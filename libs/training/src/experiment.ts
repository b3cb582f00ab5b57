import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { loadCifar101, loadTrainTest, sliceDataset, type Dataset } from '@ada/data';
import { COMMON_CORRUPTIONS, EXTRA_CORRUPTIONS, type CorruptionName } from '@ada/corruptions';
import type { CorruptionNetwork } from '@ada/models';
import { RunRecordsReader } from '@ada/records';
import { FsArtifactStore, type ArtifactStore } from '@ada/store';
import type { SourceStage } from '@ada/augment';
import {
  evaluateAccuracy,
  evaluateLpRobustness,
  generateCorruptionBenchmarkAsync,
  type CorruptionBenchmark,
} from './evaluate.ts';
import { evaluateCleanAndCorruptions, executeRun } from './run_core.ts';
import { evaluateHistory, historyDue, historySet, type HistorySet } from './epoch_history.ts';
import { renderAccuracyHeatmap, type HistoryPoint } from './figures.ts';
import { buildSetupPipeline } from './pipeline.ts';
import type { ExperimentConfig } from './presets.ts';
import { parseSetup, type SetupSpec } from './setups.ts';
import { stepsPerEpoch, type TrainState } from './train_loop.ts';
import { chanceWarning, stuckAtChance } from './chance_watch.ts';
import { configHash, type DataKind } from './config_hash.ts';
import {
  checkRecordedConfig,
  checkRunRecord,
  clearRunArtifacts,
  readJsonFile,
  recordConfig,
  writeRunRecord,
} from './run_folder.ts';

/** Where checkpoints of one training run live (a directory of the embedded filesystem store). */
export interface CheckpointIO {
  /** The latest checkpoint under `dir`, or undefined when there is none. */
  load(dir: string): Promise<TrainState | undefined>;
  save(dir: string, state: TrainState, meta: Record<string, unknown>): Promise<void>;
}

/** The pieces an experiment needs that live in other libraries or processes. */
export interface ExperimentDeps {
  /** `weights`: a folder of converted weights (`AdaRunConfig.networkWeights`), if any. */
  loadCorruptionNetwork(name: string, weights?: string): Promise<CorruptionNetwork>;
  checkpoints: CheckpointIO;
  /** Builds the DeepAugment source for `train` with `copies` per image (1 or 10). */
  deepAugmentSource?(
    train: Dataset,
    copies: number,
    seed: number,
    cacheDir: string,
  ): Promise<SourceStage>;
}

export interface ExperimentProgress {
  phase: string;
  done: number;
  total: number;
  rate?: number;
  unit?: string;
  etaSeconds?: number;
  fields?: Record<string, number | string>;
}

export interface ExperimentIO {
  /** Root of this experiment's files (results, checkpoints, figures). */
  runDir: string;
  /** Folder with CIFAR-10 binary batches (and optionally CIFAR-10.1 files); else the demo dataset. */
  dataDir?: string;
  log(message: string, fields?: Record<string, unknown>): void;
  progress(update: ExperimentProgress): void;
  /** Ctrl-C: stop after the current step, with a checkpoint. */
  signal?: AbortSignal;
  /** Continue runs that have a checkpoint; reuse finished ones. Otherwise start afresh. */
  resume?: boolean;
  /** Run only this setup and seed (one job of a parallel experiment). */
  only?: { setup: string; seed: number };
  /**
   * Where the run records go (`@ada/records`) and the experiment's id there. Default: a
   * filesystem store rooted at `runDir`, the experiment named after the folder.
   */
  records?: { store: ArtifactStore; experimentId: string };
}

/** The result of training and evaluating one setup with one seed. */
export interface RunResult {
  setup: string;
  seed: number;
  status: 'completed' | 'cancelled';
  cleanAccuracy: number;
  /** Plain mean of the 15 per-corruption errors (each the mean over 5 severities). */
  mce: number;
  /** Top-1 error per corruption and severity (1..5). */
  corruptionErrors: Record<string, number[]>;
  cifar101Accuracy?: number;
  /** Robust accuracy per threat model (`l2 0.5`, `linf 1/255`, ...), when the preset attacks. */
  lpRobustAccuracy?: Record<string, number>;
  /** Per-corruption accuracy (severity 3) through training. */
  history: HistoryPoint[];
  /** SSIM of every AdA corruption produced in the last epoch (empty without AdA). */
  adaSsim: number[];
  /** Training time in seconds, the parts before a resume included. */
  trainSeconds: number;
  evalSeconds: number;
  steps: number;
  /** `configHash` of the settings this run was trained under (absent in older results). */
  configHash?: string;
}

export interface ExperimentResult {
  config: ExperimentConfig;
  dataSource: string;
  benchmarkSource: string;
  runs: RunResult[];
}

function runKey(setup: SetupSpec, seed: number): string {
  return `${setup.name.replace(/\+/g, '_')}/seed-${seed}`;
}

/** The data an experiment trains on: CIFAR-10 when a data folder is given, else the demo set. */
function dataKindOf(io: ExperimentIO): DataKind {
  return io.dataDir ? 'cifar10' : 'demo';
}

/** What every run of an experiment shares: the data and the corruption benchmark. */
interface ExperimentContext {
  train: Dataset;
  test: Dataset;
  bench: CorruptionBenchmark;
  /** The images of Figure 2 (per-corruption accuracy through training). */
  history: HistorySet;
  cifar101?: Dataset;
  dataSource: string;
  benchmarkSource: string;
}

/** The sources named in the report, kept beside the runs so a fully reused experiment has them. */
interface ContextSummary {
  dataSource: string;
  benchmarkSource: string;
}

async function prepareContext(
  config: ExperimentConfig,
  io: ExperimentIO,
): Promise<ExperimentContext> {
  const data = await loadTrainTest({
    ...(io.dataDir ? { dataDir: io.dataDir } : {}),
    trainSize: config.data.trainSize,
    testSize: config.data.testSize,
    seed: 0,
    ...(config.data.demoVariant ? { demoVariant: config.data.demoVariant } : {}),
  });
  if (io.dataDir && data.source.kind !== 'cifar10') {
    throw new Error(`--data-dir ${io.dataDir}: ${data.source.reason}`);
  }
  if (config.data.source === 'cifar10' && data.source.kind !== 'cifar10') {
    throw new Error(
      `Preset '${config.preset}' needs CIFAR-10: ${data.source.reason}; pass --data-dir`,
    );
  }
  const dataSource =
    data.source.kind === 'cifar10'
      ? `CIFAR-10 from ${data.source.dir}`
      : `synthetic demo dataset${data.source.variant ? ` (variant ${data.source.variant})` : ''} (${data.source.reason})`;
  io.log(`data: ${dataSource}; train ${data.train.shape[0]}, test ${data.test.shape[0]} images`);
  let cifar101: Dataset | undefined;
  if (io.dataDir) {
    try {
      cifar101 = await loadCifar101({ dir: io.dataDir });
      io.log(`CIFAR-10.1: ${cifar101.shape[0]} images`);
    } catch {
      io.log('CIFAR-10.1: no files in the data directory; its column stays empty');
    }
  }

  const corruptions: CorruptionName[] = [
    ...COMMON_CORRUPTIONS,
    ...(config.eval.extraCorruptions ? EXTRA_CORRUPTIONS : []),
  ];
  const benchTest = sliceDataset(data.test, 0, config.eval.benchmarkSize);
  const t0 = Date.now();
  const bench = await generateCorruptionBenchmarkAsync(benchTest, corruptions, {
    seed: 0,
    ...(io.signal ? { signal: io.signal } : {}),
    onProgress: (done, total, name) =>
      io.progress({ phase: 'benchmark', done, total, unit: 'sets', fields: { set: name } }),
  });
  io.log(
    `corruption benchmark: ${corruptions.length} corruptions x 5 severities x ${benchTest.shape[0]} images in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  const summary: ContextSummary = { dataSource, benchmarkSource: bench.source };
  // Written by every job of a parallel experiment with the same content: write-then-rename.
  const tmp = join(io.runDir, `context.json.${process.pid}.tmp`);
  await writeFile(tmp, `${JSON.stringify(summary)}\n`);
  await rename(tmp, join(io.runDir, 'context.json'));
  return {
    train: data.train,
    test: data.test,
    bench,
    history: historySet(benchTest, config.eval.historySize, bench),
    ...(cifar101 ? { cifar101 } : {}),
    ...summary,
  };
}

/**
 * Trains and evaluates every setup x seed of `config` in this process (embedded mode), writing
 * per-run results, checkpoints and figures under `io.runDir`, and returns all results. With
 * `io.resume`, finished runs are reused and interrupted ones continue from their checkpoint. With
 * `io.only`, runs just that setup and seed (one job of a parallel experiment: the caller collects
 * the results afterwards with a `resume` call) and writes neither `config.json` nor `results.json`.
 * Data and the corruption benchmark are prepared on first need, so a fully reused experiment
 * costs no training-time work.
 */
export async function runExperiment(
  config: ExperimentConfig,
  deps: ExperimentDeps,
  io: ExperimentIO,
): Promise<ExperimentResult> {
  const setups = config.setups.map(parseSetup);
  await mkdir(io.runDir, { recursive: true });
  let prepared: Promise<ExperimentContext> | undefined;
  const context = (): Promise<ExperimentContext> => (prepared ??= prepareContext(config, io));
  const hash = configHash(config, dataKindOf(io));

  if (io.only) {
    const { setup: name, seed } = io.only;
    const setup = setups.find((s) => s.name === parseSetup(name).name);
    if (!setup || !config.seeds.includes(seed)) {
      throw new RangeError(
        `io.only: ${name} seed ${seed} is not a run of this experiment (setups ${config.setups.join(', ')}; seeds ${config.seeds.join(', ')})`,
      );
    }
    if (io.resume) await checkRecordedConfig(io.runDir, config, dataKindOf(io));
    const run = await runOne(setup, seed, config, hash, deps, io, context);
    const summary = prepared ? await prepared : await readContextSummary(io.runDir);
    return { config, ...summaryOrUnknown(summary), runs: [run] };
  }

  // Resuming never relabels: a config.json recorded under other settings is an error.
  await recordConfig(io.runDir, config, dataKindOf(io), { replace: !io.resume });
  const runs: RunResult[] = [];
  const finish = async (): Promise<ExperimentResult> => {
    const summary = prepared
      ? await prepared
      : ((await readContextSummary(io.runDir)) ?? (await context()));
    const out = { config, ...summaryOrUnknown(summary), runs };
    await writeFile(join(io.runDir, 'results.json'), `${JSON.stringify(out, null, 2)}\n`);
    return out;
  };
  for (const setup of setups) {
    for (const seed of config.seeds) {
      const result = await runOne(setup, seed, config, hash, deps, io, context);
      runs.push(result);
      if (result.status === 'cancelled') return finish();
    }
  }
  return finish();
}

async function readContextSummary(runDir: string): Promise<ContextSummary | undefined> {
  return readJsonFile<ContextSummary>(join(runDir, 'context.json'));
}

function summaryOrUnknown(summary: ContextSummary | undefined): ContextSummary {
  return {
    dataSource: summary?.dataSource ?? 'unknown',
    benchmarkSource: summary?.benchmarkSource ?? 'unknown',
  };
}

/** Ids of records: `[A-Za-z0-9._:-]`, at most 200 characters. */
function recordId(text: string): string {
  return text.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 150) || 'experiment';
}

/**
 * The id of this attempt at `setup` x `seed`: the unfinished run of a resumed experiment keeps
 * its id (reopened); otherwise a new id, `resumeFrom` the last finished attempt when resuming.
 */
async function attemptOf(
  reader: RunRecordsReader,
  experimentId: string,
  setup: SetupSpec,
  seed: number,
  resume: boolean,
): Promise<{ runId: string; resumeFrom?: string }> {
  const base = `${experimentId}.${recordId(setup.name)}.s${seed}`;
  const earlier = await reader.listRuns({ experimentId, setup: setup.name, seed });
  const last = earlier.at(-1);
  if (last === undefined) return { runId: base };
  if (resume && (last.status === 'RUNNING' || last.status === 'QUEUED')) return { runId: last.id };
  const runId = `${base}.${earlier.length + 1}`;
  return resume && last.status !== 'SUCCEEDED' ? { runId, resumeFrom: last.id } : { runId };
}

async function runOne(
  setup: SetupSpec,
  seed: number,
  config: ExperimentConfig,
  hash: string,
  deps: ExperimentDeps,
  io: ExperimentIO,
  context: () => Promise<ExperimentContext>,
): Promise<RunResult> {
  const dir = join(io.runDir, runKey(setup, seed));
  const resultPath = join(dir, 'result.json');
  if (io.resume) {
    await checkRunRecord(dir, hash, `${setup.name} seed ${seed}`);
    const done = await readJsonFile<RunResult>(resultPath);
    if (done && done.status === 'completed') {
      io.log(`${setup.name} seed ${seed}: finished earlier, reusing ${resultPath}`);
      return done;
    }
  } else {
    // Starting afresh removes only what a run writes; other files in its folder stay.
    await clearRunArtifacts(dir);
  }
  const { train, test, bench, ...extra } = await context();
  await mkdir(dir, { recursive: true });
  await writeRunRecord(dir, { setup: setup.name, seed, configHash: hash });
  const ckptDir = join(dir, 'checkpoint');
  const timePath = join(dir, 'train_time.json');
  // The run records live in the experiment folder itself (a filesystem artifact store), so the
  // checkpoint keys they name are paths under it.
  const store = io.records?.store ?? new FsArtifactStore({ root: io.runDir });
  const experimentId = io.records?.experimentId ?? recordId(basename(resolve(io.runDir)));
  const attempt = await attemptOf(
    new RunRecordsReader(store),
    experimentId,
    setup,
    seed,
    io.resume === true,
  );
  const adaNetwork = setup.ada
    ? await deps.loadCorruptionNetwork(config.ada.network, config.ada.networkWeights)
    : undefined;
  const deepAugmentSource =
    setup.deepaugment > 0
      ? await deps.deepAugmentSource?.(
          train,
          setup.deepaugment,
          seed,
          join(io.runDir, 'deepaugment'),
        )
      : undefined;
  const history: HistoryPoint[] =
    (await readJsonFile<HistoryPoint[]>(join(dir, 'history.json'))) ?? [];
  let adaSsim: number[] = [];
  let warnedChance = false;
  const ckptKey = (step: number) =>
    `${relative(io.runDir, ckptDir).split(sep).join('/')}/step-${step}/manifest.json`;
  try {
    const outcome = await executeRun({
      store,
      experiment: {
        id: experimentId,
        name: basename(resolve(io.runDir)),
        source: 'ada run',
        config: config as unknown as Record<string, unknown>,
        setups: config.setups,
        seeds: config.seeds,
      },
      run: {
        runId: attempt.runId,
        setup,
        seed,
        config,
        source: 'ada run',
        ...(attempt.resumeFrom ? { resumeFrom: attempt.resumeFrom } : {}),
      },
      train,
      checkpoints: {
        load: async () => (io.resume ? deps.checkpoints.load(ckptDir) : undefined),
        save: async (state, _model, seconds) => {
          await deps.checkpoints.save(ckptDir, state, {
            setup: setup.name,
            seed,
            model: config.model,
            configHash: hash,
          });
          // The training time up to this checkpoint, so a resumed run's trainSeconds adds up.
          await writeFile(timePath, `${JSON.stringify({ step: state.step, seconds })}\n`);
          return { key: ckptKey(state.step) };
        },
        trainSecondsBefore: async (step) => {
          const t = await readJsonFile<{ step: number; seconds: number }>(timePath);
          return t !== undefined && t.step === step ? t.seconds : 0;
        },
      },
      pipeline: (model) =>
        buildSetupPipeline(setup, config, seed, {
          model,
          ...(adaNetwork ? { adaNetwork } : {}),
          ...(deepAugmentSource ? { deepAugmentSource } : {}),
          onAdaStats: (stats) => {
            adaSsim.push(...stats.map((s) => s.ssim));
          },
        }),
      onEpochEnd: async (epoch, meanLoss, model) => {
        if (epoch + 1 < config.train.epochs) adaSsim = [];
        if (!historyDue(epoch, config.eval.historyEvery, config.train.epochs)) return {};
        const accuracy = await evaluateHistory(model, extra.history);
        history.push({ epoch: epoch + 1, accuracy });
        await writeFile(join(dir, 'history.json'), `${JSON.stringify(history)}\n`);
        const health = {
          epoch: epoch + 1,
          steps: (epoch + 1) * stepsPerEpoch(train.shape[0], config.train.batchSize),
          cleanAccuracy: accuracy.clean!,
          meanLoss,
          classes: train.classNames.length,
        };
        if (!warnedChance && stuckAtChance(health)) {
          warnedChance = true;
          io.log(chanceWarning(`${setup.name} s${seed}`, health, setup.ada));
        }
        io.log(
          `${setup.name} s${seed} epoch ${epoch + 1}: clean ${(100 * accuracy.clean!).toFixed(1)}%, mean corrupted (sev. 3) ${(
            (100 *
              Object.entries(accuracy)
                .filter(([k]) => k !== 'clean')
                .reduce((s, [, v]) => s + v, 0)) /
            Math.max(1, Object.keys(accuracy).length - 1)
          ).toFixed(1)}%`,
        );
        return accuracy;
      },
      evaluate: async (model, { progress }) => {
        const measured = await evaluateCleanAndCorruptions(
          model,
          test,
          bench,
          (done, total, name) =>
            progress({
              phase: `eval ${setup.name} s${seed}`,
              done,
              total,
              unit: 'sets',
              fields: { set: name },
            }),
        );
        const cifar101Accuracy = extra.cifar101
          ? await evaluateAccuracy(model, extra.cifar101)
          : undefined;
        const lp = config.eval.lp;
        const lpRobustAccuracy =
          lp && lp.examples > 0 && lp.threats.length > 0
            ? evaluateLpRobustness(model, test, lp, seed, (threat, done, total) =>
                progress({
                  phase: `attack ${setup.name} s${seed}`,
                  done,
                  total,
                  unit: 'iterations',
                  fields: { threat },
                }),
              )
            : undefined;
        return {
          ...measured,
          ...(cifar101Accuracy !== undefined ? { cifar101Accuracy } : {}),
          ...(lpRobustAccuracy ? { lpRobustAccuracy } : {}),
        };
      },
      log: (message) => io.log(message),
      progress: (update) => io.progress(update),
      ...(io.signal ? { signal: io.signal } : {}),
    });
    const common = {
      setup: setup.name,
      seed,
      history,
      adaSsim,
      trainSeconds: outcome.trainSeconds,
      evalSeconds: outcome.evalSeconds,
      steps: outcome.steps,
      configHash: hash,
    };
    if (outcome.status !== 'completed' || outcome.evaluation === undefined) {
      io.log(
        `${setup.name} seed ${seed}: cancelled at step ${outcome.steps}/${outcome.totalSteps}; checkpoint in ${ckptDir}`,
      );
      return {
        ...common,
        status: 'cancelled',
        cleanAccuracy: NaN,
        mce: NaN,
        corruptionErrors: {},
      };
    }
    const e = outcome.evaluation;
    const result: RunResult = {
      ...common,
      status: 'completed',
      cleanAccuracy: e.cleanAccuracy,
      mce: e.mce,
      corruptionErrors: e.corruptionErrors,
      ...(e.cifar101Accuracy !== undefined ? { cifar101Accuracy: e.cifar101Accuracy } : {}),
      ...(e.lpRobustAccuracy ? { lpRobustAccuracy: e.lpRobustAccuracy } : {}),
    };
    await writeFile(resultPath, `${JSON.stringify(result)}\n`);
    if (history.length > 0) {
      const figure = await renderAccuracyHeatmap(
        `${setup.name} seed ${seed}: accuracy through training (severity 3)`,
        ['clean', ...COMMON_CORRUPTIONS],
        history,
      );
      await writeFile(join(dir, 'accuracy_through_training.png'), figure.png);
      await writeFile(join(dir, 'accuracy_through_training.svg'), figure.svg);
    }
    io.log(
      `${setup.name} seed ${seed}: clean ${(100 * e.cleanAccuracy).toFixed(2)}%, mCE ${(100 * e.mce).toFixed(2)}% (train ${outcome.trainSeconds.toFixed(0)} s)`,
    );
    return result;
  } finally {
    adaNetwork?.dispose();
  }
}
