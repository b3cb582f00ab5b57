/**
 * Errors of `@ada/store`. Each carries `retriable` (a network hiccup is, a missing key or a bad
 * checksum is not), an optional `cause`, and the key at fault.
 *
 * ```ts
 * try { await store.get('runs/r1/ckpt/manifest.json') }
 * catch (e) { if (e instanceof ObjectNotFoundError) ... }
 * ```
 */
export interface StoreErrorOptions {
  retriable?: boolean;
  cause?: unknown;
  key?: string;
}

/** Base class of every error raised by an `ArtifactStore`. */
export class StoreError extends Error {
  readonly retriable: boolean;
  readonly key: string | undefined;

  constructor(message: string, options: StoreErrorOptions = {}) {
    super(
      options.key === undefined ? message : `${message} (key '${options.key}')`,
      options.cause === undefined ? {} : { cause: options.cause },
    );
    this.name = 'StoreError';
    this.retriable = options.retriable ?? false;
    this.key = options.key;
  }
}

/** The key does not exist (or its artifact has no published manifest). Not retriable. */
export class ObjectNotFoundError extends StoreError {
  constructor(key: string, options: Omit<StoreErrorOptions, 'key' | 'retriable'> = {}) {
    super('object not found', { ...options, key, retriable: false });
    this.name = 'ObjectNotFoundError';
  }
}

/** The bytes read do not match the sha256 or size recorded at write time. Not retriable. */
export class StoreChecksumError extends StoreError {
  constructor(key: string, detail: string) {
    super(`checksum mismatch: ${detail}`, { key, retriable: false });
    this.name = 'StoreChecksumError';
  }
}

/** A key that is empty, absolute, has `..` or empty segments, or uses a reserved prefix. */
export class InvalidKeyError extends StoreError {
  constructor(key: string, reason: string) {
    super(`invalid key: ${reason}`, { key, retriable: false });
    this.name = 'InvalidKeyError';
  }
}
