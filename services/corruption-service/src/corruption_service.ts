import {
  ContractError,
  augmentRequestsV1,
  augmentResultsV1,
  batchesCleanV1,
  batchesCorruptedV1,
  fromWireTensor,
  isRetriable,
  toWireTensor,
  type AugmentRequestV1,
  type AugmentResultV1,
  type CleanBatchV1,
  type CorruptedBatchV1,
  type WireTensor,
} from '@ada/contracts';
import {
  MemoryIdempotencyStore,
  publishEvents,
  subscribeEvents,
  type DeliveryContext,
  type EventBus,
  type Subscription,
} from '@ada/bus';
import { createLogger, type LifecycleHook, type LogFields, type Logger } from '@ada/service-kit';
import type { ArtifactStore } from '@ada/store';
import type { CorruptionNetwork, CorruptionNetworkName } from '@ada/models';
import { initBackend } from '@ada/tensor';
import {
  augmentImages,
  NetworkCache,
  type AugmentImagesInput,
  type AugmentImagesOutput,
} from './augment_images.ts';
import { ClassifierCache, type ClassifierLease } from './classifier_cache.ts';
import { resolveConfig, type CorruptionServiceConfig } from './config.ts';
import { UnservableError } from './errors.ts';

/**
 * The corruption service as an embeddable factory: the same object runs inside `main.ts` (a
 * `ServiceRuntime` hook over Kafka and S3) and in-process (embedded mode, tests).
 *
 * - `ada.batches.clean.v1` (group `corruption-service`): each clean batch is corrupted with AdA
 *   against the checkpoint it names and published to `ada.batches.corrupted.v1` under the same
 *   batch id; the AdA seed is the batch's, so a redelivered batch gives identical bytes.
 * - `ada.augment.requests.v1` (group `corruption-service.augment`): the public API; the answer
 *   goes to `replyTo` (default `ada.augment.results.v1`); a request that cannot be served
 *   (unknown classifier or network, unusable images) gets a `status: 'failed'` reply.
 * - malformed messages of either topic (not JSON, schema violations, truncated tensors, wrong
 *   claim-check checksums, oversized) go to `ada.dlq.v1` with the reason, through the bus helpers.
 *
 * ```ts
 * const service = createCorruptionService({ bus, store, config: { inlineLimit: 64 * 1024 } });
 * await service.start();          // subscribes; `drain()` finishes the batch in flight
 * runtime.use(service);           // or as a ServiceRuntime hook
 * ```
 */
export interface CorruptionServiceOptions {
  bus: EventBus;
  store: ArtifactStore;
  config?: Partial<CorruptionServiceConfig>;
  log?: Logger;
  /** Loads a corruption network by name (default `loadCorruptionNetwork`). */
  loadNetwork?: (name: CorruptionNetworkName) => Promise<CorruptionNetwork>;
}

/** Counters of what a service instance did. */
export interface CorruptionServiceStats {
  batches: number;
  augmentRequests: number;
  failedReplies: number;
  duplicates: number;
  images: number;
  /** Classifier checkpoints loaded from the store. */
  checkpointLoads: number;
}

export interface CorruptionService extends LifecycleHook {
  readonly name: string;
  readonly config: CorruptionServiceConfig;
  start(): Promise<void>;
  /** Stops consuming; the message in flight finishes and is committed. */
  drain(): Promise<void>;
  /** Frees the cached classifiers and corruption networks. */
  stop(): Promise<void>;
  /** Whether both subscriptions are open (readiness). */
  isConsuming(): boolean;
  stats(): CorruptionServiceStats;
}

