import { ensembleTable, formatEps, formatTable } from '@ada/attacks';
import type { EvalRequestV1 } from '@ada/contracts';
import {
  createEvalService,
  loadRequestedTestSet,
  readCheckpointFiles,
  type EvalAnswer,
  type EvalRequestStats,
  type EvalService,
  type EvalServiceOptions,
} from '@ada/eval-requests';
import { createLogger } from '@ada/service-kit';
import { AttackWorkerClient } from './attack_worker_client.ts';
import { parseLpParams } from './params.ts';

/** The options of every evaluation service, and the attack service's limits. */
export interface AttackServiceOptions extends EvalServiceOptions {
  /** Largest `params.examples` (default 10000) and default batch size (default 64). */
  maxExamples?: number;
  batchSize?: number;
}

/** Requests handled since start, by outcome. */
export type AttackServiceStats = EvalRequestStats;

/** The service's `stop` ends the attack worker thread. */
export type AttackService = EvalService;

/**
 * The attack service as an embeddable factory (its process is `main.ts`): consumes
 * `ada.eval.requests.v1` (group `attack-service`) and answers the kind `lp-robustness` (other
 * kinds belong to the metrics service and are skipped without a reply or an error): loads the
 * checkpoint from the store, takes the first `params.examples` images of the test set, runs the
 * attack ensemble in a worker thread (`attack_worker.ts`), stores the result table and replies
 * on `replyTo` (default `ada.eval.results.v1`) with clean and robust accuracy, robust accuracy
 * after each attack, seconds and gradient evaluations.
 *
 * Stored per request (`evals/<requestId>/`, by `@ada/eval-requests`, as the metrics service
 * does): `table.json` (the reply's `tableKey`), `table.md`, then `reply.json` last. Idempotent
 * by request id: a request whose `reply.json` exists is answered again from it, not recomputed.
 * Bad params, a missing checkpoint or dataset get a `failed` reply naming the field; malformed messages go to the dead-letter topic (the bus
 * helpers), store or broker outages are retried by the bus and dead-lettered when they persist.
 *
 * ```ts
 * const attacks = createAttackService({ bus, store });
 * runtime.use(attacks); // start / drain / stop
 * ```
 */
export function createAttackService(options: AttackServiceOptions): AttackService {
  const { store } = options;
  const log = options.log ?? createLogger({ service: 'attack-service' });
  const limits = { maxExamples: options.maxExamples ?? 10_000, batchSize: options.batchSize ?? 64 };
  const worker = new AttackWorkerClient(log);

  const evaluate = async (request: EvalRequestV1): Promise<EvalAnswer> => {
    const p = parseLpParams(request.params, limits);
    const checkpoint = await readCheckpointFiles(store, request.checkpoint);
    const data = await loadRequestedTestSet(
      { dataset: p.dataset, size: p.examples, dataSeed: p.dataSeed },
      {
        store,
        service: 'attack-service',
        cifar10Subset: 'first',
        ...(options.datasetDir ? { datasetDir: options.datasetDir } : {}),
      },
    );
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
    const table = ensembleTable(report);
    const eps = formatEps(report.eps);
    return {
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
      },
      table,
      markdown:
        `l_p robustness, ${report.norm} eps ${eps}, ${report.examples} images\n\n` +
        `${formatTable(table)}\n`,
      logFields: {
        norm: report.norm,
        eps,
        examples: report.examples,
        cleanAccuracy: report.cleanAccuracy,
        robustAccuracy: report.robustAccuracy,
        attackSeconds: report.seconds,
      },
    };
  };

  return createEvalService(options, {
    name: 'attack-service',
    log,
    logPrefix: 'attack',
    serves: (kind) => kind === 'lp-robustness',
    evaluate,
    start: () => worker.start(),
    stop: () => worker.close(),
  });
}
