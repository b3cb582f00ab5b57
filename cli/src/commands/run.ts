import { stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { initBackend } from '@ada/tensor';
import { CIFAR10_TEST_FILE, demoPhotosDir, findCifar10Dir } from '@ada/data';
import {
  BenchmarkStoppedError,
  PRESET_NAMES,
  claimRunFolder,
  presetConfig,
  renderReport,
  runExperiment,
  parseSetup,
  type DataKind,
  type ExperimentConfig,
} from '@ada/training';
import { createProgress } from '../util/progress.ts';
import { checkRunNetwork, embeddedDeps } from '../embedded.ts';
import { CLASSIFIER_PRESET_NAMES, CORRUPTION_NETWORK_NAMES } from '@ada/models';
import { ATTACK_LABELS, STEP_RULES } from '@ada/ada';
import { DEFAULT_CALIBRATION_FILE, readCalibratedNu } from '../util/calibration_file.ts';
import { DEMO_VARIANTS } from '@ada/data';
import { runJobsInParallel, type RunJob } from '../parallel_runs.ts';
import { STOPPED_EXIT_CODES, onStopSignals } from '../util/stop_signals.ts';

/** The parsed options of `ada run`: one key per entry of `RUN_FLAGS`. */
export interface RunOptions {
  preset: string;
  setups?: string;
  seeds?: string;
  epochs?: string;
  trainSize?: string;
  testSize?: string;
  model?: string;
  nu?: string;
  calibration?: string;
  adaSteps?: string;
  adaOffsets?: string;
  adaFraction?: string;
  adaResidual?: boolean;
  adaStepRule?: string;
  adaAttackLabels?: string;
  adaWarmupEpochs?: string;
  adaNetwork?: string;
  adaNetworkWeights?: string;
  dataDir?: string;
  demoVariant?: string;
  out?: string;
  resume?: boolean;
  overwrite?: boolean;
  json?: boolean;
  jobs?: string;
  /** Internal: run one `setup:seed` of the experiment (a job of a parallel run). */
  job?: string;
}

function parseIntList(text: string, flag: string): number[] {
  const out = text.split(',').map((s) => s.trim());
  return out.map((s) => {
    if (!/^\d+$/.test(s))
      throw new Error(
        `${flag} must be a comma-separated list of non-negative integers, got '${text}'`,
      );
    return Number(s);
  });
}

function parsePositive(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) <= 0)
    throw new Error(`${flag} must be a positive integer, got '${text}'`);
  return Number(text);
}

/** A number in (0, 1] (`upToOne`) or (0, 1) otherwise. */
function parseFraction(text: string, flag: string, upToOne: boolean): number {
  const v = Number(text);
  const ok = text.trim() !== '' && Number.isFinite(v) && v > 0 && (upToOne ? v <= 1 : v < 1);
  if (!ok)
    throw new Error(`${flag} must be a number in (0, 1${upToOne ? ']' : ')'}, got '${text}'`);
  return v;
}

/** `--setups a,b`: canonical setup names, each once; errors name the flag. */
function parseSetupList(text: string): string[] {
  let names: string[];
  try {
    names = text.split(',').map((s) => parseSetup(s).name);
  } catch (err) {
    throw new Error(`--setups '${text}': ${(err as Error).message}`);
  }
  if (new Set(names).size !== names.length)
    throw new Error(`--setups names a setup twice: '${text}'`);
  return names;
}

/**
 * What a flag of `ada run` is, which decides where it goes:
 * - `setting`: changes what a run computes. Applied to the preset's config (in table order, by
 *   `apply`; `--calibration` is read with `--nu auto` after the others), listed in the recorded
 *   line of command-line overrides, and passed to the job processes of a parallel run. Its effect
 *   is in `config.json` and the config hash that `--resume` compares.
 * - `job`: passed to the job processes only (the preset the config starts from, the data folder,
 *   the output folder, `--resume`).
 * - `local`: this process only (how the results are printed, how many runs at once).
 */
export type RunFlagRole = 'setting' | 'job' | 'local';

/** One flag of `ada run`; `K` is the key commander parses it into (checked at registration). */
export interface RunFlag<K extends keyof RunOptions> {
  /** The flag, e.g. `--ada-steps`. */
  flag: string;
  /** Its argument, e.g. `<n>`; none for a switch (`--ada-residual`). */
  arg?: string;
  help: string;
  role: RunFlagRole;
  default?: string;
  hidden?: boolean;
  /** A setting's effect on the config; checks the value, with errors naming the flag. */
  apply?(config: ExperimentConfig, value: NonNullable<RunOptions[K]>, opts: RunOptions): void;
}

