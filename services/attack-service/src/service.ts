import { ensembleTable, formatEps, formatTable, type RobustAccuracyReport } from '@ada/attacks';
import {
  ensurePlatformTopics,
  publishEvents,
  subscribeEvents,
  type EventBus,
  type Subscription,
} from '@ada/bus';
import {
  evalRequestsV1,
  evalResultsV1,
  isRetriable,
  TOPICS,
  type EvalRequestV1,
  type EvalResultV1,
} from '@ada/contracts';
import { createLogger, type Logger, type LifecycleHook } from '@ada/service-kit';
import type { ArtifactStore } from '@ada/store';
import { AttackWorkerClient } from './attack_worker_client.ts';
import { readCheckpointFiles } from './checkpoint_files.ts';
import { loadTestSet } from './datasets.ts';
import { parseLpParams } from './params.ts';
import { evalPrefix, jsonBytes, ReplyArchive } from './reply_archive.ts';

/**
 * The attack service as an embeddable factory (its process is `main.ts`): consumes
 * `ada.eval.requests.v1` (group `attack-service`) and answers the kind `lp-robustness` (other
 * kinds belong to the metrics service and are skipped without a reply or an error): loads the
 * checkpoint from the store, takes the first `params.examples` images of the test set, runs the
 * attack ensemble in a worker thread (`attack_worker.ts`), stores the result table and replies
 * on `replyTo` (default `ada.eval.results.v1`) with clean and robust accuracy, robust accuracy
 * after each attack, seconds and gradient evaluations.
 *
 * Stored per request (`evals/<requestId>/`): `table.json` (the reply's `tableKey`), `table.md`,
 * then `reply.json` last. Idempotent by request id: a request whose `reply.json` exists is
 * answered again from it, not recomputed. Bad params, a missing checkpoint or dataset get a
 * `failed` reply naming the field; malformed messages go to the dead-letter topic (the bus
 * helpers), store or broker outages are retried by the bus and dead-lettered when they persist.
 *
 * ```ts
 * const attacks = createAttackService({ bus, store });
 * runtime.use(attacks); // start / drain / stop
 * ```
 */
export interface AttackServiceOptions {
  bus: EventBus;
  store: ArtifactStore;
  /** CIFAR-10 binary batches for `params.dataset: 'cifar10'`. */
  datasetDir?: string;
  /** Consumer group (default `attack-service`). */
  groupId?: string;
  requestsTopic?: string;
  /** Reply topic of requests without `replyTo` (default `ada.eval.results.v1`). */
  resultsTopic?: string;
  deadLetterTopic?: string;
  /** Largest `params.examples` (default 10000) and default batch size (default 64). */
  maxExamples?: number;
  batchSize?: number;
  sessionTimeoutMs?: number;
  /** Partitions of the work topics when this service creates them (default 4). */
  workers?: number;
  /** Structured log (default: a logger of `attack-service` on stderr). */
  log?: Logger;
}

/** Requests handled since start, by outcome. */
export type AttackServiceStats = Record<'evaluated' | 'failed' | 'replayed' | 'ignored', number>;

export interface AttackService extends LifecycleHook {
  start(): Promise<void>;
  /** Stops consuming; the request in flight finishes and is committed. */
  drain(): Promise<void>;
  /** Ends the worker thread. */
  stop(): Promise<void>;
  /** Handles one request (what the subscription calls); undefined for other kinds. */
  handle(request: EvalRequestV1): Promise<EvalResultV1 | undefined>;
  isConsuming(): boolean;
  stats(): AttackServiceStats;
}

