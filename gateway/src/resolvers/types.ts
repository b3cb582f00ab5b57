import type { RunEventV1 } from '@ada/contracts';
import { recordKeys, type MetricPoint, type ResultRecord } from '@ada/records';
import { ObjectNotFoundError } from '@ada/store';
import type { GatewayContext } from '../context.ts';
import type {
  AdaSsimHistogram,
  ArtifactKind,
  Metric,
  Resolvers,
  RunEventType,
  RunProgress,
  RunStatus,
  Tag,
} from '../generated/resolvers.ts';
import { buildResultTable } from '../tables.ts';
import { Checks, pageSize } from '../validation.ts';
import type { ArtifactView, CheckpointView, RunView } from '../views.ts';
import { runConnection } from './runs.ts';

/**
 * Field resolvers of the object types: how a run record, an experiment record, a checkpoint
 * entry and a live event become the schema's `Run`, `Experiment`, `Checkpoint`, `RunUpdate`.
 */

/** Kind of a stored object, from its key. */
export function artifactKindOf(key: string): ArtifactKind {
  if (key.startsWith(recordKeys.runsPrefix.replace(/runs\/$/, ''))) {
    return key.endsWith('/result.json') ? 'RESULT_TABLE' : 'RECORD';
  }
  if (key.endsWith('manifest.json') || key.includes('/ckpt/') || key.includes('/checkpoints/')) {
    return 'CHECKPOINT';
  }
  if (/\.(png|svg|jpe?g)$/i.test(key)) return 'FIGURE';
  if (key.startsWith('claims/') || key.includes('/augmented/')) return 'AUGMENTED_BATCH';
  return 'OTHER';
}

/** `stat` of a key as an artifact, or null when the object does not exist. */
export async function statArtifact(
  ctx: GatewayContext,
  key: string,
  kind?: ArtifactKind,
): Promise<ArtifactView | null> {
  try {
    const info = await ctx.store.stat(key);
    return { key, kind: kind ?? artifactKindOf(key), size: info.size, sha256: info.sha256 };
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return null;
    throw error;
  }
}

/** The configuration flattened to dotted keys, values as JSON text (strings unquoted). */
export function flattenParams(value: unknown, prefix = ''): { key: string; value: string }[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>)
      .flatMap(([k, v]) => flattenParams(v, prefix === '' ? k : `${prefix}.${k}`))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
  return [{ key: prefix, value: typeof value === 'string' ? value : JSON.stringify(value) }];
}

const EVENT_STATUS: Readonly<Record<RunEventV1['type'], RunStatus>> = {
  created: 'QUEUED',
  started: 'RUNNING',
  progress: 'RUNNING',
  checkpoint: 'RUNNING',
  completed: 'SUCCEEDED',
  failed: 'FAILED',
  cancelled: 'CANCELLED',
};

export function statusOfEvent(event: RunEventV1): RunStatus {
  return EVENT_STATUS[event.type];
}

function metricsOf(values: Record<string, number>, step?: number): Metric[] {
  return Object.entries(values)
    .filter(([, v]) => Number.isFinite(v))
    .map(([key, value]) => ({ key, value, step: step ?? null, epoch: null }));
}

