import type { EvalRequestV1 } from '@ada/contracts';
import {
  createEvalService,
  loadRequestedClassifier,
  type EvalAnswer,
  type EvalRequestStats,
  type EvalService,
  type EvalServiceOptions,
} from '@ada/eval-requests';
import type { Classifier } from '@ada/models';
import { createLogger } from '@ada/service-kit';
import type { CorruptionBenchmark } from '@ada/training';
import { evaluate, isMetricsKind } from './evaluations.ts';

/** `sessionTimeoutMs` defaults to 30000 ms here (evaluations yield between corruption sets). */
export type MetricsServiceOptions = EvalServiceOptions;

/** Requests handled since start, by outcome. */
export type MetricsServiceStats = EvalRequestStats;

/** The service's `stop` drops the cached benchmarks. */
export type MetricsService = EvalService;

/**
 * The metrics service as an embeddable factory (its process is `main.ts`): consumes
 * `ada.eval.requests.v1` (group `metrics-service`), evaluates the named classifier checkpoint
 * for the kinds `corruption-benchmark`, `clean`, `cifar10.1` and `ssim`, stores the result table
 * and answers on the request's `replyTo` (default `ada.eval.results.v1`). `lp-robustness`
 * requests are left to the attack service.
 *
 * Stored per request (key `evals/<requestId>/`, by `@ada/eval-requests`, as the attack service
 * does): `table.json` (the reply's `tableKey`), `table.md`, then `reply.json` last. Idempotent
 * by request id: a request whose `reply.json` exists is answered again from it, not recomputed
 * (a redelivery, or a requester that restarted and asks again). Bad params, a missing checkpoint or missing CIFAR-10.1 files get a `failed`
 * reply naming the field; store or broker outages are retried by the bus and dead-lettered
 * when they persist.
 *
 * ```ts
 * const metrics = createMetricsService({ bus, store });
 * await metrics.start();
 * runtime.use(metrics);
 * ```
 */
export function createMetricsService(options: MetricsServiceOptions): MetricsService {
  const { store } = options;
  const log = options.log ?? createLogger({ service: 'metrics-service' });
  const benchmarks = new Map<string, CorruptionBenchmark>();

  const evaluateRequest = async (request: EvalRequestV1): Promise<EvalAnswer> => {
    let model: Classifier | undefined;
    try {
      return await evaluate(request, {
        store,
        ...(options.datasetDir ? { datasetDir: options.datasetDir } : {}),
        classifier: async () =>
          (model ??= await loadRequestedClassifier(store, request.checkpoint)),
        benchmarks,
      });
    } finally {
      model?.dispose();
    }
  };

  return createEvalService(
    { ...options, sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000 },
    {
      name: 'metrics-service',
      log,
      logPrefix: 'metrics',
      serves: isMetricsKind,
      evaluate: evaluateRequest,
      stop: async () => benchmarks.clear(),
    },
  );
}
