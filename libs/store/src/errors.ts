/**
 * Errors of `@ada/store`. Each carries `retriable` (a network hiccup is, a missing key or a bad
 * checksum is not), an optional `cause`, and the key at fault.
 *
 * ```ts
 * try { await store.get('runs/r1/ckpt/manifest.json') }
 * catch (e) { if (e instanceof ObjectNotFoundError) ... }
 * ```
 */
import { AdaError } from '@ada/errors';

export interface StoreErrorOptions {
  /** Public code (default `STORE_ERROR`); see `@ada/errors`. */
  code?: string;
  retriable?: boolean;
  cause?: unknown;
  key?: string;
}

/** Base class of every error raised by an `ArtifactStore` (an `AdaError`). */
export class StoreError extends AdaError {
  readonly key: string | undefined;

  constructor(message: string, options: StoreErrorOptions = {}) {
    super(options.key === undefined ? message : `${message} (key '${options.key}')`, {
      code: options.code ?? 'STORE_ERROR',
      retriable: options.retriable ?? false,
      cause: options.cause,
    });
    this.name = 'StoreError';
    this.key = options.key;
  }
}

/** The key does not exist (or its artifact has no published manifest). Not retriable. */
export class ObjectNotFoundError extends StoreError {
  constructor(key: string, options: Omit<StoreErrorOptions, 'key' | 'retriable'> = {}) {
    super('object not found', { code: 'NOT_FOUND', ...options, key, retriable: false });
    this.name = 'ObjectNotFoundError';
  }
}

/** The bytes read do not match the sha256 or size recorded at write time. Not retriable. */
export class StoreChecksumError extends StoreError {
  constructor(key: string, detail: string) {
    super(`checksum mismatch: ${detail}`, { code: 'CHECKSUM_MISMATCH', key, retriable: false });
    this.name = 'StoreChecksumError';
  }
}

/** A key that is empty, absolute, has `..` or empty segments, or uses a reserved prefix. */
export class InvalidKeyError extends StoreError {
  constructor(key: string, reason: string) {
    super(`invalid key: ${reason}`, { code: 'INVALID_KEY', key, retriable: false });
    this.name = 'InvalidKeyError';
  }
}