/** The keys of `RunOptions` whose flags take a value (not switches). */
type ValueFlagKey = {
  [K in keyof RunOptions]-?: NonNullable<RunOptions[K]> extends string ? K : never;
}[keyof RunOptions];

/** A setting that takes its value as given (`apply` checks it, or the checks across flags do). */
function textSetting(
  flag: string,
  arg: string,
  help: string,
  apply: (config: ExperimentConfig, text: string) => void,
): RunFlag<ValueFlagKey> {
  return { flag, arg, help, role: 'setting', apply };
}

/** A setting whose value is a positive integer (`<n>`). */
function positiveSetting(
  flag: string,
  help: string,
  set: (config: ExperimentConfig, n: number) => void,
): RunFlag<ValueFlagKey> {
  return textSetting(flag, '<n>', help, (config, text) => set(config, parsePositive(text, flag)));
}

/** A setting whose value is one of `names` (an error names the flag and lists them). */
function choiceSetting<T extends string>(
  flag: string,
  arg: string,
  help: string,
  names: readonly T[],
  set: (config: ExperimentConfig, value: T) => void,
): RunFlag<ValueFlagKey> {
  return textSetting(flag, arg, help, (config, text) => {
    if (!(names as readonly string[]).includes(text))
      throw new Error(`${flag} must be one of ${names.join(', ')}, got '${text}'`);
    set(config, text as T);
  });
}

/**
 * The flags of `ada run`, the one table that drives the command: its options and help (in this
 * order), the config they set, the recorded overrides line, and the arguments of job processes.
 * Every key of `RunOptions` has exactly one entry (the type says so).
 */
