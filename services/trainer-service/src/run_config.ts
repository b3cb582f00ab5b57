import { z } from 'zod';
import { idSchema } from '@ada/contracts';
import { PRESET_NAMES, parseSetup, presetConfig, type ExperimentConfig } from '@ada/training';
import { AdaError } from '@ada/errors';

/**
 * The run configuration of one training run, as a `created` event on `ada.runs.v1` carries it
 * (`config`, with `runId` and `seed` beside it) or as a JSON file gives it. A preset of
 * `@ada/training` (`quick`, `cpu-full`, `paper`) is the base; the sections below override its
 * fields; `remote` holds the settings of the remote AdA exchange with the corruption workers.
 *
 * ```json
 * { "preset": "quick", "setup": "ada",
 *   "data": { "trainSize": 256, "testSize": 64 }, "train": { "batchSize": 32, "epochs": 1 },
 *   "ada": { "steps": 1, "fraction": 0.5 }, "eval": { "historyEvery": 1 },
 *   "remote": { "lookahead": 4, "batchTimeoutMs": 60000 } }
 * ```
 */
const positiveInt = z.int().min(1);

export const remoteSettingsSchema = z.strictObject({
  /** Clean batches published ahead of the step being trained (keeps workers busy). */
  lookahead: z.int().min(0).max(1000).optional(),
  /**
   * Largest accepted staleness in steps (batch step - step of the checkpoint it was corrupted
   * against). Default: checkpointEvery - 1 + lookahead (the full lookahead is always usable).
   */
  maxStaleness: z.int().min(0).optional(),
  /** How long a step waits for its corrupted batch (default 120000 ms). */
  batchTimeoutMs: positiveInt.optional(),
  /** When it does not come in time: fail the run (default) or train the batch clean and count it. */
  onMissing: z.enum(['fail', 'clean']).optional(),
  /** How long the run waits for the benchmark evaluation (default 600000 ms). */
  evalTimeoutMs: positiveInt.optional(),
  /** Emit a progress event every N steps (default 1; the last step always reports). */
  progressEvery: positiveInt.optional(),
});

export const runConfigSchema = z.strictObject({
  preset: z.enum(PRESET_NAMES).default('quick'),
  /** One setup of `@ada/training` (`nominal`, `ada`, `augmix`, `ada+augmix`). */
  setup: z.string().min(1).max(100).default('ada'),
  data: z
    .strictObject({ trainSize: positiveInt.optional(), testSize: positiveInt.optional() })
    .optional(),
  model: z.string().min(1).max(100).optional(),
  train: z
    .strictObject({
      batchSize: positiveInt.optional(),
      epochs: positiveInt.optional(),
      baseLr: z.number().positive().optional(),
      warmupEpochs: z.number().min(0).optional(),
      checkpointEvery: positiveInt.optional(),
    })
    .optional(),
  ada: z
    .strictObject({
      network: z.string().min(1).max(100).optional(),
      nu: z.number().positive().max(1).optional(),
      steps: z.int().min(1).max(1000).optional(),
      ssimThreshold: z.number().min(0).max(1).optional(),
      fraction: z.number().min(0).max(1).optional(),
      offsets: z.enum(['per-example', 'shared']).optional(),
      residual: z.boolean().optional(),
      stepRule: z.enum(['sign', 'l2-block']).optional(),
    })
    .optional(),
  eval: z
    .strictObject({
      benchmarkSize: positiveInt.optional(),
      extraCorruptions: z.boolean().optional(),
      /**
       * Figure 2 (per-corruption accuracy through training): measured every N epochs and after
       * the last, on the first `historySize` test images; 0 turns it off. Default: the preset's
       * (every epoch for `quick` and `cpu-full`, as `ada run` does). Optional: configs without
       * it (older producers) stay valid.
       */
      historyEvery: z.int().min(0).max(10_000).optional(),
      historySize: positiveInt.max(100_000).optional(),
    })
    .optional(),
  remote: remoteSettingsSchema.optional(),
});

export type RunConfigInput = z.input<typeof runConfigSchema>;

/** Run ids leave room for the suffixes of batch and event ids (idSchema allows 200 chars). */
export const runIdSchema = idSchema.max(120);

/** A run as given (file, event, caller): the config before defaults. */
export interface RunSpecInput {
  runId: string;
  seed?: number;
  config?: RunConfigInput;
  /** The experiment the run joins (created beforehand, e.g. by the gateway's createExperiment). */
  experimentId?: string;
}

/** A run to train: id, seed, and its configuration. */
export interface RunSpec {
  runId: string;
  seed: number;
  config: z.output<typeof runConfigSchema>;
  /** The existing experiment the run joins; without it the run gets an experiment of its own. */
  experimentId?: string;
}

/** The remote settings with defaults filled in. */
export interface RemoteSettings {
  lookahead: number;
  maxStaleness: number;
  batchTimeoutMs: number;
  onMissing: 'fail' | 'clean';
  evalTimeoutMs: number;
  progressEvery: number;
}

