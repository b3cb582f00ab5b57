/**
 * Errors raised while encoding or decoding events. Each carries `retriable` (whether trying the
 * same message again may succeed: consumers retry retriable errors and dead-letter the others),
 * an optional `cause`, and names the topic, key and field at fault when they are known.
 *
 * ```ts
 * try { decodeEvent(batchesCleanV1, bytes, { key }) }
 * catch (e) { if (e instanceof ContractError && !e.retriable) deadLetter(e.message) }
 * ```
 */
import { AdaError } from '@ada/errors';

export { isRetriable } from '@ada/errors';

export interface ContractErrorOptions {
  /** Public code (default `CONTRACT_ERROR`); see `@ada/errors`. */
  code?: string;
  /** Whether retrying the same input may succeed. */
  retriable?: boolean;
  /** The lower-level error that caused this one. */
  cause?: unknown;
  /** Topic the message was produced to or consumed from. */
  topic?: string;
  /** Message key (run id, batch id, request id). */
  key?: string;
  /** Dotted path of the offending field, e.g. `images.shape.3`. */
  field?: string;
}

/** Base class of every error in `@ada/contracts` (an `AdaError`). */
export class ContractError extends AdaError {
  readonly topic: string | undefined;
  readonly key: string | undefined;
  readonly field: string | undefined;

  constructor(message: string, options: ContractErrorOptions = {}) {
    super(withContext(message, options), {
      code: options.code ?? 'CONTRACT_ERROR',
      retriable: options.retriable ?? false,
      cause: options.cause,
    });
    this.name = 'ContractError';
    this.topic = options.topic;
    this.key = options.key;
    this.field = options.field;
  }
}

/** A message whose content does not satisfy its topic's schema (never retriable). */
export class ContractValidationError extends ContractError {
  /** Every schema violation found, as `field: message`. */
  readonly issues: readonly string[];

  constructor(message: string, issues: readonly string[], options: ContractErrorOptions = {}) {
    super(message, { code: 'INVALID_MESSAGE', ...options, retriable: false });
    this.name = 'ContractValidationError';
    this.issues = issues;
  }
}

/** Bytes that are not UTF-8 JSON at all (never retriable). */
export class MalformedPayloadError extends ContractError {
  constructor(message: string, options: ContractErrorOptions = {}) {
    super(message, { code: 'MALFORMED_PAYLOAD', ...options, retriable: false });
    this.name = 'MalformedPayloadError';
  }
}

/** An encoded message larger than the allowed size (never retriable). */
export class PayloadTooLargeError extends ContractError {
  readonly bytes: number;
  readonly limit: number;

  constructor(bytes: number, limit: number, options: ContractErrorOptions = {}) {
    super(`payload of ${bytes} bytes exceeds the limit of ${limit} bytes`, {
      code: 'PAYLOAD_TOO_LARGE',
      ...options,
      retriable: false,
    });
    this.name = 'PayloadTooLargeError';
    this.bytes = bytes;
    this.limit = limit;
  }
}

/** A claim-checked payload whose bytes do not match the announced sha256 or size. */
export class ChecksumMismatchError extends ContractError {
  constructor(message: string, options: ContractErrorOptions = {}) {
    super(message, { code: 'CHECKSUM_MISMATCH', ...options, retriable: false });
    this.name = 'ChecksumMismatchError';
  }
}

function withContext(message: string, options: ContractErrorOptions): string {
  const where = [
    options.topic === undefined ? undefined : `topic '${options.topic}'`,
    options.key === undefined ? undefined : `key '${options.key}'`,
    options.field === undefined ? undefined : `field '${options.field}'`,
  ].filter((part): part is string => part !== undefined);
  return where.length === 0 ? message : `${message} (${where.join(', ')})`;
}
