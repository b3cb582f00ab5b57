import { runsV1, type RunEventV1 } from '@ada/contracts';
import {
  ensurePlatformTopics,
  publishEvents,
  RetriableHandlerError,
  subscribeEvents,
  type EventBus,
  type Subscription,
} from '@ada/bus';
import { createLogger, type LifecycleHook, type Logger } from '@ada/service-kit';
import type { ArtifactStore } from '@ada/store';
import { parseRunSpec, resolveRun, RunConfigError, type RunSpecInput } from './run_config.ts';
import { trainRun, type RunOutcome } from './train_run.ts';

/**
 * The trainer service as an embeddable factory: the same object runs in its own process
 * (`main.ts`, Kafka + S3) and inside one process with the in-process bus and the filesystem
 * store (embedded mode, tests).
 *
 * - `run(spec)`: trains one run now (a run file or env config): publishes its `created` event,
 *   then trains it.
 * - `listen()`: consumes `ada.runs.v1` (group `trainer-service`) and trains each run announced
 *   by a `created` event, one at a time; a bad config gets a `failed` event naming the field.
 * - `hook()`: the `ServiceRuntime` lifecycle hook: `drain` stops the current run after its step
 *   with a checkpoint (the run resumes from it on restart; its `created` event stays uncommitted)
 *   and leaves the group.
 *
 * ```ts
 * const trainer = createTrainerService({ bus, store });
 * runtime.use(trainer.hook());
 * await trainer.listen();
 * ```
 */
export interface TrainerServiceOptions {
  bus: EventBus;
  store: ArtifactStore;
  /** CIFAR-10 binary batches; the demo dataset without it. */
  datasetDir?: string;
  /** Consumer group on `ada.runs.v1` (default `trainer-service`). */
  groupId?: string;
  /** Partitions of the work topics when this service creates them (default 4). */
  workers?: number;
  /**
   * Kafka session timeout of the `ada.runs.v1` consumer (default 300000 ms). The event loop turns
   * only between training steps, and a member silent for longer is evicted and its run handed
   * to another trainer; keep it well above the longest step.
   */
  sessionTimeoutMs?: number;
  /**
   * Structured log (default: a logger of `trainer-service` on stderr); each completed run ends
   * with one `trainer.run_summary` record.
   */
  log?: Logger;
}

export interface TrainerService {
  /** Creates the platform topics (existing ones are left alone). */
  init(): Promise<void>;
  /** Validates the spec (`RunConfigError` naming the field) and trains it. */
  run(spec: RunSpecInput): Promise<RunOutcome>;
  listen(): Promise<void>;
  hook(): LifecycleHook & { drain(): Promise<void> };
  /** The run in progress, if any. */
  current(): string | undefined;
}

/** A run stopped by shutdown: the `created` event must stay uncommitted so it resumes. */
class RunInterruptedError extends RetriableHandlerError {}

export function createTrainerService(options: TrainerServiceOptions): TrainerService {
  const { bus, store } = options;
  const log = options.log ?? createLogger({ service: 'trainer-service' });
  const abort = new AbortController();
  let subscription: Subscription | undefined;
  let running: { runId: string; done: Promise<unknown> } | undefined;

  const deps = () => ({
    bus,
    store,
    log,
    signal: abort.signal,
    ...(options.datasetDir ? { datasetDir: options.datasetDir } : {}),
    groupPrefix: options.groupId ?? 'trainer-service',
  });

  const track = <T>(runId: string, work: Promise<T>): Promise<T> => {
    running = { runId, done: work.catch(() => undefined) };
    return work.finally(() => {
      running = undefined;
    });
  };

  const emitFailed = (runId: string, reason: string) => {
    const event: RunEventV1 = {
      eventId: `${runId}:failed:config`,
      runId,
      at: new Date().toISOString(),
      type: 'failed',
      reason,
      retriable: false,
    };
    return publishEvents(bus, runsV1, [event]);
  };

  return {
    init: () => ensurePlatformTopics(bus, { workers: options.workers ?? 4 }),

    async run(input) {
      const spec = parseRunSpec(input);
      const resolved = resolveRun(spec);
      await publishEvents(bus, runsV1, [
        {
          eventId: `${spec.runId}:created`,
          runId: spec.runId,
          at: new Date().toISOString(),
          type: 'created',
          config: spec.config as Record<string, unknown>,
          seed: spec.seed,
          ...(spec.experimentId === undefined ? {} : { experimentId: spec.experimentId }),
        },
      ]);
      return track(spec.runId, trainRun(resolved, deps()));
    },

    async listen() {
      subscription = await subscribeEvents(bus, {
        contract: runsV1,
        groupId: options.groupId ?? 'trainer-service',
        sessionTimeoutMs: options.sessionTimeoutMs ?? 300_000,
        handler: async (event) => {
          if (event.type !== 'created') return;
          let resolved;
          try {
            resolved = resolveRun(
              parseRunSpec(
                {
                  runId: event.runId,
                  seed: event.seed,
                  config: event.config,
                  ...(event.experimentId === undefined ? {} : { experimentId: event.experimentId }),
                },
                `created event ${event.eventId}`,
              ),
            );
          } catch (error) {
            if (!(error instanceof RunConfigError)) throw error;
            log.warn('trainer.run_rejected', { runId: event.runId, error: error.message });
            await emitFailed(event.runId, error.message);
            return;
          }
          const outcome = await track(event.runId, trainRun(resolved, deps()));
          if (outcome.status === 'interrupted') {
            throw new RunInterruptedError(`run ${event.runId} interrupted by shutdown`, {
              topic: runsV1.topic,
              key: event.runId,
            });
          }
        },
      });
    },

    hook: () => ({
      name: 'trainer',
      drain: async () => {
        abort.abort();
        await running?.done;
        await subscription?.close();
      },
    }),

    current: () => running?.runId,
  };
}
