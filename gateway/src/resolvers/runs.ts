import type { ExperimentRecord, RunRecord } from '@ada/records';
import type { GatewayContext } from '../context.ts';
import type {
  ExperimentFilter,
  ExperimentOrder,
  RunFilter,
  RunOrder,
  RunStatus,
} from '../generated/resolvers.ts';
import { paginate, type Page, type SortValue } from '../pagination.ts';
import { Checks, pageSize } from '../validation.ts';

/**
 * Run and experiment lists: filters the records reader applies (experiment, status, setup,
 * seed, config hash, source) go to it; the rest (several setups or seeds, time windows, name,
 * tag) and the sort order are applied here, then a cursor page is cut.
 */
export const MAX_PAGE = 100;

export interface ListArgs<F, O> {
  filter?: F | null;
  orderBy?: O | null;
  first?: number | null;
  after?: string | null;
}

function checkWindow(c: Checks, field: string, after?: string | null, before?: string | null) {
  for (const [name, v] of [
    ['createdAfter', after],
    ['createdBefore', before],
  ] as const) {
    if (v != null && Number.isNaN(Date.parse(v))) {
      c.fail(`${field}.${name}`, 'INVALID_FORMAT', 'must be an ISO-8601 timestamp');
    }
  }
}

function inWindow(createdAt: string, after?: string | null, before?: string | null): boolean {
  const t = Date.parse(createdAt);
  return (after == null || t > Date.parse(after)) && (before == null || t < Date.parse(before));
}

const STATUS_ORDER: Readonly<Record<RunStatus, number>> = {
  QUEUED: 0,
  RUNNING: 1,
  SUCCEEDED: 2,
  FAILED: 3,
  CANCELLED: 4,
};

export async function runConnection(
  ctx: GatewayContext,
  args: ListArgs<RunFilter, RunOrder>,
): Promise<Page<RunRecord>> {
  const first = pageSize('first', args.first, MAX_PAGE, 20);
  const f = args.filter ?? {};
  const c = new Checks();
  c.id('filter.experimentId', f.experimentId, { optional: true });
  c.list('filter.setup', f.setup, 50, true).list('filter.seed', f.seed, 100, true);
  checkWindow(c, 'filter', f.createdAfter, f.createdBefore);
  const order = args.orderBy ?? { field: 'CREATED_AT', direction: 'DESC' };
  if (order.field === 'METRIC') c.text('orderBy.metric', order.metric, 1, 100);
  c.done();
  const runs = (
    await ctx.records.listRuns({
      ...(f.experimentId ? { experimentId: f.experimentId } : {}),
      ...(f.status && f.status.length > 0 ? { status: f.status } : {}),
      ...(f.setup?.length === 1 ? { setup: f.setup[0]! } : {}),
      ...(f.seed?.length === 1 ? { seed: f.seed[0]! } : {}),
      ...(f.configHash ? { configHash: f.configHash } : {}),
      ...(f.source ? { source: f.source } : {}),
    })
  ).filter(
    (r) =>
      (f.setup == null || f.setup.length === 0 || f.setup.includes(r.setup)) &&
      (f.seed == null || f.seed.length === 0 || f.seed.includes(r.seed)) &&
      inWindow(r.createdAt, f.createdAfter, f.createdBefore),
  );
  let key: (r: RunRecord) => SortValue;
  switch (order.field) {
    case 'CREATED_AT':
      key = (r) => r.createdAt;
      break;
    case 'STARTED_AT':
      key = (r) => r.startedAt ?? null;
      break;
    case 'FINISHED_AT':
      key = (r) => r.finishedAt ?? null;
      break;
    case 'STATUS':
      key = (r) => STATUS_ORDER[r.status];
      break;
    case 'SETUP':
      key = (r) => r.setup;
      break;
    case 'SEED':
      key = (r) => r.seed;
      break;
    case 'METRIC': {
      const metric = order.metric!;
      const values = new Map<string, number>();
      await Promise.all(
        runs.map(async (r) => {
          const result = await ctx.records.getResult(r.id);
          const v =
            (result?.table1 as Record<string, number | undefined> | undefined)?.[metric] ??
            result?.table2[metric];
          if (v !== undefined) values.set(r.id, v);
        }),
      );
      key = (r) => values.get(r.id) ?? null;
      break;
    }
    default: {
      const never: never = order.field;
      throw new Error(`unknown order ${String(never)}`);
    }
  }
  return paginate(
    runs,
    { key, id: (r) => r.id, direction: order.direction ?? 'DESC' },
    { first, after: args.after ?? null },
  );
}

export async function experimentConnection(
  ctx: GatewayContext,
  args: ListArgs<ExperimentFilter, ExperimentOrder>,
): Promise<Page<ExperimentRecord>> {
  const first = pageSize('first', args.first, MAX_PAGE, 20);
  const f = args.filter ?? {};
  const c = new Checks();
  c.text('filter.nameContains', f.nameContains, 0, 200, true);
  checkWindow(c, 'filter', f.createdAfter, f.createdBefore);
  c.done();
  const needle = f.nameContains?.toLowerCase();
  const experiments = (await ctx.records.listExperiments()).filter((e) => {
    if (needle && !e.name.toLowerCase().includes(needle)) return false;
    if (!inWindow(e.createdAt, f.createdAfter, f.createdBefore)) return false;
    if (f.tag) {
      const tags = Array.isArray(e.config['tags']) ? (e.config['tags'] as unknown[]) : [];
      const hit = tags.some(
        (t) =>
          typeof t === 'object' &&
          t !== null &&
          (t as { key?: unknown }).key === f.tag!.key &&
          (f.tag!.value == null || (t as { value?: unknown }).value === f.tag!.value),
      );
      if (!hit) return false;
    }
    return true;
  });
  const order = args.orderBy ?? { field: 'CREATED_AT', direction: 'DESC' };
  const key =
    order.field === 'NAME' ? (e: ExperimentRecord) => e.name : (e: ExperimentRecord) => e.createdAt;
  return paginate(
    experiments,
    { key, id: (e) => e.id, direction: order.direction ?? 'DESC' },
    { first, after: args.after ?? null },
  );
}
