import type { EventContract } from '@ada/contracts';
import type { EventBus, Subscription } from './bus.ts';
import { BusError } from './errors.ts';
import { publishEvents, subscribeEvents } from './typed.ts';

/**
 * Request/response over the bus, for the public topic pairs (`ada.augment.requests.v1` ->
 * `ada.augment.results.v1`, `ada.eval.requests.v1` -> `ada.eval.results.v1`). One subscription
 * on the reply topic (joined once in `start`) resolves every pending request by its id; replies
 * to ids nobody waits for (other clients, duplicates of at-least-once delivery) are ignored.
 *
 * ```ts
 * const client = new RequestReplyClient(bus, { request: augmentRequestsV1, reply: augmentResultsV1,
 *   replyTopic: 'acme.augmented', groupId: 'acme-client-1' });
 * await client.start();
 * const result = await client.request({ ...req, replyTo: 'acme.augmented' }, { timeoutMs: 60_000 });
 * ```
 */
export interface RequestReplyOptions<Req, Res> {
  request: EventContract<Req>;
  reply: EventContract<Res>;
  /** Topic replies arrive on (default: the reply contract's topic). */
  replyTopic?: string;
  /** Topic requests go to (default: the request contract's topic). */
  requestTopic?: string;
  /** Consumer group of this client; unique per client process so each sees every reply. */
  groupId: string;
  /** How long `start` waits to own the reply topic's partitions (default 60000 ms). */
  joinTimeoutMs?: number;
}

interface Pending<Res> {
  resolve(value: Res): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class RequestReplyClient<Req, Res> {
  private readonly pending = new Map<string, Pending<Res>>();
  private subscription: Subscription | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly options: RequestReplyOptions<Req, Res>,
  ) {}

  /** Joins the reply topic and waits for the partitions; new replies only (`fromBeginning: false`). */
  async start(): Promise<void> {
    if (this.subscription !== undefined) return;
    const topic = this.options.replyTopic ?? this.options.reply.topic;
    await this.bus.ensureTopics([{ topic }]);
    this.subscription = await subscribeEvents(this.bus, {
      contract: this.options.reply,
      topic,
      groupId: this.options.groupId,
      fromBeginning: false,
      handler: async (reply) => {
        const id = this.options.reply.idOf(reply);
        const waiting = this.pending.get(id);
        if (waiting === undefined) return;
        this.pending.delete(id);
        clearTimeout(waiting.timer);
        waiting.resolve(reply);
      },
    });
    // Replies published before the group owns the partitions would be missed (new replies
    // only), so wait for the assignment.
    const deadline = Date.now() + (this.options.joinTimeoutMs ?? 60_000);
    while (this.subscription.assignedPartitions().length === 0) {
      if (Date.now() > deadline) {
        throw new BusError(`joining the reply topic timed out`, { topic, retriable: true });
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Publishes `value` and resolves with the reply of the same id (rejects after `timeoutMs`). */
  async request(value: Req, options: { timeoutMs?: number } = {}): Promise<Res> {
    if (this.subscription === undefined) {
      throw new BusError('RequestReplyClient.request() called before start()');
    }
    const id = this.options.request.idOf(value);
    if (this.pending.has(id)) {
      throw new BusError(`a request with id '${id}' is already waiting`, { key: id });
    }
    const timeoutMs = options.timeoutMs ?? 60_000;
    const reply = new Promise<Res>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new BusError(`no reply to '${id}' within ${timeoutMs} ms`, { retriable: true, key: id }),
        );
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
    });
    try {
      await publishEvents(this.bus, this.options.request, [value], {
        ...(this.options.requestTopic === undefined ? {} : { topic: this.options.requestTopic }),
      });
    } catch (error) {
      const waiting = this.pending.get(id);
      if (waiting !== undefined) {
        clearTimeout(waiting.timer);
        this.pending.delete(id);
      }
      throw error;
    }
    return reply;
  }

  /** Rejects what is still pending and leaves the reply topic. */
  async close(): Promise<void> {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new BusError(`client closed before the reply to '${id}'`, { key: id }));
    }
    this.pending.clear();
    await this.subscription?.close();
    this.subscription = undefined;
  }
}
