import { createHash } from 'node:crypto';
import {
  ContractError,
  DLQ_PAYLOAD_LIMIT,
  TOPICS,
  dlqV1,
  encodeEvent,
  isRetriable,
  type DlqEntryV1,
  type DlqReasonV1,
} from '@ada/contracts';
import type { BusRecord, DeliveredMessage, MessageHandler } from './bus.ts';

/**
 * The retry / dead-letter policy both bus implementations apply to each delivered message:
 * retriable errors are retried with exponential backoff up to `maxAttempts`; a non-retriable
 * error, or the last failed attempt, produces one `ada.dlq.v1` entry (reason `invalid` for
 * contract errors, `failed` for other permanent errors, `retries-exhausted`) and the message
 * counts as handled. Only a failure to publish the dead letter propagates (the message is then
 * redelivered).
 *
 * ```ts
 * await deliver(message, handler, { groupId, maxAttempts: 3, retryBackoffMs: 100,
 *   deadLetter: (record) => bus.publish('ada.dlq.v1', [record]) });
 * ```
 */
export interface DeliveryPolicy {
  groupId: string;
  maxAttempts: number;
  retryBackoffMs: number;
  deadLetter(record: BusRecord): Promise<void>;
  /** Whether the consumer is shutting down (stop retrying, leave the message uncommitted). */
  stopping?(): boolean;
}

/** Outcome of one delivery: handled (commit), dead-lettered (commit) or abandoned (no commit). */
export type DeliveryOutcome = 'handled' | 'dead-lettered' | 'abandoned';

export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_RETRY_BACKOFF_MS = 100;

export async function deliver(
  message: DeliveredMessage,
  handler: MessageHandler,
  policy: DeliveryPolicy,
): Promise<DeliveryOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      await handler(message, { attempt, groupId: policy.groupId });
      return 'handled';
    } catch (error) {
      const retriable = isRetriable(error);
      if (retriable && attempt < policy.maxAttempts) {
        if (policy.stopping?.() === true) return 'abandoned';
        await sleep(policy.retryBackoffMs * 2 ** (attempt - 1));
        continue;
      }
      const reason: DlqReasonV1 = !retriable
        ? error instanceof ContractError
          ? 'invalid'
          : 'failed'
        : 'retries-exhausted';
      await policy.deadLetter(deadLetterRecord(message, policy.groupId, reason, error, attempt));
      return 'dead-lettered';
    }
  }
}

/** The `ada.dlq.v1` record for a message that could not be handled. */
export function deadLetterRecord(
  message: DeliveredMessage,
  groupId: string,
  reason: DlqReasonV1,
  error: unknown,
  attempts: number,
): BusRecord {
  const value = message.value ?? new Uint8Array(0);
  const kept = value.subarray(0, DLQ_PAYLOAD_LIMIT);
  const id = createHash('sha256')
    .update(`${message.topic}\0${message.partition}\0${message.offset}\0${groupId}`)
    .digest('hex')
    .slice(0, 32);
  const err = describeError(error);
  const entry: DlqEntryV1 = {
    messageId: `dlq-${id}`,
    at: new Date().toISOString(),
    source: {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      groupId,
    },
    reason,
    error: err,
    attempts,
    payload: Buffer.from(kept).toString('base64'),
    payloadBytes: value.length,
    truncated: kept.length < value.length,
    headers: message.headers,
  };
  return {
    key: message.key ?? '-',
    value: encodeEvent(dlqV1, entry, { topic: TOPICS.dlq }),
    headers: { 'ada-message-id': entry.messageId },
  };
}

function describeError(error: unknown): DlqEntryV1['error'] {
  if (error instanceof Error) {
    const field = (error as { field?: unknown }).field;
    return {
      name: error.name.slice(0, 200) || 'Error',
      message: error.message.slice(0, 8000),
      retriable: isRetriable(error),
      ...(typeof field === 'string' ? { field: field.slice(0, 1000) } : {}),
    };
  }
  return { name: 'NonError', message: String(error).slice(0, 8000), retriable: isRetriable(error) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