export function createAttackService(options: AttackServiceOptions): AttackService {
  const { bus, store } = options;
  const log = options.log ?? createLogger({ service: 'attack-service' });
  const limits = { maxExamples: options.maxExamples ?? 10_000, batchSize: options.batchSize ?? 64 };
  const counters: AttackServiceStats = { evaluated: 0, failed: 0, replayed: 0, ignored: 0 };
  const worker = new AttackWorkerClient(log);
  let subscription: Subscription | undefined;

  const reply = (request: EvalRequestV1, result: EvalResultV1) =>
    publishEvents(bus, evalResultsV1, [result], {
      topic: request.replyTo ?? options.resultsTopic ?? TOPICS.evalResults,
    });

  const archive = new ReplyArchive(store);

  const evaluate = async (request: EvalRequestV1): Promise<RobustAccuracyReport> => {
    const p = parseLpParams(request.params, limits);
    const checkpoint = await readCheckpointFiles(store, request.checkpoint);
    const data = await loadTestSet(p, {
      store,
      ...(options.datasetDir ? { datasetDir: options.datasetDir } : {}),
    });
    let lastLog = 0;
    const { report } = await worker.run(
      {
        ...checkpoint,
        images: data.images,
        shape: data.shape,
        labels: Array.from(data.labels),
        options: {
          norm: p.norm,
          eps: p.epsilon,
          attacks: p.attacks,
          seed: p.seed,
          batchSize: p.batchSize,
          iterations: p.iterations,
          targetClasses: p.targetClasses,
          queries: p.queries,
        },
      },
      (progress) => {
        if (Date.now() - lastLog < 10_000) return;
        lastLog = Date.now();
        log.info('attack.progress', {
          requestId: request.requestId,
          attack: progress.attack,
          batch: progress.batch + 1,
          batches: progress.batches,
          step: progress.step,
          steps: progress.steps,
          robust: progress.robust,
          total: progress.total,
        });
      },
    );
    return report;
  };

  const handle = async (request: EvalRequestV1): Promise<EvalResultV1 | undefined> => {
    if (request.kind !== 'lp-robustness') {
      counters.ignored++;
      return undefined;
    }
    const earlier = await archive.find(request.requestId);
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
    const t0 = Date.now();
    let result: EvalResultV1;
    try {
      const report = await evaluate(request);
      const prefix = evalPrefix(request.requestId);
      const table = ensembleTable(report);
      const tableKey = `${prefix}/table.json`;
      await store.put(tableKey, jsonBytes(table));
      await store.put(
        `${prefix}/table.md`,
        new TextEncoder().encode(
          `l_p robustness, ${report.norm} eps ${formatEps(report.eps)}, ${report.examples} images\n\n` +
            `${formatTable(table)}\n`,
        ),
      );
      result = {
        ...base,
        at: new Date().toISOString(),
        status: 'ok',
        metrics: {
          cleanAccuracy: report.cleanAccuracy,
          robustAccuracy: report.robustAccuracy,
          ...Object.fromEntries(
            report.perAttack.map((a) => [`robustAccuracy.${a.attack}`, a.robustAccuracy]),
          ),
          examples: report.examples,
          epsilon: report.eps,
          gradientEvaluations: report.gradientEvaluations,
          forwardEvaluations: report.forwardEvaluations,
          attackSeconds: report.seconds,
          seconds: (Date.now() - t0) / 1000,
        },
        table,
        tableKey,
      };
      counters.evaluated++;
      log.info('attack.evaluated', {
        requestId: request.requestId,
        norm: report.norm,
        eps: formatEps(report.eps),
        examples: report.examples,
        cleanAccuracy: report.cleanAccuracy,
        robustAccuracy: report.robustAccuracy,
        seconds: report.seconds,
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
      log.warn('attack.failed', { requestId: request.requestId, error: message });
    }
    await archive.save(result);
    await reply(request, result);
    return result;
  };

  return {
    name: 'attack-service',
    handle,
    async start() {
      await ensurePlatformTopics(bus, { workers: options.workers ?? 4 });
      await worker.start();
      subscription = await subscribeEvents(bus, {
        contract: evalRequestsV1,
        topic: options.requestsTopic ?? TOPICS.evalRequests,
        groupId: options.groupId ?? 'attack-service',
        deadLetterTopic: options.deadLetterTopic ?? TOPICS.dlq,
        ...(options.sessionTimeoutMs ? { sessionTimeoutMs: options.sessionTimeoutMs } : {}),
        handler: async (request) => void (await handle(request)),
      });
    },
    async drain() {
      await subscription?.close();
      subscription = undefined;
    },
    async stop() {
      await worker.close();
    },
    isConsuming: () => subscription !== undefined,
    stats: () => ({ ...counters }),
  };
}
