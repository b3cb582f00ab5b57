import { randomBytes } from 'node:crypto';
import {
  augmentRequestsV1,
  augmentResultsV1,
  evalRequestsV1,
  evalResultsV1,
  type AugmentRequestV1,
  type AugmentResultV1,
  type EvalRequestV1,
  type EvalResultV1,
  type EvalKindV1,
  type WireTensor,
} from '@ada/contracts';
import { RequestReplyClient, type EventBus } from '@ada/bus';
import type { Logger } from '@ada/service-kit';
import { ObjectNotFoundError, type ArtifactStore } from '@ada/store';

/**
 * Batch augmentation and evaluation jobs: the gateway sends the request on the bus
 * (`ada.augment.requests.v1`, `ada.eval.requests.v1`), the corruption, metrics or attack
 * service answers, and the job's record in the store (`gateway/jobs/<kind>/<id>.json`) says
 * where it stands, so any replica answers `augmentJob(id)` / `evaluation(id)`. The replica that
 * sent a request writes its result when the reply arrives; a request whose replica stopped
 * before that stays QUEUED (send it again: the services answer repeated request ids from their
 * stored replies).
 *
 * ```ts
 * const jobs = new JobService({ bus, store, groupPrefix: 'gateway.r1' });
 * await jobs.start();
 * const job = await jobs.submitAugment({ classifier, images, labels }, 'alice');
 * ```
 */
export type JobState = 'QUEUED' | 'SUCCEEDED' | 'FAILED';

export interface AugmentJobRecord {
  kind: 'augment';
  id: string;
  status: JobState;
  createdAt: string;
  completedAt?: string;
  requestedBy: string;
  images?: WireTensor;
  ssim?: number[];
  lineSearchSteps?: number[];
  checkpointStep?: number;
  error?: string;
  retriable?: boolean;
}

export interface EvaluationJobRecord {
  kind: 'evaluation';
  id: string;
  status: JobState;
  evalKind: EvalKindV1;
  runId?: string;
  checkpointKey: string;
  checkpointStep: number;
  createdAt: string;
  completedAt?: string;
  requestedBy: string;
  metrics?: Record<string, number>;
  table?: { columns: string[]; rows: { label: string; values: (number | null)[] }[] };
  error?: string;
}

export interface JobServiceOptions {
  bus: EventBus;
  store: ArtifactStore;
  /** Prefix of this replica's reply consumer groups (unique per replica). */
  groupPrefix: string;
  /** How long a job waits for its reply before it is recorded FAILED (default 600000 ms). */
  timeoutMs?: number;
  /** Structured log (default: a logger of `gateway` on stderr; tests: silent). */
  log?: Logger;
}

const JOB_PREFIX = 'gateway/jobs';

export function jobKey(kind: 'augment' | 'evaluation', id: string): string {
  return `${JOB_PREFIX}/${kind}/${id}.json`;
}

export class JobService {
  private readonly augment: RequestReplyClient<AugmentRequestV1, AugmentResultV1>;
  private readonly evaluate: RequestReplyClient<EvalRequestV1, EvalResultV1>;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly timeoutMs: number;

  constructor(private readonly options: JobServiceOptions) {
    this.augment = new RequestReplyClient(options.bus, {
      request: augmentRequestsV1,
      reply: augmentResultsV1,
      groupId: `${options.groupPrefix}.augment`,
    });
    this.evaluate = new RequestReplyClient(options.bus, {
      request: evalRequestsV1,
      reply: evalResultsV1,
      groupId: `${options.groupPrefix}.eval`,
    });
    this.timeoutMs = options.timeoutMs ?? 600_000;
  }

  async start(): Promise<void> {
    await this.options.bus.ensureTopics([
      { topic: augmentRequestsV1.topic },
      { topic: evalRequestsV1.topic },
    ]);
    await Promise.all([this.augment.start(), this.evaluate.start()]);
  }