export const RUN_FLAGS: { readonly [K in keyof Required<RunOptions>]: RunFlag<K> } = {
  preset: {
    flag: '--preset',
    arg: '<name>',
    help: `one of ${PRESET_NAMES.join(', ')}`,
    role: 'job',
    default: 'quick',
  },
  setups: {
    flag: '--setups',
    arg: '<list>',
    help: "comma-separated setups, e.g. 'nominal,ada,ada+augmix' (default: the preset's)",
    role: 'setting',
    apply: (config, text) => {
      config.setups = parseSetupList(text);
    },
  },
  seeds: {
    flag: '--seeds',
    arg: '<list>',
    help: "comma-separated seeds (default: the preset's)",
    role: 'setting',
    apply: (config, text) => {
      config.seeds = parseIntList(text, '--seeds');
      if (new Set(config.seeds).size !== config.seeds.length)
        throw new Error(`--seeds names a seed twice: '${text}'`);
    },
  },
  epochs: positiveSetting('--epochs', 'training epochs per setup', (config, n) => {
    config.train.epochs = n;
  }),
  trainSize: positiveSetting('--train-size', 'training images', (config, n) => {
    config.data.trainSize = n;
  }),
  testSize: positiveSetting('--test-size', 'test images', (config, n) => {
    config.data.testSize = n;
    config.eval.benchmarkSize = Math.min(config.eval.benchmarkSize, n);
    config.eval.historySize = Math.min(config.eval.historySize, n);
  }),
  model: choiceSetting(
    '--model',
    '<name>',
    'classifier preset, e.g. resnet18-w0.25',
    CLASSIFIER_PRESET_NAMES,
    (config, name) => {
      config.model = name;
    },
  ),
  nu: {
    flag: '--nu',
    arg: '<radius>',
    help: "AdA's relative radius nu (paper: 0.015), or auto: the nu `ada calibrate` chose for this network, step rule and form",
    role: 'setting',
    // `auto` is read from the calibration file once the network and the step rule are known.
    apply: (config, text) => {
      if (text !== 'auto') config.ada.nu = parseFraction(text, '--nu', false);
    },
  },
  calibration: {
    flag: '--calibration',
    arg: '<file>',
    help: `the file --nu auto reads (default ${DEFAULT_CALIBRATION_FILE})`,
    role: 'setting',
  },
  adaSteps: {
    flag: '--ada-steps',
    arg: '<n>',
    help: 'AdA FGSM steps (paper: 10; 0: random offsets only)',
    role: 'setting',
    apply: (config, text) => {
      // 0 steps: random offsets in the ball, no gradient ascent (the ablation of the adversary).
      if (!/^\d+$/.test(text))
        throw new Error(`--ada-steps must be a non-negative integer, got '${text}'`);
      config.ada.steps = Number(text);
    },
  },
  adaOffsets: {
    flag: '--ada-offsets',
    arg: '<mode>',
    help: 'AdA offsets: per-example (paper) or shared',
    role: 'setting',
    apply: (config, mode) => {
      if (mode !== 'per-example' && mode !== 'shared')
        throw new Error(`--ada-offsets must be per-example or shared, got '${mode}'`);
      config.ada.offsets = mode;
    },
  },
  adaFraction: {
    flag: '--ada-fraction',
    arg: '<f>',
    help: 'fraction of each batch AdA corrupts, in (0, 1] (paper: 1)',
    role: 'setting',
    apply: (config, text) => {
      config.ada.fraction = parseFraction(text, '--ada-fraction', true);
    },
  },
  adaResidual: {
    flag: '--ada-residual',
    help: "AdA images x + c_(phi+beta)(x) - c_phi(x): drop the corruption network's own reconstruction gap (deviation)",
    role: 'setting',
    apply: (config) => {
      config.ada.residual = true;
    },
  },
  adaStepRule: choiceSetting(
    '--ada-step-rule',
    '<rule>',
    `AdA step: sign (the paper's: saturates the ball in one step) or l2-block (beta_i += 0.25 nu_i g_i/||g_i||; deviation)`,
    STEP_RULES,
    (config, rule) => {
      config.ada.stepRule = rule;
    },
  ),
  adaAttackLabels: choiceSetting(
    '--ada-attack-labels',
    '<labels>',
    "labels the AdA attack maximises the loss for: true (the paper's) or permuted (a seeded permutation of each batch's labels; a control: the classifier still trains on the true labels)",
    ATTACK_LABELS,
    (config, labels) => {
      // The default is left unset, so that the config (and its hash) is the one without the flag.
      if (labels === 'permuted') config.ada.attackLabels = 'permuted';
    },
  ),
  adaWarmupEpochs: {
    flag: '--ada-warmup-epochs',
    arg: '<n>',
    help: 'train the first n epochs nominally (no AdA), then with AdA (a warm start; default 0)',
    role: 'setting',
    // After --epochs in this table: the warm-up must end before the last epoch.
    apply: (config, text) => {
      if (!/^\d+$/.test(text))
        throw new Error(`--ada-warmup-epochs must be a non-negative integer, got '${text}'`);
      const n = Number(text);
      if (n >= config.train.epochs)
        throw new Error(
          `--ada-warmup-epochs must be less than the epochs (${config.train.epochs}), or AdA never starts; got ${n}`,
        );
      if (n > 0) config.ada.warmupEpochs = n;
    },
  },
  adaNetwork: textSetting(
    '--ada-network',
    '<name>',
    `AdA's corruption network: ${CORRUPTION_NETWORK_NAMES.join(', ')} (default: the preset's, rdn-slim-x2)`,
    (config, name) => {
      config.ada.network = name;
    },
  ),
  adaNetworkWeights: textSetting(
    '--ada-network-weights',
    '<dir>',
    'converted pretrained weights for edsr or cae (libs/models/scripts/convert_pytorch.py --out DIR)',
    (config, dir) => {
      config.ada.networkWeights = dir;
    },
  ),
  dataDir: {
    flag: '--data-dir',
    arg: '<dir>',
    help: 'folder with the CIFAR-10 binary batches (default: the synthetic demo dataset)',
    role: 'job',
  },
  demoVariant: choiceSetting(
    '--demo-variant',
    '<name>',
    "the demo dataset's variant: procedural (quick's default) or photo (natural photographs, cpu-full's default; npm run setup:demo-photos)",
    DEMO_VARIANTS,
    (config, variant) => {
      // Procedural is the loader's default: leaving it unset keeps the config (and its hash)
      // of runs recorded before cpu-full switched to the photo variant.
      if (variant === 'procedural') delete config.data.demoVariant;
      else config.data.demoVariant = variant;
    },
  ),
  out: {
    flag: '--out',
    arg: '<dir>',
    help: 'where results, checkpoints and figures go (default: .ada/runs/<preset>)',
    // A job process gets the parent's resolved folder (see `jobArgs`).
    role: 'job',
  },
  resume: {
    flag: '--resume',
    help: 'continue interrupted runs from their checkpoints and reuse finished ones (the settings must match the recorded config.json)',
    role: 'job',
  },
  overwrite: {
    flag: '--overwrite',
    help: 'train afresh into a non-empty --out, replacing the runs of this experiment (other files stay)',
    role: 'local',
  },
  json: { flag: '--json', help: 'print the results as JSON instead of tables', role: 'local' },
  jobs: {
    flag: '--jobs',
    arg: '<n>',
    help: 'runs (setup x seed) trained at once, each in its own process (default: one per core on wasm/cpu, 1 on native backends)',
    role: 'local',
  },
  job: {
    flag: '--job',
    arg: '<setup:seed>',
    help: 'internal: run one job',
    role: 'local',
    hidden: true,
  },
};

