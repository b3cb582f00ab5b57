import { publishEvents, type EventBus } from '@ada/bus';
import {
  evalResultsV1,
  isRetriable,
  type EvalKindV1,
  type EvalRequestV1,
  type EvalResultV1,
} from '@ada/contracts';
import type { LogFields, Logger } from '@ada/service-kit';
import type { ArtifactStore } from '@ada/store';
import { evalPrefix, jsonBytes, ReplyArchive } from './reply_archive.ts';

/** The result table of an `ok` reply (rows x columns of numbers or null). */
export type EvalTable = NonNullable<Extract<EvalResultV1, { status: 'ok' }>['table']>;

/** What one evaluation computes; the handler stores and sends it. */
export interface EvalAnswer {
  /** Headline numbers of the reply (`seconds` is added by the handler). */
  metrics: Record<string, number>;
  table: EvalTable;
  /** The table as Markdown (`table.md`). */
  markdown: string;
  /** Fields added to the `<logPrefix>.evaluated` log record, e.g. `{ robustAccuracy: 0.42 }`. */
  logFields?: LogFields;
}

export interface EvalRequestHandlerOptions {
  bus: EventBus;
  store: ArtifactStore;
  /** Whether this service answers the kind; other kinds are skipped without a reply. */
  serves(kind: EvalKindV1): boolean;
  /** Computes the answer; an `EvalRequestError` (or any non-retriable error) is a failed reply. */
  evaluate(request: EvalRequestV1): Promise<EvalAnswer>;
  /** Topic of replies to requests without `replyTo` (default `ada.eval.results.v1`). */
  resultsTopic?: string;
  log: Logger;
  /** First part of the log records' names: `<logPrefix>.evaluated`, `<logPrefix>.failed`. */
  logPrefix: string;
}

/** Requests handled since start, by outcome. */
export type EvalRequestStats = Record<'evaluated' | 'failed' | 'replayed' | 'ignored', number>;

export interface EvalRequestHandler {
  /** Answers one request (what a service's subscription calls); undefined for skipped kinds. */
  handle(request: EvalRequestV1): Promise<EvalResultV1 | undefined>;
  stats(): EvalRequestStats;
}

/**
 * What every evaluation service does with one `ada.eval.requests.v1` message, around its own
 * `evaluate`: skips kinds it does not serve; answers a request whose `evals/<requestId>/reply.json`
 * exists again from it (a redelivery, or a requester that restarted), without recomputing;
 * otherwise evaluates, stores `table.json` (the reply's `tableKey`) and `table.md`, then
 * `reply.json` last, and publishes the reply on `replyTo`. Non-retriable errors become a
 * `failed` reply carrying the message; retriable ones (store or broker outages) are thrown, for
 * the bus to retry and dead-letter.
 *
 * ```ts
 * const requests = createEvalRequestHandler({
 *   bus, store, log, logPrefix: 'metrics',
 *   serves: (kind) => kind === 'clean',
 *   evaluate: async (request) => ({ metrics: { accuracy }, table, markdown }),
 * });
 * await subscribeEvents(bus, { contract: evalRequestsV1, groupId, handler: requests.handle });
 * ```
 */
export function createEvalRequestHandler(options: EvalRequestHandlerOptions): EvalRequestHandler {
  const { bus, store, log } = options;
  const archive = new ReplyArchive(store);
  const counters: EvalRequestStats = { evaluated: 0, failed: 0, replayed: 0, ignored: 0 };

  const reply = (request: EvalRequestV1, result: EvalResultV1) =>
    publishEvents(bus, evalResultsV1, [result], {
      topic: request.replyTo ?? options.resultsTopic ?? evalResultsV1.topic,
    });

  const answer = async (request: EvalRequestV1): Promise<EvalResultV1> => {
    const base = {
      requestId: request.requestId,
      ...(request.runId ? { runId: request.runId } : {}),
      kind: request.kind,
    };
    const t0 = Date.now();
    try {
      const out = await options.evaluate(request);
      const prefix = evalPrefix(request.requestId);
      const tableKey = `${prefix}/table.json`;
      await store.put(tableKey, jsonBytes(out.table));
      await store.put(`${prefix}/table.md`, new TextEncoder().encode(out.markdown));
      const seconds = (Date.now() - t0) / 1000;
      counters.evaluated++;
      log.info(`${options.logPrefix}.evaluated`, {
        requestId: request.requestId,
        kind: request.kind,
        seconds,
        ...out.logFields,
      });
      return {
        ...base,
        at: new Date().toISOString(),
        status: 'ok',
        metrics: { ...out.metrics, seconds },
        table: out.table,
        tableKey,
      };
    } catch (error) {
      if (isRetriable(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      counters.failed++;
      log.warn(`${options.logPrefix}.failed`, {
        requestId: request.requestId,
        kind: request.kind,
        error: message,
      });
      return {
        ...base,
        at: new Date().toISOString(),
        status: 'failed',
        error: message.slice(0, 4000) || 'failed',
      };
    }
  };

  return {
    async handle(request) {
      if (!options.serves(request.kind)) {
        counters.ignored++;
        return undefined;
      }
      const earlier = await archive.find(request.requestId);
      if (earlier !== undefined) {
        counters.replayed++;
        await reply(request, earlier);
        return earlier;
      }
      const result = await answer(request);
      await archive.save(result);
      await reply(request, result);
      return result;
    },
    stats: () => ({ ...counters }),
  };
}
