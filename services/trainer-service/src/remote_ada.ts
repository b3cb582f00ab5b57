import {
  batchesCleanV1,
  batchesCorruptedV1,
  fromWireTensor,
  toWireTensor,
  type AdaConfigV1,
  type CorruptedBatchV1,
} from '@ada/contracts';
import { publishEvents, subscribeEvents, type EventBus, type Subscription } from '@ada/bus';
import type { ArtifactStore } from '@ada/store';
import type { CheckpointRef } from './store_checkpoints.ts';
import { AdaError } from '@ada/errors';

/**
 * The trainer's side of remote AdA: it publishes the clean AdA part of each batch on
 * `ada.batches.clean.v1` ahead of training (up to `lookahead` steps, naming the newest classifier
 * checkpoint), and hands each step the corrupted batch that comes back on
 * `ada.batches.corrupted.v1`.
 *
 * - Clean batches are keyed by batch id, not run id: one run's batches spread over the
 *   partitions, so every worker of the group gets some (the trainer reorders them by step).
 * - Staleness: a batch is published only while `step - checkpoint step <= maxStaleness`; a reply
 *   whose reported `staleness` exceeds the bound is rejected (counted in `stale`).
 * - At-least-once: replies are deduplicated by batch id (`duplicates`); replies to batch ids this
 *   trainer did not publish in this incarnation (an earlier process of the run, other runs) are
 *   ignored (`foreign`); a reply after its step fell back is `late`.
 * - Fallback: a step waits `batchTimeoutMs` for its batch; then `onMissing: 'fail'` fails the run
 *   with a `MissingBatchError`, and `'clean'` trains the batch clean and records it in `missing`.
 *   A rejected (stale or malformed) reply takes the same path at once. During shutdown a step
 *   waits at most `shutdownGraceMs`, then trains clean (`missing`, reason `shutdown`) so the
 *   trainer can checkpoint right after it.
 *
 * ```ts
 * const remote = new RemoteAda({ bus, store, runId, incarnation, config, ... });
 * await remote.start(initialCheckpoint);
 * const got = await remote.take(step);     // { kind: 'ok', images, ssim, ... } or { kind: 'missing' }
 * ```
 */
export interface CleanAdaBatch {
  /** uint8 NHWC values of the AdA head of the batch. */
  images: Uint8Array;
  shape: [number, number, number, 3];
  labels: number[];
  seed: number;
}

export interface RemoteAdaOptions {
  bus: EventBus;
  store: ArtifactStore;
  runId: string;
  /** Distinguishes the batch ids of this trainer process from an earlier one of the same run. */
  incarnation: string;
  config: AdaConfigV1;
  totalSteps: number;
  lookahead: number;
  maxStaleness: number;
  batchTimeoutMs: number;
  onMissing: 'fail' | 'clean';
  /** The clean AdA head of step `step` (computed deterministically from the run seed). */
  cleanBatch(step: number): Promise<CleanAdaBatch>;
  signal?: AbortSignal;
  shutdownGraceMs?: number;
  /** Clean batches over this many bytes go to the store as claim checks (default 256 KiB). */
  inlineLimit?: number;
  /** Kafka session timeout of the reply consumer: longer than a training step (default 60 s). */
  sessionTimeoutMs?: number;
  log?(line: string): void;
}

export type TakeResult =
  | {
      kind: 'ok';
      batchId: string;
      images: Uint8Array;
      ssim: number[];
      lossBefore: number;
      lossAfter: number;
      workerId: string;
      staleness: number;
    }
  | { kind: 'missing'; batchId: string; reason: string };

/** Counters of the exchange, reported in the run's result. */
export interface RemoteAdaStats {
  published: number;
  /** Batch ids trained with their corrupted images, in step order. */
  used: string[];
  missing: { step: number; batchId: string; reason: string }[];
  duplicates: number;
  late: number;
  stale: number;
  foreign: number;
  workers: Record<string, number>;
  maxStalenessSeen: number;
}

/** A step's corrupted batch did not come in time and the run is set to fail. */
export class MissingBatchError extends AdaError {
  constructor(message: string) {
    super(message, { code: 'BATCH_MISSING', retriable: true });
  }
}

type Arrival =
  | (Extract<TakeResult, { kind: 'ok' }> & { claim?: string | undefined })
  | { kind: 'rejected'; reason: string };