/** The keys of `RUN_FLAGS` in table order. */
export const RUN_FLAG_KEYS = Object.keys(RUN_FLAGS) as (keyof RunOptions)[];

/** Applies one flag's value, when given, to `config` (see `RunFlag.apply`). */
function applyFlag<K extends keyof RunOptions>(
  key: K,
  config: ExperimentConfig,
  opts: RunOptions,
): void {
  const value = opts[key];
  const flag: RunFlag<K> = RUN_FLAGS[key];
  if (value !== undefined && flag.role === 'setting')
    flag.apply?.(config, value as NonNullable<RunOptions[K]>, opts);
}

/**
 * Declares the table's flags on `command` (in table order, with their defaults). Throws when an
 * entry's flag would parse into another key than its own (a table error, not a user error).
 */
export function addRunOptions(command: Command): Command {
  for (const key of RUN_FLAG_KEYS) {
    const f = RUN_FLAGS[key];
    const option = new Option(f.arg ? `${f.flag} ${f.arg}` : f.flag, f.help);
    if (f.default !== undefined) option.default(f.default);
    if (f.hidden === true) option.hideHelp();
    if (option.attributeName() !== key)
      throw new Error(`RUN_FLAGS.${key}: ${f.flag} parses into '${option.attributeName()}'`);
    command.addOption(option);
  }
  return command;
}

/** The preset with the command line's overrides applied (each one validated). */
export function resolveRunConfig(opts: RunOptions): ExperimentConfig {
  if (!(PRESET_NAMES as readonly string[]).includes(opts.preset)) {
    throw new Error(`--preset must be one of ${PRESET_NAMES.join(', ')}, got '${opts.preset}'`);
  }
  const config = presetConfig(opts.preset);
  for (const key of RUN_FLAG_KEYS) applyFlag(key, config, opts);
  // Checks across flags, once every setting is in.
  checkRunNetwork(config.ada.network, config.ada.networkWeights);
  if (config.data.trainSize < config.train.batchSize)
    throw new Error(
      `--train-size must be at least the batch size of preset ${config.preset} (${config.train.batchSize}), got ${config.data.trainSize}`,
    );
  if (opts.calibration !== undefined && opts.nu !== 'auto')
    throw new Error(`--calibration is read only with --nu auto`);
  let calibrated = '';
  if (opts.nu === 'auto') {
    const file = opts.calibration ?? DEFAULT_CALIBRATION_FILE;
    const entry = readCalibratedNu(file, {
      network: config.ada.network,
      residual: config.ada.residual === true,
      stepRule: config.ada.stepRule ?? 'sign',
    });
    config.ada.nu = entry.nu;
    calibrated = ` (nu auto = ${entry.nu} from ${file}: ${entry.targetMetric} ${entry.target} at ${entry.steps} ${entry.stepRule} steps, ${entry.offsets} offsets, against ${entry.classifier})`;
  }
  const overridden = RUN_FLAG_KEYS.filter(
    (k) => RUN_FLAGS[k].role === 'setting' && opts[k] !== undefined,
  );
  if (overridden.length > 0)
    config.deviations = [
      ...config.deviations,
      `command-line overrides (they take precedence over the lines above): ${overridden
        .map((k) => `${k} ${String(opts[k])}`)
        .join(', ')}${calibrated}`,
    ];
  return config;
}

