import { inlineTensorBytes, fromWireTensor } from '@ada/contracts';
import type { ResultRecord } from '@ada/records';
import { AuthenticationError } from '../errors.ts';
import type { EvaluationKind, QueryResolvers } from '../generated/resolvers.ts';
import type { AugmentJobRecord, EvaluationJobRecord } from '../jobs.ts';
import { buildResultTable } from '../tables.ts';
import { Checks } from '../validation.ts';
import type { GatewayContext } from '../context.ts';
import { experimentConnection, runConnection } from './runs.ts';
import { statArtifact } from './types.ts';

/** Query resolvers: reads only (records, job records, object stats). */
const MAX_TABLE_RUNS = 200;

export const queryResolvers: QueryResolvers = {
  viewer: (_parent, _args, ctx) => {
    if (ctx.principal === undefined) throw new AuthenticationError();
    return { subject: ctx.principal.subject, role: ctx.principal.role };
  },
  experiment: async (_p, args, ctx) => {
    new Checks().id('id', args.id).done();
    return (await ctx.records.findExperiment(args.id)) ?? null;
  },
  experiments: (_p, args, ctx) => experimentConnection(ctx, args),
  run: async (_p, args, ctx) => {
    new Checks().id('id', args.id).done();
    return (await ctx.records.findRun(args.id)) ?? null;
  },
  runs: (_p, args, ctx) => runConnection(ctx, args),
  resultTable: async (_p, args, ctx) => {
    const c = new Checks();
    c.id('experimentId', args.experimentId, { optional: true });
    c.list('runIds', args.runIds, MAX_TABLE_RUNS, true);
    (args.runIds ?? []).forEach((id, i) => c.id(`runIds.${i}`, id));
    if (args.experimentId == null && (args.runIds == null || args.runIds.length === 0)) {
      c.fail('experimentId', 'REQUIRED', 'give experimentId or runIds');
    }
    c.done();
    let setupOrder: string[] = [];
    let ids = args.runIds ?? [];
    if (args.experimentId != null) {
      const experiment = await ctx.records.findExperiment(args.experimentId);
      if (experiment === undefined) {
        new Checks()
          .fail('experimentId', 'NOT_FOUND', `no experiment '${args.experimentId}'`)
          .done();
      }
      setupOrder = experiment!.setups;
      const runs = await ctx.records.listRuns({
        experimentId: args.experimentId,
        status: 'SUCCEEDED',
      });
      const inExperiment = runs.map((r) => r.id);
      ids = ids.length === 0 ? inExperiment : ids.filter((id) => inExperiment.includes(id));
    }
    return buildResultTable(await resultsOf(ctx, ids), {
      groupBy: args.groupBy ?? 'SETUP',
      setupOrder,
    });
  },
  compareRuns: async (_p, args, ctx) => {
    const c = new Checks().list('ids', args.ids, MAX_TABLE_RUNS);
    args.ids.forEach((id, i) => c.id(`ids.${i}`, id));
    c.done();
    return buildResultTable(await resultsOf(ctx, args.ids), { groupBy: 'RUN' });
  },
  artifact: async (_p, args, ctx) => {
    new Checks().text('key', args.key, 1, 1024).done();
    if (args.key.startsWith('/') || args.key.split('/').includes('..')) {
      new Checks()
        .fail('key', 'INVALID_FORMAT', 'must be a relative key without ".." segments')
        .done();
    }
    return statArtifact(ctx, args.key);
  },
  augmentJob: async (_p, args, ctx) => {
    new Checks().id('id', args.id).done();
    const job = await ctx.jobs.getAugment(args.id);
    return job === undefined ? null : augmentJobView(ctx, job);
  },
  evaluation: async (_p, args, ctx) => {
    new Checks().id('id', args.id).done();
    const job = await ctx.jobs.getEvaluation(args.id);
    return job === undefined ? null : evaluationView(job);
  },
};

async function resultsOf(ctx: GatewayContext, ids: readonly string[]): Promise<ResultRecord[]> {
  const results = await Promise.all(ids.map((id) => ctx.records.getResult(id)));
  return results.filter((r): r is ResultRecord => r !== undefined);
}

/** A job record as the schema's `AugmentJob` (claim-checked images fetched from the store). */
export async function augmentJobView(ctx: GatewayContext, job: AugmentJobRecord) {
  let images = null;
  if (job.images !== undefined) {
    const bytes =
      job.images.encoding === 'inline'
        ? inlineTensorBytes(job.images)
        : await fromWireTensor(job.images, { store: ctx.store, field: 'images' });
    images = { shape: job.images.shape, dataBase64: Buffer.from(bytes).toString('base64') };
  }
  return {
    id: job.id,
    status: job.status,
    createdAt: job.createdAt,
    completedAt: job.completedAt ?? null,
    images,
    ssim: job.ssim ?? null,
    lineSearchSteps: job.lineSearchSteps ?? null,
    checkpointStep: job.checkpointStep ?? null,
    error: job.error ?? null,
    retriable: job.retriable ?? null,
  };
}

const KIND_OF_WIRE: Readonly<Record<EvaluationJobRecord['evalKind'], EvaluationKind>> = {
  'corruption-benchmark': 'CORRUPTION_BENCHMARK',
  clean: 'CLEAN',
  'cifar10.1': 'CIFAR10_1',
  'lp-robustness': 'LP_ROBUSTNESS',
  ssim: 'SSIM',
};

export function evaluationView(job: EvaluationJobRecord) {
  return {
    id: job.id,
    kind: KIND_OF_WIRE[job.evalKind],
    status: job.status,
    runId: job.runId ?? null,
    checkpointKey: job.checkpointKey,
    checkpointStep: job.checkpointStep,
    createdAt: job.createdAt,
    completedAt: job.completedAt ?? null,
    metrics: Object.entries(job.metrics ?? {}).map(([key, value]) => ({
      key,
      value,
      step: null,
      epoch: null,
    })),
    table: job.table ?? null,
    error: job.error ?? null,
  };
}