/** Latest value of every metric over the step and epoch histories (later points win). */
function latestMetrics(points: readonly MetricPoint[]): Metric[] {
  const latest = new Map<string, Metric>();
  for (const p of [...points].sort((a, b) => a.step - b.step)) {
    for (const [key, value] of Object.entries(p.values)) {
      latest.set(key, { key, value, step: p.step, epoch: p.epoch });
    }
  }
  return [...latest.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function allHistory(ctx: GatewayContext, runId: string): Promise<MetricPoint[]> {
  const [steps, epochs] = await Promise.all([
    ctx.records.metricHistory(runId, { by: 'step' }),
    ctx.records.metricHistory(runId, { by: 'epoch' }),
  ]);
  return [...steps, ...epochs];
}

async function runResults(ctx: GatewayContext, run: RunView): Promise<ResultRecord[]> {
  const result = await ctx.records.getResult(run.id);
  return result === undefined ? [] : [result];
}

function tagsOf(config: Record<string, unknown>): Tag[] {
  const tags = config['tags'];
  if (!Array.isArray(tags)) return [];
  return tags
    .filter(
      (t): t is { key: string; value?: string } =>
        typeof t === 'object' && t !== null && typeof (t as { key?: unknown }).key === 'string',
    )
    .map((t) => ({ key: t.key, value: typeof t.value === 'string' ? t.value : '' }));
}

export const typeResolvers: Resolvers = {
  Experiment: {
    description: (e) =>
      typeof e.config['description'] === 'string' ? e.config['description'] : null,
    tags: (e) => tagsOf(e.config),
    preset: (e) => (typeof e.config['preset'] === 'string' ? e.config['preset'] : null),
    runs: (e, args, ctx) =>
      runConnection(ctx, { ...args, filter: { ...(args.filter ?? {}), experimentId: e.id } }),
    resultTable: async (e, args, ctx) => {
      const runs = await ctx.records.listRuns({ experimentId: e.id, status: 'SUCCEEDED' });
      const results = await Promise.all(runs.map((r) => ctx.records.getResult(r.id)));
      return buildResultTable(
        results.filter((r): r is ResultRecord => r !== undefined),
        { groupBy: args.groupBy ?? 'SETUP', setupOrder: e.setups },
      );
    },
  },
  Run: {
    experiment: (run, _args, ctx) =>
      ctx.records.findExperiment(run.experimentId).then((e) => e ?? null),
    params: (run) => flattenParams(run.config),
    startedAt: (run) => run.startedAt ?? null,
    finishedAt: (run) => run.finishedAt ?? null,
    cancelReason: (run) => run.cancelReason ?? null,
    resumedFrom: (run) => run.resumedFrom ?? null,
    error: (run) => run.error ?? null,
    progress: async (run, _args, ctx): Promise<RunProgress | null> => {
      const p = await ctx.records.getProgress(run.id);
      if (p === undefined) return null;
      return {
        phase: p.phase,
        done: p.done,
        total: p.total,
        fraction: p.total > 0 ? Math.min(1, p.done / p.total) : 0,
        step: p.step,
        totalSteps: p.totalSteps,
        epoch: p.epoch,
        totalEpochs: p.totalEpochs,
        imagesPerSecond: p.imagesPerSecond ?? null,
        etaSeconds: p.etaSeconds ?? null,
        updatedAt: p.at,
      };
    },
    metrics: async (run, _args, ctx) => latestMetrics(await allHistory(ctx, run.id)),
    metricKeys: async (run, _args, ctx) =>
      [...new Set((await allHistory(ctx, run.id)).flatMap((p) => Object.keys(p.values)))].sort(),
    metricHistory: async (run, args, ctx) => {
      const first = pageSize('first', args.first, 5000, 500);
      new Checks()
        .text('key', args.key, 1, 100)
        .intRange('afterStep', args.afterStep, 0, Number.MAX_SAFE_INTEGER, true)
        .done();
      const points = await ctx.records.metricHistory(run.id, {
        by: args.by === 'EPOCH' ? 'epoch' : 'step',
        names: [args.key],
        ...(args.afterStep == null ? {} : { fromStep: args.afterStep + 1 }),
      });
      return {
        key: args.key,
        points: points.slice(0, first).map((p) => ({
          step: p.step,
          epoch: p.epoch,
          at: p.at,
          value: p.values[args.key]!,
        })),
        hasMore: points.length > first,
      };
    },
    checkpoints: async (run, _args, ctx): Promise<CheckpointView[]> =>
      (await ctx.records.listCheckpoints(run.id)).map((c) => ({ ...c, runId: run.id })),
    artifacts: async (run, args, ctx) => {
      const checkpoints = await ctx.records.listCheckpoints(run.id);
      const recordObjects = await ctx.store.list(recordKeys.runData(run.id));
      const keys: { key: string; kind: ArtifactKind }[] = [
        { key: recordKeys.run(run.id), kind: 'RECORD' },
        ...recordObjects.map((o) => ({ key: o.key, kind: artifactKindOf(o.key) })),
        ...checkpoints.map((c) => ({ key: c.key, kind: 'CHECKPOINT' as const })),
      ];
      const wanted = keys.filter((k) => args.kind == null || k.kind === args.kind);
      const found = await Promise.all(wanted.map((k) => statArtifact(ctx, k.key, k.kind)));
      return found.filter((a): a is ArtifactView => a !== null);
    },
    resultTable: async (run, _args, ctx) =>
      buildResultTable(await runResults(ctx, run), { groupBy: 'RUN' }),
    adaSsim: async (run, _args, ctx): Promise<AdaSsimHistogram | null> => {
      const record = await ctx.records.getAdaSsim(run.id);
      if (record === undefined || record.epochs.length === 0) return null;
      const { epochs } = record;
      const sampled = epochs.reduce((s, e) => s + e.sampled, 0);
      return {
        bins: record.bins,
        sampleLimit: record.sampleLimit,
        counts: epochs[0]!.counts.map((_, i) => epochs.reduce((s, e) => s + e.counts[i]!, 0)),
        sampled,
        seen: epochs.reduce((s, e) => s + e.seen, 0),
        mean: epochs.reduce((s, e) => s + e.mean * e.sampled, 0) / sampled,
        epochs: epochs.map(({ at: _at, ...e }) => e),
      };
    },
  },
  Checkpoint: {
    sha256: (c) => c.sha256 ?? null,
    createdAt: (c) => c.at,
    artifact: (c, _args, ctx) => statArtifact(ctx, c.key, 'CHECKPOINT'),
  },
  Artifact: {
    sha256: (a) => a.sha256 ?? null,
    url: async (a, args, ctx) => {
      const seconds = args.expiresInSeconds ?? 900;
      new Checks().intRange('expiresInSeconds', seconds, 1, 7 * 24 * 3600).done();
      return ctx.urls.sign(a.key, seconds);
    },
  },
  RunUpdate: {
    runId: (u) => u.event.runId,
    type: (u) => u.event.type.toUpperCase() as RunEventType,
    status: (u) => statusOfEvent(u.event),
    at: (u) => u.event.at,
    progress: (u): RunProgress | null => {
      const e = u.event;
      if (e.type !== 'progress') return null;
      const epoch = e.metrics['epoch'];
      return {
        phase: 'train',
        done: e.step,
        total: e.totalSteps,
        fraction: Math.min(1, e.step / e.totalSteps),
        step: e.step,
        totalSteps: e.totalSteps,
        epoch: epoch === undefined ? 0 : Math.floor(epoch),
        totalEpochs: Math.round(e.metrics['totalEpochs'] ?? 0),
        imagesPerSecond: e.metrics['imagesPerSecond'] ?? null,
        etaSeconds: e.metrics['etaSeconds'] ?? null,
        updatedAt: e.at,
      };
    },
    checkpoint: (u): CheckpointView | null =>
      u.event.type === 'checkpoint'
        ? {
            runId: u.event.runId,
            step: u.event.step,
            key: u.event.key,
            sha256: u.event.sha256,
            at: u.event.at,
          }
        : null,
    metrics: (u) =>
      u.event.type === 'progress'
        ? metricsOf(u.event.metrics, u.event.step)
        : u.event.type === 'completed'
          ? metricsOf(u.event.metrics)
          : [],
    error: (u) =>
      u.event.type === 'failed'
        ? { code: 'RUN_FAILED', message: u.event.reason, retriable: u.event.retriable }
        : null,
    run: (u, _args, ctx) => ctx.records.findRun(u.event.runId).then((r) => r ?? null),
  },
};