/** Parses `--job setup:seed` and checks that it is a run of `config`. */
export function parseJob(text: string, config: ExperimentConfig): RunJob {
  const m = /^([^:]+):(\d+)$/.exec(text);
  const setup = m ? parseSetup(m[1]!).name : undefined;
  const seed = m ? Number(m[2]) : NaN;
  if (!setup || !config.setups.includes(setup) || !config.seeds.includes(seed)) {
    throw new Error(
      `--job must be <setup>:<seed> with a setup of ${config.setups.join(', ')} and a seed of ${config.seeds.join(', ')}, got '${text}'`,
    );
  }
  return { setup, seed };
}

/**
 * How many runs train at once: `--jobs`, else one per core on the single-threaded backends
 * (wasm, cpu) and one on the native ones (TensorFlow uses every core itself; a GPU is shared).
 */
export function resolveJobs(flag: string | undefined, backend: string, runs: number): number {
  if (flag !== undefined) return Math.min(parsePositive(flag, '--jobs'), Math.max(1, runs));
  const perCore = backend === 'wasm' || backend === 'cpu';
  return perCore ? Math.max(1, Math.min(runs, availableParallelism())) : 1;
}

/**
 * The `ada run` arguments a job process needs to rebuild exactly this experiment's config: every
 * `setting` and `job` flag given (`--out` as the parent's resolved folder `runDir`).
 */
export function jobArgs(opts: RunOptions, runDir: string): string[] {
  const values: RunOptions = { ...opts, out: runDir };
  const args = ['run'];
  for (const key of RUN_FLAG_KEYS) {
    const { flag, role } = RUN_FLAGS[key];
    const value = values[key];
    if (role === 'local') continue;
    if (typeof value === 'string') args.push(flag, value);
    else if (value === true) args.push(flag);
  }
  return args;
}

/** Where CIFAR-10 comes from, for the errors that ask for it. */
const CIFAR10_HOWTO =
  'download the binary version (cifar-10-binary.tar.gz) from https://www.cs.toronto.edu/~kriz/cifar.html, unpack it and pass the folder as --data-dir';

/**
 * Checks `--data-dir` before any work: a given folder must hold the CIFAR-10 binary batches (no
 * silent fall-back to the demo data), and a preset that needs CIFAR-10 must be given one.
 * Returns the kind of data the run will train on.
 */
export async function checkDataDir(
  dataDir: string | undefined,
  config: ExperimentConfig,
): Promise<DataKind> {
  if (dataDir === undefined) {
    if (config.data.source === 'cifar10')
      throw new Error(
        `--preset ${config.preset} trains on CIFAR-10 and needs --data-dir DIR: ${CIFAR10_HOWTO} (the demo data is for the quick and cpu-full presets)`,
      );
    // The photo variant (cpu-full's default) needs its photo bank: say so before any work.
    const manifest = join(demoPhotosDir(), 'photos.json');
    if (config.data.demoVariant === 'photo' && !(await stat(manifest).catch(() => undefined)))
      throw new Error(
        `the demo dataset's photo variant (--preset ${config.preset}) needs its photo bank, and ${manifest} does not exist: run \`npm run setup:demo-photos\` once (Debian wallpapers and scikit-image photos, cached outside the checkout), or pass --demo-variant procedural`,
      );
    return 'demo';
  }
  const info = await stat(dataDir).catch(() => undefined);
  if (!info) throw new Error(`--data-dir ${dataDir} does not exist; ${CIFAR10_HOWTO}`);
  if (!info.isDirectory()) throw new Error(`--data-dir ${dataDir} is a file, not a folder`);
  if ((await findCifar10Dir(dataDir)) === undefined)
    throw new Error(
      `--data-dir ${dataDir} holds no CIFAR-10 binary batches (${CIFAR10_TEST_FILE} in it or in its cifar-10-batches-bin folder); ${CIFAR10_HOWTO}`,
    );
  return 'cifar10';
}

const ADA_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'ada.mjs');

/**
 * `ada run [--preset quick|cpu-full|paper] [...]`: trains every setup of the preset (nominal,
 * AdA, ...) and evaluates it on the clean test set and the corruption benchmark, in this process
 * (embedded mode: filesystem store under `--out`, no broker). Prints the paper-style tables and
 * writes `results.json`, `results.md` and figures under `--out`. Its flags: `RUN_FLAGS`.
 */
