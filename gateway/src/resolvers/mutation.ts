import { randomBytes } from 'node:crypto';
import { configHash, type RunRecord } from '@ada/records';
import { DEFAULT_INLINE_LIMIT, EVAL_KINDS, toWireTensor, type EvalKindV1 } from '@ada/contracts';
import { requireRole } from '../auth.ts';
import { ConflictError } from '../errors.ts';
import type { EvaluationKind, MutationResolvers } from '../generated/resolvers.ts';
import { Checks } from '../validation.ts';
import { augmentJobView, evaluationView } from './query.ts';

/**
 * Mutation resolvers: each checks its input field by field, then sends a command on the bus or
 * writes a record the services read (an experiment); none trains or evaluates here. Every
 * mutation needs the OPERATOR role (also checked per operation before execution).
 */
export const PRESETS = ['quick', 'cpu-full', 'paper'] as const;
const SETUP_NAME = /^[a-z0-9][a-z0-9+_-]{0,99}$/;
const CONFIG_SECTIONS = ['data', 'model', 'train', 'ada', 'eval', 'remote'] as const;
const MAX_SEED = 2 ** 32 - 1;
const MAX_IMAGES = 256;
/** The trainer-service's bound of `config.eval.historyEvery`. */
const MAX_HISTORY_EVERY = 10_000;

const KIND_TO_WIRE: Readonly<Record<EvaluationKind, EvalKindV1>> = {
  CORRUPTION_BENCHMARK: 'corruption-benchmark',
  CLEAN: 'clean',
  CIFAR10_1: 'cifar10.1',
  LP_ROBUSTNESS: 'lp-robustness',
  SSIM: 'ssim',
};

