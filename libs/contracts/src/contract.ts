import type { z } from 'zod';
import { ContractValidationError, MalformedPayloadError, PayloadTooLargeError } from './errors.ts';

/**
 * An event contract: a topic name, the schema version and the zod schema of its values. Values
 * are UTF-8 JSON on the wire; tensors inside them are `WireTensor`s (base64 or claim check).
 *
 * ```ts
 * const bytes = encodeEvent(runsV1, { type: 'started', runId: 'r1', at });
 * const event = decodeEvent(runsV1, bytes, { key: 'r1' });       // validated RunEventV1
 * ```
 */
export interface EventContract<T> {
  /** Topic the events travel on, e.g. `ada.runs.v1`. */
  readonly topic: string;
  /** Schema version (also in the topic name). */
  readonly version: number;
  /** Validates a decoded value. */
  readonly schema: z.ZodType<T>;
  /** The message key of a value (run id, request id, ...). */
  keyOf(value: T): string;
  /** The idempotency id of a value (batch id, request id, ...). */
  idOf(value: T): string;
}

/** Largest encoded event accepted by default (1 MB, Kafka's default `message.max.bytes`). */
export const DEFAULT_MAX_MESSAGE_BYTES = 1_000_000;

export interface CodecOptions {
  /** Topic name to report (defaults to the contract's topic). */
  topic?: string;
  /** Message key to report in errors. */
  key?: string;
  /** Largest accepted encoded size in bytes. */
  maxBytes?: number;
}

/** The value of `T` a contract holds. */
export type EventOf<C> = C extends EventContract<infer T> ? T : never;

/** Validates `value` against the contract and encodes it as UTF-8 JSON. */
export function encodeEvent<T>(
  contract: EventContract<T>,
  value: T,
  options: CodecOptions = {},
): Uint8Array {
  const topic = options.topic ?? contract.topic;
  const parsed = validate(contract, value, topic, options.key);
  const bytes = Buffer.from(JSON.stringify(parsed), 'utf8');
  const limit = options.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  if (bytes.length > limit) {
    throw new PayloadTooLargeError(bytes.length, limit, { topic, key: options.key });
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes UTF-8 JSON bytes and validates them against the contract. */
export function decodeEvent<T>(
  contract: EventContract<T>,
  bytes: Uint8Array | null,
  options: CodecOptions = {},
): T {
  const topic = options.topic ?? contract.topic;
  const key = options.key;
  if (bytes === null) {
    throw new MalformedPayloadError('message has no value', { topic, key });
  }
  const limit = options.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  if (bytes.length > limit) throw new PayloadTooLargeError(bytes.length, limit, { topic, key });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new MalformedPayloadError('message value is not UTF-8', { topic, key, cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new MalformedPayloadError('message value is not JSON', { topic, key, cause });
  }
  return validate(contract, json, topic, key);
}

function validate<T>(
  contract: EventContract<T>,
  value: unknown,
  topic: string,
  key: string | undefined,
): T {
  const result = contract.schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map(
    (issue) => `${issue.path.length === 0 ? '(root)' : issue.path.join('.')}: ${issue.message}`,
  );
  const first = result.error.issues[0];
  const field = first === undefined || first.path.length === 0 ? undefined : first.path.join('.');
  throw new ContractValidationError(
    `invalid ${contract.topic} event: ${issues.slice(0, 5).join('; ')}`,
    issues,
    { topic, key, field },
  );
}