  /** Records the job QUEUED, sends the request, and records the reply when it comes. */
  async submitAugment(
    request: Omit<AugmentRequestV1, 'requestId' | 'at'>,
    requestedBy: string,
  ): Promise<AugmentJobRecord> {
    const id = newJobId('aug');
    const createdAt = new Date().toISOString();
    const job: AugmentJobRecord = { kind: 'augment', id, status: 'QUEUED', createdAt, requestedBy };
    await this.write(job);
    const reply = this.augment.request(
      { ...request, requestId: id, at: createdAt },
      { timeoutMs: this.timeoutMs },
    );
    this.track(
      reply.then(
        (r) =>
          this.write(
            r.status === 'ok'
              ? {
                  ...job,
                  status: 'SUCCEEDED',
                  completedAt: r.at,
                  images: r.images,
                  ssim: r.ssim,
                  lineSearchSteps: r.lineSearchSteps,
                  checkpointStep: r.checkpointStep,
                }
              : {
                  ...job,
                  status: 'FAILED',
                  completedAt: r.at,
                  error: r.error,
                  retriable: r.retriable,
                },
          ),
        (error: unknown) =>
          this.write({
            ...job,
            status: 'FAILED',
            completedAt: new Date().toISOString(),
            error: `no answer: ${(error as Error).message}`,
            retriable: true,
          }),
      ),
    );
    return job;
  }

  async submitEvaluation(
    request: Omit<EvalRequestV1, 'requestId' | 'at'>,
    requestedBy: string,
  ): Promise<EvaluationJobRecord> {
    const id = newJobId('eval');
    const createdAt = new Date().toISOString();
    const job: EvaluationJobRecord = {
      kind: 'evaluation',
      id,
      status: 'QUEUED',
      evalKind: request.kind,
      ...(request.runId === undefined ? {} : { runId: request.runId }),
      checkpointKey: request.checkpoint.key,
      checkpointStep: request.checkpoint.step,
      createdAt,
      requestedBy,
    };
    await this.write(job);
    const reply = this.evaluate.request(
      { ...request, requestId: id, at: createdAt },
      { timeoutMs: this.timeoutMs },
    );
    this.track(
      reply.then(
        (r) =>
          this.write(
            r.status === 'ok'
              ? {
                  ...job,
                  status: 'SUCCEEDED',
                  completedAt: r.at,
                  metrics: r.metrics,
                  ...(r.table ? { table: r.table } : {}),
                }
              : { ...job, status: 'FAILED', completedAt: r.at, error: r.error },
          ),
        (error: unknown) =>
          this.write({
            ...job,
            status: 'FAILED',
            completedAt: new Date().toISOString(),
            error: `no answer: ${(error as Error).message}`,
          }),
      ),
    );
    return job;
  }

  async getAugment(id: string): Promise<AugmentJobRecord | undefined> {
    return this.read<AugmentJobRecord>(jobKey('augment', id));
  }

  async getEvaluation(id: string): Promise<EvaluationJobRecord | undefined> {
    return this.read<EvaluationJobRecord>(jobKey('evaluation', id));
  }

  /** Waits for the replies in flight to be recorded, then leaves the reply groups. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    await Promise.all([this.augment.close(), this.evaluate.close()]);
  }

  private track(work: Promise<unknown>): void {
    const settled = work.catch((error: unknown) =>
      this.options.log?.error('gateway.job_record_write_failed', { error }),
    );
    this.inFlight.add(settled);
    void settled.finally(() => this.inFlight.delete(settled));
  }

  private async write(job: AugmentJobRecord | EvaluationJobRecord): Promise<void> {
    await this.options.store.put(
      jobKey(job.kind, job.id),
      new TextEncoder().encode(JSON.stringify(job)),
    );
  }

  private async read<T>(key: string): Promise<T | undefined> {
    try {
      return JSON.parse(new TextDecoder().decode(await this.options.store.get(key))) as T;
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return undefined;
      throw error;
    }
  }
}

function newJobId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}