function newId(prefix: string, name = ''): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${prefix}${slug === '' ? '' : `${slug}-`}${randomBytes(4).toString('hex')}`;
}

export const mutationResolvers: MutationResolvers = {
  createExperiment: async (_p, { input }, ctx) => {
    requireRole(ctx.principal, 'OPERATOR', 'createExperiment');
    const c = new Checks();
    c.text('input.name', input.name, 1, 200);
    c.text('input.description', input.description, 0, 4000, true);
    c.list('input.setups', input.setups, 20);
    input.setups.forEach((s, i) => {
      if (!SETUP_NAME.test(s))
        c.fail(
          `input.setups.${i}`,
          'INVALID_FORMAT',
          'must match [a-z0-9][a-z0-9+_-]*, e.g. ada+augmix',
        );
    });
    c.list('input.seeds', input.seeds, 100);
    input.seeds.forEach((s, i) => c.intRange(`input.seeds.${i}`, s, 0, MAX_SEED));
    c.oneOf('input.preset', input.preset, PRESETS);
    c.list(
      'input.tags',
      input.tags?.map((t) => t.key),
      50,
      true,
    );
    (input.tags ?? []).forEach((t, i) => {
      c.text(`input.tags.${i}.key`, t.key, 1, 100);
      c.text(`input.tags.${i}.value`, t.value, 0, 500, true);
    });
    c.done();
    const config = {
      preset: input.preset ?? 'quick',
      ...(input.description ? { description: input.description } : {}),
      ...(input.tags
        ? { tags: input.tags.map((t) => ({ key: t.key, value: t.value ?? '' })) }
        : {}),
    };
    return ctx.experiments.createExperiment({
      id: newId('exp-', input.name),
      name: input.name,
      setups: input.setups,
      seeds: input.seeds,
      config,
      source: `gateway:${ctx.principal.subject}`,
    });
  },

  startRun: async (_p, { input }, ctx) => {
    requireRole(ctx.principal, 'OPERATOR', 'startRun');
    const c = new Checks();
    c.id('input.experimentId', input.experimentId);
    c.id('input.runId', input.runId, { optional: true, max: 120 });
    c.text('input.setup', input.setup, 1, 100);
    if (input.setup && !SETUP_NAME.test(input.setup)) {
      c.fail('input.setup', 'INVALID_FORMAT', 'must match [a-z0-9][a-z0-9+_-]*, e.g. ada+augmix');
    }
    c.intRange('input.seed', input.seed, 0, MAX_SEED);
    c.oneOf('input.preset', input.preset, PRESETS);
    c.object('input.config', input.config);
    c.intRange('input.historyEvery', input.historyEvery, 0, MAX_HISTORY_EVERY, true);
    const overrides = (input.config ?? {}) as Record<string, unknown>;
    if (typeof overrides === 'object' && overrides !== null && !Array.isArray(overrides)) {
      for (const [key, value] of Object.entries(overrides)) {
        if (!(CONFIG_SECTIONS as readonly string[]).includes(key)) {
          c.fail(
            `input.config.${key}`,
            'UNKNOWN_VALUE',
            `is not a config section; expected one of ${CONFIG_SECTIONS.join(', ')}`,
          );
        } else if (
          key === 'model'
            ? typeof value !== 'string'
            : typeof value !== 'object' || value === null || Array.isArray(value)
        ) {
          c.fail(
            `input.config.${key}`,
            'INVALID_FORMAT',
            key === 'model' ? 'must be a model preset name' : 'must be a JSON object',
          );
        }
      }
    }
    const evalSection = overrides['eval'] as Record<string, unknown> | undefined;
    if (
      input.historyEvery != null &&
      evalSection?.['historyEvery'] !== undefined &&
      evalSection['historyEvery'] !== input.historyEvery
    ) {
      c.fail(
        'input.historyEvery',
        'INVALID_FORMAT',
        `differs from input.config.eval.historyEvery (${JSON.stringify(evalSection['historyEvery'])}); give one of them`,
      );
    }
    c.done();
    const experiment = await ctx.records.findExperiment(input.experimentId);
    if (experiment === undefined) {
      new Checks()
        .fail('input.experimentId', 'NOT_FOUND', `no experiment '${input.experimentId}'`)
        .done();
    }
    const runId = input.runId ?? newId('run-', `${input.setup}-s${input.seed}`);
    if ((await ctx.records.findRun(runId)) !== undefined) {
      throw new ConflictError(`run '${runId}' exists already; a changed config is a new run`);
    }
    const preset =
      input.preset ??
      (typeof experiment!.config['preset'] === 'string'
        ? (experiment!.config['preset'] as string)
        : 'quick');
    const config = {
      preset,
      setup: input.setup,
      ...overrides,
      // Figure 2's interval travels in the run config (eval.historyEvery of the trainer's).
      ...(input.historyEvery == null
        ? {}
        : { eval: { ...evalSection, historyEvery: input.historyEvery } }),
    };
    const at = await ctx.commands.start({
      runId,
      experimentId: input.experimentId,
      seed: input.seed ?? 0,
      config,
      requestedBy: ctx.principal.subject,
    });
    // What the trainer will record for this run once it takes it; until then the run's record
    // does not exist and `run(id)` answers null (the gateway keeps no run state).
    const queued: RunRecord = {
      version: 1,
      kind: 'run',
      id: runId,
      experimentId: input.experimentId,
      setup: input.setup,
      seed: input.seed ?? 0,
      config,
      configHash: configHash(config),
      status: 'QUEUED',
      source: `gateway:${ctx.principal.subject}`,
      createdAt: at,
      updatedAt: at,
    };
    return queued;
  },

  cancelRun: async (_p, args, ctx) => {
    requireRole(ctx.principal, 'OPERATOR', 'cancelRun');
    new Checks().id('id', args.id).text('reason', args.reason, 0, 4000, true).done();
    const run = await ctx.records.findRun(args.id);
    if (run === undefined) new Checks().fail('id', 'NOT_FOUND', `no run '${args.id}'`).done();
    if (run!.status === 'SUCCEEDED' || run!.status === 'FAILED' || run!.status === 'CANCELLED') {
      throw new ConflictError(
        `run '${args.id}' has finished (${run!.status}); it cannot be cancelled`,
      );
    }
    await ctx.commands.cancel({
      runId: args.id,
      ...(args.reason ? { reason: args.reason } : {}),
      requestedBy: ctx.principal.subject,
    });
    return run!;
  },

  augmentBatch: async (_p, { input }, ctx) => {
    requireRole(ctx.principal, 'OPERATOR', 'augmentBatch');
    const c = new Checks();
    c.text('input.classifier', input.classifier, 1, 1024);
    if (input.classifier.startsWith('/') || input.classifier.split('/').includes('..')) {
      c.fail(
        'input.classifier',
        'INVALID_FORMAT',
        'must be a relative store key without ".." segments',
      );
    }
    const shape = input.images.shape;
    let bytes: Uint8Array | undefined;
    if (shape.length !== 4) {
      c.fail(
        'input.images.shape',
        'INVALID_FORMAT',
        `must be [N, H, W, 3], got [${shape.join(', ')}]`,
      );
    } else {
      c.intRange('input.images.shape.0', shape[0], 1, MAX_IMAGES);
      c.intRange('input.images.shape.1', shape[1], 8, 512);
      c.intRange('input.images.shape.2', shape[2], 8, 512);
      c.intRange('input.images.shape.3', shape[3], 3, 3);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.images.dataBase64)) {
        c.fail('input.images.dataBase64', 'INVALID_FORMAT', 'must be base64');
      } else {
        bytes = new Uint8Array(Buffer.from(input.images.dataBase64, 'base64'));
        const expected = shape.reduce((a, b) => a * b, 1);
        if (bytes.length !== expected) {
          c.fail(
            'input.images.dataBase64',
            'INVALID_FORMAT',
            `holds ${bytes.length} bytes; uint8 [${shape.join(', ')}] needs ${expected}`,
          );
        }
      }
      if (input.labels.length !== shape[0]) {
        c.fail(
          'input.labels',
          'INVALID_FORMAT',
          `has ${input.labels.length} entries for ${shape[0]} images`,
        );
      }
    }
    input.labels.forEach((l, i) => c.intRange(`input.labels.${i}`, l, 0, 999));
    c.intRange('input.seed', input.seed, 0, MAX_SEED, true);
    const a = input.config ?? {};
    c.text('input.config.network', a.network, 1, 100, true);
    c.numberRange('input.config.nu', a.nu, Number.MIN_VALUE, 1);
    c.intRange('input.config.steps', a.steps, 1, 1000, true);
    c.numberRange('input.config.ssimThreshold', a.ssimThreshold, 0, 1);
    c.oneOf('input.config.offsets', a.offsets, ['per-example', 'shared']);
    c.done();
    const images = await toWireTensor('uint8', shape, bytes!, {
      store: ctx.store,
      keyPrefix: 'claims/gateway',
      inlineLimit: DEFAULT_INLINE_LIMIT,
    });
    const config = Object.fromEntries(
      Object.entries(a).filter(([, v]) => v !== null && v !== undefined),
    );
    const job = await ctx.jobs.submitAugment(
      {
        classifier: input.classifier,
        images,
        labels: input.labels,
        ...(input.seed == null ? {} : { seed: input.seed }),
        ...(Object.keys(config).length > 0 ? { config } : {}),
      },
      ctx.principal.subject,
    );
    return augmentJobView(ctx, job);
  },

  evaluate: async (_p, { input }, ctx) => {
    requireRole(ctx.principal, 'OPERATOR', 'evaluate');
    const c = new Checks();
    c.id('input.runId', input.runId, { optional: true });
    c.text('input.checkpointKey', input.checkpointKey, 1, 1024, true);
    c.intRange('input.checkpointStep', input.checkpointStep, 0, Number.MAX_SAFE_INTEGER, true);
    if ((input.runId == null) === (input.checkpointKey == null)) {
      c.fail('input.runId', 'REQUIRED', 'give exactly one of runId and checkpointKey');
    }
    c.object('input.params', input.params);
    const params = (input.params ?? {}) as Record<string, unknown>;
    if (typeof params === 'object' && params !== null && !Array.isArray(params)) {
      for (const [k, v] of Object.entries(params)) {
        if (!['string', 'number', 'boolean'].includes(typeof v) && v !== null) {
          c.fail(
            `input.params.${k}`,
            'INVALID_FORMAT',
            'must be a string, number, boolean or null',
          );
        }
      }
    }
    c.done();
    let checkpoint: { key: string; step: number; sha256?: string };
    if (input.runId != null) {
      const checkpoints = await ctx.records.listCheckpoints(input.runId);
      const chosen =
        input.checkpointStep == null
          ? checkpoints[checkpoints.length - 1]
          : checkpoints.find((k) => k.step === input.checkpointStep);
      if (chosen === undefined) {
        new Checks()
          .fail(
            input.checkpointStep == null ? 'input.runId' : 'input.checkpointStep',
            'NOT_FOUND',
            `run '${input.runId}' has no such checkpoint`,
          )
          .done();
      }
      checkpoint = {
        key: chosen!.key,
        step: chosen!.step,
        ...(chosen!.sha256 ? { sha256: chosen!.sha256 } : {}),
      };
    } else {
      checkpoint = { key: input.checkpointKey!, step: input.checkpointStep ?? 0 };
    }
    const kind = KIND_TO_WIRE[input.kind];
    if (!(EVAL_KINDS as readonly string[]).includes(kind))
      throw new Error(`unmapped kind ${input.kind}`);
    const job = await ctx.jobs.submitEvaluation(
      {
        kind,
        checkpoint,
        ...(input.runId == null ? {} : { runId: input.runId }),
        params: params as Record<string, string | number | boolean | null>,
      },
      ctx.principal.subject,
    );
    return evaluationView(job);
  },
};
