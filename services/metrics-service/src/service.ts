import {
  evalRequestsV1,
  evalResultsV1,
  isRetriable,
  type EvalRequestV1,
  type EvalResultV1,
} from '@ada/contracts';
import {
  ensurePlatformTopics,
  publishEvents,
  subscribeEvents,
  type EventBus,
  type Subscription,
} from '@ada/bus';
import { createLogger, type LifecycleHook, type Logger } from '@ada/service-kit';
import { loadClassifier, type Classifier } from '@ada/models';
import { ObjectNotFoundError, type ArtifactStore } from '@ada/store';
import type { CorruptionBenchmark } from '@ada/training';
import { evaluate, EvalRequestError, isMetricsKind } from './evaluations.ts';

/**
 * The metrics service as an embeddable factory (its process is `main.ts`): consumes
 * `ada.eval.requests.v1` (group `metrics-service`), evaluates the named classifier checkpoint
 * for the kinds `corruption-benchmark`, `clean`, `cifar10.1` and `ssim`, stores the result table
 * and answers on the request's `replyTo` (default `ada.eval.results.v1`). `lp-robustness`
 * requests are left to the attack service.
 *
 * Stored per request (key `evals/<requestId>/`): `table.json` (the reply's `tableKey`),
 * `table.md`, then `reply.json` last. Idempotent by request id: a request whose `reply.json`
 * exists is answered again from it, not recomputed (a redelivery, or a requester that restarted
 * and asks again). Bad params, a missing checkpoint or missing CIFAR-10.1 files get a `failed`
 * reply naming the field; store or broker outages are retried by the bus and dead-lettered
 * when they persist.
 *
 * ```ts
 * const metrics = createMetricsService({ bus, store });
 * await metrics.start();
 * runtime.use(metrics);
 * ```
 */
export interface MetricsServiceOptions {
  bus: EventBus;
  store: ArtifactStore;
  /** CIFAR-10 binary batches for `params.dataset: 'cifar10'`. */
  datasetDir?: string;
  /** Consumer group (default `metrics-service`). */
  groupId?: string;
  /** Partitions of the work topics when this service creates them (default 4). */
  workers?: number;
  /** Kafka session timeout of the consumer (default 30000 ms; evaluations yield between sets). */
  sessionTimeoutMs?: number;
  /** Structured log (default: a logger of `metrics-service` on stderr). */
  log?: Logger;
}

export interface MetricsServiceStats {
  evaluated: number;
  failed: number;
  replayed: number;
  ignored: number;
}

export interface MetricsService extends LifecycleHook {
  start(): Promise<void>;
  /** Stops consuming; the request in flight finishes and is committed. */
  drain(): Promise<void>;
  /** Drops the cached benchmarks. */
  stop(): Promise<void>;
  /** Handles one request (what the subscription calls); undefined for ignored kinds. */
  handle(request: EvalRequestV1): Promise<EvalResultV1 | undefined>;
  isConsuming(): boolean;
  stats(): MetricsServiceStats;
}

export function evalPrefix(requestId: string): string {
  return `evals/${requestId}`;
}

export function createMetricsService(options: MetricsServiceOptions): MetricsService {
  const { bus, store } = options;
  const log = options.log ?? createLogger({ service: 'metrics-service' });
  const benchmarks = new Map<string, CorruptionBenchmark>();
  const counters: MetricsServiceStats = { evaluated: 0, failed: 0, replayed: 0, ignored: 0 };
  let subscription: Subscription | undefined;

  const reply = (request: EvalRequestV1, result: EvalResultV1) =>
    publishEvents(bus, evalResultsV1, [result], {
      ...(request.replyTo ? { topic: request.replyTo } : {}),
    });

  const storedReply = async (requestId: string): Promise<EvalResultV1 | undefined> => {
    try {
      const bytes = await store.get(`${evalPrefix(requestId)}/reply.json`);
      return evalResultsV1.schema.parse(JSON.parse(new TextDecoder().decode(bytes)));
    } catch (e) {
      if (e instanceof ObjectNotFoundError) return undefined;
      throw e;
    }
  };

  const loadModel = async (request: EvalRequestV1): Promise<Classifier> => {
    const manifestKey = request.checkpoint.key;
    const folder = manifestKey.replace(/\/manifest\.json$/, '').replace(/\/+$/, '');
    try {
      const { sha256 } = await store.stat(`${folder}/manifest.json`);
      if (request.checkpoint.sha256 !== undefined && request.checkpoint.sha256 !== sha256) {
        throw new EvalRequestError(
          `checkpoint '${manifestKey}' has sha256 ${sha256}, the request names ${request.checkpoint.sha256}`,
          'checkpoint.sha256',
        );
      }
      const { classifier, optimizer } = await loadClassifier(store, folder);
      for (const t of Object.values(optimizer ?? {})) t.dispose();
      return classifier;
    } catch (e) {
      if (e instanceof ObjectNotFoundError) {
        throw new EvalRequestError(
          `checkpoint '${manifestKey}' is not in the store (expected a published <folder>/manifest.json)`,
          'checkpoint.key',
        );
      }
      throw e;
    }
  };

  const handle = async (request: EvalRequestV1): Promise<EvalResultV1 | undefined> => {
    if (!isMetricsKind(request.kind)) {
      counters.ignored++;
      return undefined;
    }
    const earlier = await storedReply(request.requestId);
    if (earlier !== undefined) {
      counters.replayed++;
      await reply(request, earlier);
      return earlier;
    }
    const base = {
      requestId: request.requestId,
      ...(request.runId ? { runId: request.runId } : {}),
      kind: request.kind,
    };
    let result: EvalResultV1;
    const t0 = Date.now();
    let model: Classifier | undefined;
    try {
      const out = await evaluate(request, {
        store,
        ...(options.datasetDir ? { datasetDir: options.datasetDir } : {}),
        classifier: async () => (model ??= await loadModel(request)),
        benchmarks,
      });
      const prefix = evalPrefix(request.requestId);
      const tableKey = `${prefix}/table.json`;
      await store.put(tableKey, json(out.table));
      await store.put(`${prefix}/table.md`, new TextEncoder().encode(out.markdown));
      result = {
        ...base,
        at: new Date().toISOString(),
        status: 'ok',
        metrics: { ...out.metrics, seconds: (Date.now() - t0) / 1000 },
        table: out.table,
        tableKey,
      };
      counters.evaluated++;
      log.info('metrics.evaluated', {
        requestId: request.requestId,
        kind: request.kind,
        seconds: (Date.now() - t0) / 1000,
      });
    } catch (error) {
      if (isRetriable(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      result = {
        ...base,
        at: new Date().toISOString(),
        status: 'failed',
        error: message.slice(0, 4000) || 'failed',
      };
      counters.failed++;
      log.warn('metrics.failed', {
        requestId: request.requestId,
        kind: request.kind,
        error: message,
      });
    } finally {
      model?.dispose();
    }
    await store.put(`${evalPrefix(request.requestId)}/reply.json`, json(result));
    await reply(request, result);
    return result;
  };

  return {
    name: 'metrics-service',
    handle,
    async start() {
      await ensurePlatformTopics(bus, { workers: options.workers ?? 4 });
      subscription = await subscribeEvents(bus, {
        contract: evalRequestsV1,
        groupId: options.groupId ?? 'metrics-service',
        sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
        handler: async (request) => void (await handle(request)),
      });
    },
    async drain() {
      await subscription?.close();
      subscription = undefined;
    },
    async stop() {
      benchmarks.clear();
    },
    isConsuming: () => subscription !== undefined,
    stats: () => ({ ...counters }),
  };
}

function json(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
}
