import { ensurePlatformTopics, subscribeEvents, type EventBus, type Subscription } from '@ada/bus';
import { evalRequestsV1, type EvalRequestV1, type EvalResultV1 } from '@ada/contracts';
import type { LifecycleHook, Logger } from '@ada/service-kit';
import type { ArtifactStore } from '@ada/store';
import {
  createEvalRequestHandler,
  type EvalRequestHandlerOptions,
  type EvalRequestStats,
} from './handler.ts';

/** What every evaluation service is given (the metrics and attack services add their own). */
export interface EvalServiceOptions {
  bus: EventBus;
  store: ArtifactStore;
  /** CIFAR-10 binary batches for `params.dataset: 'cifar10'`. */
  datasetDir?: string;
  /** Consumer group (default: the service's name). */
  groupId?: string;
  /** Requests topic (default `ada.eval.requests.v1`). */
  requestsTopic?: string;
  /** Reply topic of requests without `replyTo` (default `ada.eval.results.v1`). */
  resultsTopic?: string;
  /** Where malformed requests go (default `ada.dlq.v1`). */
  deadLetterTopic?: string;
  /** Kafka session timeout of the consumer (default: the bus's). */
  sessionTimeoutMs?: number;
  /** Partitions of the work topics when this service creates them (default 4). */
  workers?: number;
  /** Structured log (default: a logger of the service's name on stderr). */
  log?: Logger;
}

/** An evaluation service as the service runtime drives it (start, drain, stop). */
export interface EvalService extends LifecycleHook {
  /** Creates the platform topics (if missing), runs the service's own start, then consumes. */
  start(): Promise<void>;
  /** Stops consuming; the request in flight finishes and is committed. */
  drain(): Promise<void>;
  /** Releases what the service holds (its `stop`). */
  stop(): Promise<void>;
  /** Handles one request (what the subscription calls); undefined for kinds it skips. */
  handle(request: EvalRequestV1): Promise<EvalResultV1 | undefined>;
  isConsuming(): boolean;
  stats(): EvalRequestStats;
}

/** What one evaluation service brings: its name, its kinds, its evaluation and resources. */
export interface EvalServiceSpec extends Pick<
  EvalRequestHandlerOptions,
  'serves' | 'evaluate' | 'log' | 'logPrefix'
> {
  /** The runtime hook's name and the default consumer group, e.g. `metrics-service`. */
  name: string;
  /** Runs before consuming starts (e.g. starts a worker thread). */
  start?(): Promise<void>;
  /** Runs at stop, after draining (e.g. ends the worker thread, drops caches). */
  stop?(): Promise<void>;
}

/**
 * An evaluation service over the bus: consumes `ada.eval.requests.v1` in its own consumer
 * group and answers with `createEvalRequestHandler` (replay of stored replies, stored tables,
 * failed replies naming the field); malformed requests go to the dead-letter topic.
 *
 * ```ts
 * const service = createEvalService(options, {
 *   name: 'metrics-service', log, logPrefix: 'metrics', serves: isMetricsKind, evaluate,
 * });
 * runtime.use(service); // start / drain / stop
 * ```
 */
export function createEvalService(options: EvalServiceOptions, spec: EvalServiceSpec): EvalService {
  const requests = createEvalRequestHandler({
    bus: options.bus,
    store: options.store,
    log: spec.log,
    logPrefix: spec.logPrefix,
    serves: spec.serves,
    evaluate: spec.evaluate,
    ...(options.resultsTopic ? { resultsTopic: options.resultsTopic } : {}),
  });
  let subscription: Subscription | undefined;
  return {
    name: spec.name,
    handle: requests.handle,
    async start() {
      await ensurePlatformTopics(options.bus, { workers: options.workers ?? 4 });
      await spec.start?.();
      subscription = await subscribeEvents(options.bus, {
        contract: evalRequestsV1,
        groupId: options.groupId ?? spec.name,
        ...(options.requestsTopic ? { topic: options.requestsTopic } : {}),
        ...(options.deadLetterTopic ? { deadLetterTopic: options.deadLetterTopic } : {}),
        ...(options.sessionTimeoutMs ? { sessionTimeoutMs: options.sessionTimeoutMs } : {}),
        handler: async (request) => void (await requests.handle(request)),
      });
    },
    async drain() {
      await subscription?.close();
      subscription = undefined;
    },
    async stop() {
      await spec.stop?.();
    },
    isConsuming: () => subscription !== undefined,
    stats: requests.stats,
  };
}