export function register(program: Command): void {
  addRunOptions(program.command('run'))
    .description(
      'train and evaluate the setups of a preset (embedded mode) and print the result tables',
    )
    .action(async (opts: RunOptions) => {
      const config = resolveRunConfig(opts);
      const runDir = resolve(opts.out ?? join('.ada', 'runs', config.preset));
      const job = opts.job !== undefined ? parseJob(opts.job, config) : undefined;
      // Everything that can be checked is checked before the first expensive step.
      if (opts.jobs !== undefined) parsePositive(opts.jobs, '--jobs');
      const dataKind = await checkDataDir(opts.dataDir, config);
      // A job's folder was claimed by its parent (which started the other jobs in it too).
      if (!job)
        await claimRunFolder(runDir, config, dataKind, {
          resume: opts.resume === true,
          overwrite: opts.overwrite === true,
        });
      const progress = createProgress();
      const controller = new AbortController();
      // Ctrl-C, SIGTERM (kill, timeout, schedulers) and SIGHUP: stop after this step with a
      // checkpoint; a second signal quits at once. The exit code is 128 + the signal's number.
      const stopSignals = onStopSignals({
        onFirst: (name) => {
          progress.log(
            `${name}: stopping after this step and writing a checkpoint (send it again to quit at once)`,
          );
          controller.abort();
        },
      });
      const info = await initBackend({ log: (line) => (job ? undefined : progress.log(line)) });
      const allRuns: RunJob[] = config.setups.flatMap((setup) =>
        config.seeds.map((seed) => ({ setup, seed })),
      );
      const jobs = job ? 1 : resolveJobs(opts.jobs, info.name, allRuns.length);
      if (!job)
        progress.log(
          `ada run: preset ${config.preset}, setups ${config.setups.join(', ')}, seeds ${config.seeds.join(', ')}, backend ${info.name}, ${jobs} run(s) at once; output ${runDir}`,
        );
      const io = {
        runDir,
        ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
        log: (message: string, fields?: Record<string, unknown>) => progress.log(message, fields),
        progress: (u: Parameters<typeof progress.update>[0]) => progress.update(u),
        signal: controller.signal,
        resume: opts.resume === true,
      };
      try {
        if (job) {
          // One job of a parallel run: train and evaluate it; the parent prints the tables.
          const result = await runExperiment(config, embeddedDeps(), { ...io, only: job });
          if (result.runs.some((r) => r.status === 'cancelled'))
            process.exitCode = stopSignals.exitCode();
          return;
        }
        if (jobs > 1) {
          const outcomes = await runJobsInParallel({
            command: process.execPath,
            baseArgs: [ADA_SCRIPT, ...jobArgs(opts, runDir)],
            jobs: allRuns,
            concurrency: jobs,
            progress,
            signal: controller.signal,
          });
          const failed = outcomes.filter(
            (o) => o.code !== 0 && !STOPPED_EXIT_CODES.includes(o.code ?? -1),
          );
          if (failed.length > 0) {
            progress.done();
            throw new Error(
              failed
                .map(
                  (o) =>
                    `run ${o.job.setup} seed ${o.job.seed} failed (exit ${o.code ?? o.signal}); its last lines:\n  ${o.tail.slice(-12).join('\n  ')}`,
                )
                .join('\n'),
            );
          }
          if (
            controller.signal.aborted ||
            outcomes.some((o) => STOPPED_EXIT_CODES.includes(o.code ?? -1))
          ) {
            progress.done();
            process.stdout.write(
              `Interrupted: every run wrote a checkpoint; continue with the same command plus --resume.\n`,
            );
            process.exitCode = stopSignals.exitCode();
            return;
          }
          progress.log('all runs finished; collecting their results');
        }
        const result = await runExperiment(config, embeddedDeps(), {
          ...io,
          // After parallel jobs every run is finished on disk: reuse them all.
          resume: io.resume || jobs > 1,
        });
        progress.done();
        const report = renderReport(result);
        await writeFile(join(runDir, 'results.md'), report);
        if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else
          process.stdout.write(
            `\n${report}\nWritten to ${runDir} (results.json, results.md, figures per run).\n`,
          );
        if (result.runs.some((r) => r.status === 'cancelled')) {
          process.stdout.write(`Interrupted: continue with the same command plus --resume.\n`);
          process.exitCode = stopSignals.exitCode();
        }
      } catch (err) {
        // Stopped before any training: no checkpoint to write, the same exit code as a stop.
        if (!(err instanceof BenchmarkStoppedError)) throw err;
        progress.done();
        process.stderr.write(`Interrupted: ${err.message}.\n`);
        process.exitCode = stopSignals.exitCode();
      } finally {
        stopSignals.dispose();
      }
    });
}