/** A run resolved against its preset: what the trainer executes. */
export interface ResolvedRun {
  runId: string;
  /** The existing experiment the run joins (see `RunSpec.experimentId`). */
  experimentId?: string;
  seed: number;
  setup: ReturnType<typeof parseSetup>;
  experiment: ExperimentConfig;
  remote: RemoteSettings;
}

/** Error of a run configuration: names the field and what was expected. */
export class RunConfigError extends AdaError {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message, { code: 'INVALID_CONFIG' });
  }
}

/** Parses `{ runId, seed, config }` (a file, or a `created` event's fields). */
export function parseRunSpec(value: unknown, source = 'run spec'): RunSpec {
  if (value === null || typeof value !== 'object') {
    throw new RunConfigError(`${source} must be a JSON object { runId, seed, config }`);
  }
  const v = value as Record<string, unknown>;
  const id = runIdSchema.safeParse(v.runId);
  if (!id.success) {
    throw new RunConfigError(
      `${source}: 'runId' must be 1-120 characters of [A-Za-z0-9._:-], got ${JSON.stringify(v.runId)}`,
      'runId',
    );
  }
  const seed = v.seed ?? 0;
  if (!Number.isInteger(seed) || (seed as number) < 0 || (seed as number) > 0xffffffff) {
    throw new RunConfigError(
      `${source}: 'seed' must be an integer in [0, 2^32), got ${JSON.stringify(seed)}`,
      'seed',
    );
  }
  const parsed = runConfigSchema.safeParse(v.config ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ['config', ...issue.path.map(String)].join('.');
    throw new RunConfigError(`${source}: '${field}': ${issue.message}`, field);
  }
  let experimentId: string | undefined;
  if (v.experimentId !== undefined) {
    const e = idSchema.safeParse(v.experimentId);
    if (!e.success) {
      throw new RunConfigError(
        `${source}: 'experimentId' must be 1-200 characters of [A-Za-z0-9._:-], got ${JSON.stringify(v.experimentId)}`,
        'experimentId',
      );
    }
    experimentId = e.data;
  }
  return {
    runId: id.data,
    seed: seed as number,
    config: parsed.data,
    ...(experimentId === undefined ? {} : { experimentId }),
  };
}

/**
 * Applies the overrides to the preset and checks what the trainer service supports: setups
 * without DeepAugment (its source is a per-run dataset this service does not build), and a
 * staleness bound the checkpoint cadence can meet.
 */
export function resolveRun(spec: RunSpec): ResolvedRun {
  const c = spec.config;
  let setup;
  try {
    setup = parseSetup(c.setup);
  } catch (e) {
    throw new RunConfigError(`config.setup: ${(e as Error).message}`, 'config.setup');
  }
  if (setup.deepaugment > 0) {
    throw new RunConfigError(
      `config.setup '${c.setup}': DeepAugment setups run only in embedded mode (ada run); expected one of nominal, ada, augmix, ada+augmix`,
      'config.setup',
    );
  }
  const base = presetConfig(c.preset);
  const experiment: ExperimentConfig = {
    ...base,
    setups: [setup.name],
    seeds: [spec.seed],
    data: { ...base.data, ...c.data },
    model: c.model ?? base.model,
    train: { ...base.train, ...c.train },
    ada: { ...base.ada, ...c.ada },
    eval: { ...base.eval, ...c.eval },
  };
  const { batchSize } = experiment.train;
  if (batchSize > experiment.data.trainSize) {
    throw new RunConfigError(
      `config.train.batchSize (${batchSize}) exceeds config.data.trainSize (${experiment.data.trainSize})`,
      'config.train.batchSize',
    );
  }
  if (experiment.eval.benchmarkSize > experiment.data.testSize) {
    experiment.eval = { ...experiment.eval, benchmarkSize: experiment.data.testSize };
  }
  if (experiment.eval.historySize > experiment.data.testSize) {
    experiment.eval = { ...experiment.eval, historySize: experiment.data.testSize };
  }
  const every = experiment.train.checkpointEvery;
  const lookahead = c.remote?.lookahead ?? 4;
  const maxStaleness = c.remote?.maxStaleness ?? every - 1 + lookahead;
  if (maxStaleness < every - 1) {
    throw new RunConfigError(
      `config.remote.maxStaleness (${maxStaleness}) must be >= config.train.checkpointEvery - 1 (${every - 1}): a step can be up to checkpointEvery - 1 steps past the newest checkpoint`,
      'config.remote.maxStaleness',
    );
  }
  return {
    runId: spec.runId,
    ...(spec.experimentId === undefined ? {} : { experimentId: spec.experimentId }),
    seed: spec.seed,
    setup,
    experiment,
    remote: {
      lookahead,
      maxStaleness,
      batchTimeoutMs: c.remote?.batchTimeoutMs ?? 120_000,
      onMissing: c.remote?.onMissing ?? 'fail',
      evalTimeoutMs: c.remote?.evalTimeoutMs ?? 600_000,
      progressEvery: c.remote?.progressEvery ?? 1,
    },
  };
}