export class RemoteAda {
  private readonly published = new Map<
    number,
    { batchId: string; count: number; claim?: string | undefined }
  >();
  private readonly arrived = new Map<number, Arrival>();
  private readonly waiters = new Map<number, () => void>();
  private readonly seen = new Set<string>();
  private readonly taken = new Set<number>();
  private nextToPublish = 0;
  private checkpoint: CheckpointRef | undefined;
  private subscription: Subscription | undefined;
  private publishing: Promise<void> = Promise.resolve();
  readonly stats: RemoteAdaStats = {
    published: 0,
    used: [],
    missing: [],
    duplicates: 0,
    late: 0,
    stale: 0,
    foreign: 0,
    workers: {},
    maxStalenessSeen: 0,
  };

  constructor(private readonly options: RemoteAdaOptions) {}

  /** Batch id of step `step` in this incarnation. */
  batchId(step: number): string {
    return `${this.options.runId}.${this.options.incarnation}.s${step}`;
  }

  /**
   * Joins `ada.batches.corrupted.v1` (new messages only, own consumer group) and waits for its
   * partitions, so no reply to a batch published afterwards can be missed.
   */
  async start(checkpoint: CheckpointRef, firstStep: number, joinTimeoutMs = 60_000): Promise<void> {
    this.checkpoint = checkpoint;
    this.nextToPublish = firstStep;
    const { bus, runId, incarnation } = this.options;
    this.subscription = await subscribeEvents(bus, {
      contract: batchesCorruptedV1,
      groupId: `trainer-service.${runId}.${incarnation}`,
      fromBeginning: false,
      sessionTimeoutMs: this.options.sessionTimeoutMs ?? 60_000,
      handler: (batch) => this.onCorrupted(batch),
    });
    const deadline = Date.now() + joinTimeoutMs;
    while (this.subscription.assignedPartitions().length === 0) {
      if (Date.now() > deadline) {
        throw new MissingBatchError(
          `joining ${batchesCorruptedV1.topic} timed out after ${joinTimeoutMs} ms`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** A newer classifier checkpoint: batches published from now on name it. */
  setCheckpoint(ref: CheckpointRef): void {
    this.checkpoint = ref;
  }

  /** The corrupted batch of `step` (publishing ahead first), or the fallback. */
  async take(step: number): Promise<TakeResult> {
    await this.publishAhead(step);
    const batchId = this.batchId(step);
    const arrival = await this.waitFor(step);
    this.taken.add(step);
    this.arrived.delete(step);
    await this.release(step, arrival);
    if (arrival !== undefined && arrival.kind === 'ok') {
      this.stats.used.push(batchId);
      const { claim: _claim, ...result } = arrival;
      return result;
    }
    const reason =
      arrival?.reason ??
      (this.options.signal?.aborted === true
        ? 'shutdown'
        : `no corrupted batch within ${this.options.batchTimeoutMs} ms`);
    if (this.options.onMissing === 'fail' && reason !== 'shutdown') {
      throw new MissingBatchError(
        `step ${step}: ${reason} (batch ${batchId} on ${batchesCleanV1.topic}; are corruption-service workers running?)`,
      );
    }
    this.stats.missing.push({ step, batchId, reason });
    this.options.log?.(`step ${step}: training batch ${batchId} clean (${reason})`);
    return { kind: 'missing', batchId, reason };
  }

  /**
   * Deletes the step's claim-checked images (the clean batch and the corrupted one): once a step
   * is taken nobody needs them (a redelivered reply is dropped before its images are read), and
   * a long run would otherwise leave one object per step behind.
   */
  private async release(step: number, arrival: Arrival | undefined): Promise<void> {
    const keys = [
      this.published.get(step)?.claim,
      arrival?.kind === 'ok' ? arrival.claim : undefined,
    ];
    for (const key of keys) {
      if (key === undefined) continue;
      try {
        await this.options.store.delete(key);
      } catch (error) {
        this.options.log?.(
          `step ${step}: could not delete claim check ${key}: ${(error as Error).message}`,
        );
      }
    }
  }

  /** Leaves the reply topic. */
  async close(): Promise<void> {
    await this.publishing.catch(() => undefined);
    await this.subscription?.close();
    this.subscription = undefined;
  }

  private publishAhead(step: number): Promise<void> {
    this.publishing = this.publishing.then(async () => {
      const last = Math.min(step + this.options.lookahead, this.options.totalSteps - 1);
      const ckpt = this.checkpoint;
      if (ckpt === undefined) throw new Error('RemoteAda.take() called before start()');
      this.nextToPublish = Math.max(this.nextToPublish, step);
      while (
        this.nextToPublish <= last &&
        this.nextToPublish - ckpt.step <= this.options.maxStaleness
      ) {
        await this.publishOne(this.nextToPublish, ckpt);
        this.nextToPublish++;
      }
    });
    return this.publishing;
  }

  private async publishOne(step: number, ckpt: CheckpointRef): Promise<void> {
    const { runId, store, config } = this.options;
    const clean = await this.options.cleanBatch(step);
    const batchId = this.batchId(step);
    this.published.set(step, { batchId, count: clean.shape[0] });
    const images = await toWireTensor('uint8', clean.shape, clean.images, {
      store,
      keyPrefix: `runs/${runId}/claims`,
      ...(this.options.inlineLimit === undefined ? {} : { inlineLimit: this.options.inlineLimit }),
    });
    if (images.encoding === 'claim-check') this.published.get(step)!.claim = images.key;
    await publishEvents(
      this.options.bus,
      batchesCleanV1,
      [
        {
          batchId,
          runId,
          step,
          at: new Date().toISOString(),
          seed: clean.seed,
          checkpoint: { key: ckpt.key, step: ckpt.step, sha256: ckpt.sha256 },
          config,
          images,
          labels: clean.labels,
        },
      ],
      { keyOf: (b) => b.batchId },
    );
    this.stats.published++;
  }

  private waitFor(step: number): Promise<Arrival | undefined> {
    const ready = this.arrived.get(step);
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const signal = this.options.signal;
      let timer: NodeJS.Timeout;
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiters.delete(step);
        resolve(this.arrived.get(step));
      };
      const onAbort = () => {
        clearTimeout(timer);
        timer = setTimeout(finish, this.options.shutdownGraceMs ?? 5_000);
      };
      timer = setTimeout(finish, this.options.batchTimeoutMs);
      this.waiters.set(step, finish);
      if (signal?.aborted === true) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private async onCorrupted(batch: CorruptedBatchV1): Promise<void> {
    if (batch.runId !== this.options.runId) return;
    const expected = this.published.get(batch.step);
    if (expected === undefined || expected.batchId !== batch.batchId) {
      this.stats.foreign++;
      return;
    }
    if (this.seen.has(batch.batchId)) {
      this.stats.duplicates++;
      return;
    }
    if (this.taken.has(batch.step)) {
      this.seen.add(batch.batchId);
      this.stats.late++;
      return;
    }
    const arrival = await this.check(batch, expected.count);
    this.seen.add(batch.batchId);
    this.arrived.set(batch.step, arrival);
    this.waiters.get(batch.step)?.();
  }

  private async check(batch: CorruptedBatchV1, count: number): Promise<Arrival> {
    const [n, h, w, c] = batch.images.shape;
    if (n !== count || h === undefined || w === undefined || c !== 3) {
      return {
        kind: 'rejected',
        reason: `corrupted batch ${batch.batchId} has images [${batch.images.shape.join(', ')}], expected [${count}, H, W, 3]`,
      };
    }
    if (batch.staleness > this.options.maxStaleness) {
      this.stats.stale++;
      return {
        kind: 'rejected',
        reason: `corrupted batch ${batch.batchId} is ${batch.staleness} steps stale (bound ${this.options.maxStaleness})`,
      };
    }
    const images = await fromWireTensor(batch.images, {
      store: this.options.store,
      field: 'images',
    });
    this.stats.workers[batch.workerId] = (this.stats.workers[batch.workerId] ?? 0) + 1;
    this.stats.maxStalenessSeen = Math.max(this.stats.maxStalenessSeen, batch.staleness);
    return {
      kind: 'ok',
      claim: batch.images.encoding === 'claim-check' ? batch.images.key : undefined,
      batchId: batch.batchId,
      images,
      ssim: batch.ssim,
      lossBefore: batch.lossBefore,
      lossAfter: batch.lossAfter,
      workerId: batch.workerId,
      staleness: batch.staleness,
    };
  }
}