export function createCorruptionService(options: CorruptionServiceOptions): CorruptionService {
  const { bus, store } = options;
  const config = resolveConfig(options.config);
  const log =
    options.log ?? createLogger({ service: 'corruption-service', level: config.logLevel });
  const networks = new NetworkCache(options.loadNetwork);
  const classifiers = new ClassifierCache(store, {
    capacity: config.checkpointCacheSize,
    fingerprint: (key) => store.stat(key),
  });
  const seen = new MemoryIdempotencyStore(10_000);
  const counters = { batches: 0, augmentRequests: 0, failedReplies: 0, duplicates: 0, images: 0 };
  let subscriptions: Subscription[] = [];
  let started = false;

  /** Images of a message (inline or claim-checked; checksums verified). */
  const fetchImages = (images: WireTensor): Promise<Uint8Array> => {
    const n = images.shape[0] ?? 0;
    if (n > config.maxImages) {
      throw new UnservableError(
        `images holds ${n} images, more than the ${config.maxImages} this service accepts per message`,
        { field: 'images.shape.0' },
      );
    }
    const [, h = 0, w = 0] = images.shape;
    if (h > config.maxImageSide || w > config.maxImageSide) {
      throw new UnservableError(
        `images are ${h}x${w}, larger than the ${config.maxImageSide}x${config.maxImageSide} this service accepts`,
        { field: 'images.shape' },
      );
    }
    return fromWireTensor(images, { store, field: 'images' });
  };

  /** Loads a checkpoint; a missing one is an unservable request, a store outage retriable. */
  const acquireClassifier = async (
    key: string,
    opts: { minStep?: number; revalidate?: boolean },
  ): Promise<ClassifierLease> => {
    try {
      return await classifiers.acquire(key, opts);
    } catch (error) {
      if (isRetriable(error)) throw error;
      const name = (error as Error).name;
      throw new UnservableError(
        name === 'ObjectNotFoundError'
          ? `unknown classifier '${key}': no checkpoint manifest in the store`
          : `classifier '${key}' cannot be loaded: ${(error as Error).message}`,
        { field: 'classifier', cause: error },
      );
    }
  };

  const outputWire = (prefix: string, shape: readonly number[], bytes: Uint8Array) =>
    toWireTensor('uint8', shape, bytes, {
      store,
      keyPrefix: prefix,
      inlineLimit: config.inlineLimit,
    });

  const run = async (
    images: WireTensor,
    labels: readonly number[],
    network: string,
    adaConfig: AugmentImagesInput['config'],
    seed: number,
    checkpoint: { key: string; minStep?: number; revalidate?: boolean },
  ): Promise<{ out: AugmentImagesOutput; checkpointStep: number }> => {
    const bytes = await fetchImages(images);
    const augmenter = await networks.get(network);
    const lease = await acquireClassifier(checkpoint.key, checkpoint);
    try {
      const out = await augmentImages({
        augmenter,
        classifier: lease.classifier,
        images: bytes,
        shape: images.shape,
        labels,
        config: adaConfig,
        seed,
        chunkImages: config.chunkImages,
      });
      return { out, checkpointStep: lease.step };
    } finally {
      lease.release();
    }
  };

  const handleBatch = async (batch: CleanBatchV1): Promise<void> => {
    const id = `batch:${batch.batchId}`;
    if (await seen.has(id)) {
      counters.duplicates++;
      log.info('corruption.duplicate', { batchId: batch.batchId, runId: batch.runId });
      return;
    }
    log.debug('corruption.batch_started', {
      batchId: batch.batchId,
      images: batch.images.shape[0],
    });
    const { out, checkpointStep } = await run(
      batch.images,
      batch.labels,
      batch.config.network,
      batch.config,
      batch.seed,
      { key: batch.checkpoint.key, minStep: batch.checkpoint.step },
    );
    const result: CorruptedBatchV1 = {
      batchId: batch.batchId,
      runId: batch.runId,
      step: batch.step,
      at: new Date().toISOString(),
      workerId: config.workerId,
      checkpointStep,
      staleness: Math.max(0, batch.step - checkpointStep),
      images: await outputWire(
        `runs/${keySegment(batch.runId)}/corrupted`,
        batch.images.shape,
        out.images,
      ),
      ssim: out.ssim,
      lineSearchSteps: out.lineSearchSteps,
      lossBefore: out.lossBefore,
      lossAfter: out.lossAfter,
    };
    await publishEvents(bus, batchesCorruptedV1, [result], {
      topic: config.topics.corrupted,
      maxBytes: config.maxMessageBytes,
    });
    await seen.add(id);
    counters.batches++;
    counters.images += out.ssim.length;
    checkPace(out);
    log.info('corruption.batch', {
      batchId: batch.batchId,
      runId: batch.runId,
      step: batch.step,
      ...progressFields(out),
      checkpointStep,
      staleness: result.staleness,
      claimCheck: result.images.encoding === 'claim-check',
    });
  };

  const reply = async (request: AugmentRequestV1, value: AugmentResultV1): Promise<void> => {
    await publishEvents(bus, augmentResultsV1, [value], {
      topic: request.replyTo ?? config.topics.augmentResults,
      maxBytes: config.maxMessageBytes,
    });
  };

  const handleRequest = async (
    request: AugmentRequestV1,
    context: DeliveryContext,
  ): Promise<void> => {
    const id = `augment:${request.requestId}`;
    if (await seen.has(id)) {
      counters.duplicates++;
      log.info('corruption.duplicate', { requestId: request.requestId });
      return;
    }
    const adaConfig = {
      nu: request.config?.nu ?? config.defaultNu,
      steps: request.config?.steps ?? config.defaultSteps,
      ssimThreshold: request.config?.ssimThreshold ?? config.defaultSsimThreshold,
      offsets: request.config?.offsets,
      residual: request.config?.residual,
      stepRule: request.config?.stepRule,
    };
    let result: AugmentResultV1;
    let computed: { out: AugmentImagesOutput; checkpointStep: number } | undefined;
    try {
      computed = await run(
        request.images,
        request.labels,
        request.config?.network ?? config.defaultNetwork,
        adaConfig,
        request.seed ?? 0,
        { key: request.classifier, revalidate: true },
      );
      result = {
        requestId: request.requestId,
        at: new Date().toISOString(),
        status: 'ok',
        images: await outputWire(
          `augment/${keySegment(request.requestId)}`,
          request.images.shape,
          computed.out.images,
        ),
        ssim: computed.out.ssim,
        lineSearchSteps: computed.out.lineSearchSteps,
        checkpointStep: computed.checkpointStep,
      };
    } catch (error) {
      // Malformed content (bad claim check) is dead-lettered like any invalid message.
      if (error instanceof ContractError) throw error;
      const retriable = isRetriable(error);
      // A retriable failure is retried by the bus; the last attempt answers, so nobody waits forever.
      if (retriable && context.attempt < config.maxAttempts) throw error;
      result = {
        requestId: request.requestId,
        at: new Date().toISOString(),
        status: 'failed',
        error: publicMessage(error),
        retriable,
      };
      log.warn('corruption.augment_failed', {
        requestId: request.requestId,
        classifier: request.classifier,
        error: (error as Error).message,
        retriable,
      });
    }
    await reply(request, result);
    await seen.add(id);
    counters.augmentRequests++;
    if (result.status === 'failed') {
      counters.failedReplies++;
      return;
    }
    const out = computed?.out;
    if (out === undefined) return;
    counters.images += out.ssim.length;
    checkPace(out);
    log.info('corruption.augment', {
      requestId: request.requestId,
      ...progressFields(out),
      checkpointStep: computed?.checkpointStep,
    });
  };

  /** Warns when one AdA call comes close to the Kafka session timeout (heartbeats wait for it). */
  const checkPace = (out: AugmentImagesOutput) => {
    const calls = Math.max(1, Math.ceil(out.ssim.length / config.chunkImages));
    const perCall = out.seconds / calls;
    if (perCall * 1000 > config.sessionTimeoutMs / 2) {
      log.warn('corruption.slow_chunk', {
        secondsPerCall: round(perCall, 2),
        sessionTimeoutMs: config.sessionTimeoutMs,
        hint: 'lower CHUNK_IMAGES or raise SESSION_TIMEOUT_MS',
      });
    }
  };

  const subscribeOptions = {
    deadLetterTopic: config.topics.dlq,
    maxAttempts: config.maxAttempts,
    sessionTimeoutMs: config.sessionTimeoutMs,
    maxBytes: config.maxMessageBytes,
  };

  return {
    name: 'corruption-service',
    config,
    async start() {
      if (started) throw new Error('corruption-service: start() called twice');
      started = true;
      await initBackend({ log: (line) => log.info('corruption.backend', { line }) });
      if (config.ensureTopics) {
        await bus.ensureTopics(
          Object.values(config.topics).map((topic) => ({
            topic,
            partitions: topic === config.topics.dlq ? 1 : config.partitions,
          })),
        );
      }
      subscriptions = [
        await subscribeEvents(bus, {
          ...subscribeOptions,
          contract: batchesCleanV1,
          topic: config.topics.clean,
          groupId: config.groupId,
          handler: (batch) => handleBatch(batch),
        }),
        await subscribeEvents(bus, {
          ...subscribeOptions,
          contract: augmentRequestsV1,
          topic: config.topics.augmentRequests,
          groupId: config.augmentGroupId,
          handler: (request, _message, context) => handleRequest(request, context),
        }),
      ];
      log.info('corruption.started', {
        workerId: config.workerId,
        groupId: config.groupId,
        clean: config.topics.clean,
        augmentRequests: config.topics.augmentRequests,
      });
    },
    async drain() {
      const open = subscriptions;
      subscriptions = [];
      await Promise.all(open.map((s) => s.close()));
      log.info('corruption.drained', { workerId: config.workerId, ...counters });
    },
    async stop() {
      classifiers.clear();
      await networks.dispose();
    },
    isConsuming: () => subscriptions.length === 2,
    stats: () => ({ ...counters, checkpointLoads: classifiers.loads }),
  };
}

/** The error text a requester may see: ours and the contracts' verbatim, others generic. */
function publicMessage(error: unknown): string {
  if (error instanceof UnservableError) return error.message;
  const name = error instanceof Error ? error.name : 'error';
  return `internal error (${name}) while augmenting; the service log has the details`;
}

/** The per-batch progress line: images, seconds, images/s, mean SSIM, line searches, losses. */
function progressFields(out: AugmentImagesOutput): LogFields {
  return {
    images: out.ssim.length,
    seconds: round(out.seconds, 3),
    imagesPerSecond: round(out.ssim.length / Math.max(out.seconds, 1e-9), 2),
    meanSsim: round(mean(out.ssim), 4),
    lineSearches: out.lineSearchSteps.filter((s) => s > 0).length,
    lossBefore: round(out.lossBefore, 4),
    lossAfter: round(out.lossAfter, 4),
  };
}

/** An id as one object-key segment: ids may be `.`, `..` or `.ada-*`, which keys reject. */
function keySegment(id: string): string {
  return id.startsWith('.') ? `_${id}` : id;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
