import { createHash } from 'node:crypto';
import { ChecksumMismatchError, ContractError } from '../errors.ts';
import {
  inlineTensor,
  inlineTensorBytes,
  tensorByteLength,
  type ClaimCheckWireTensor,
  type WireDtype,
  type WireTensor,
} from './tensor.ts';

/**
 * Claim check: payloads larger than a threshold are written to the object store and travel as
 * key + sha256 + size; the consumer fetches them and verifies the checksum.
 *
 * ```ts
 * const wire = await toWireTensor('uint8', [256, 32, 32, 3], bytes, { store, keyPrefix: `runs/${runId}/batches` });
 * // -> { encoding: 'claim-check', key: 'runs/r1/batches/<sha256>', sha256, bytes: 786432, ... }
 * const bytes2 = await fromWireTensor(wire, { store });   // verified against sha256
 * ```
 */

/** The byte sink/source a claim check needs (an `ArtifactStore` satisfies it). */
export interface ByteStore {
  /** Stores `bytes` under `key` (what it resolves to is ignored). */
  put(key: string, bytes: Uint8Array): Promise<unknown>;
  get(key: string): Promise<Uint8Array>;
}

/** Tensors at most this many bytes travel inline by default (256 KiB). */
export const DEFAULT_INLINE_LIMIT = 256 * 1024;

export interface ToWireOptions {
  /** Where payloads over `inlineLimit` go; without it, large payloads stay inline. */
  store?: ByteStore;
  /** Key prefix for claim-checked payloads (the key ends in the sha256). */
  keyPrefix?: string;
  /** Largest payload kept inline, in bytes. */
  inlineLimit?: number;
}

/** Lowercase hex sha256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Encodes a tensor for the wire, inline or claim-checked by size. */
export async function toWireTensor(
  dtype: WireDtype,
  shape: readonly number[],
  bytes: Uint8Array,
  options: ToWireOptions = {},
): Promise<WireTensor> {
  const limit = options.inlineLimit ?? DEFAULT_INLINE_LIMIT;
  if (!(limit >= 0)) {
    throw new RangeError(
      `Argument 'inlineLimit' passed to 'toWireTensor' must be >= 0, got ${limit}`,
    );
  }
  if (options.store === undefined || bytes.length <= limit) {
    return inlineTensor(dtype, shape, bytes);
  }
  const expected = tensorByteLength(dtype, shape);
  if (bytes.length !== expected) {
    throw new RangeError(
      `Argument 'bytes' passed to 'toWireTensor' must hold ${expected} bytes for ${dtype} ` +
        `[${shape.join(', ')}], got ${bytes.length}`,
    );
  }
  const sha256 = sha256Hex(bytes);
  const prefix = (options.keyPrefix ?? 'claims').replace(/\/+$/, '');
  const key = `${prefix}/${sha256}`;
  await options.store.put(key, bytes);
  const wire: ClaimCheckWireTensor = {
    encoding: 'claim-check',
    dtype,
    shape: [...shape],
    key,
    sha256,
    bytes: bytes.length,
  };
  return wire;
}

export interface FromWireOptions {
  /** Needed to resolve claim checks. */
  store?: ByteStore;
  /** Names the field in error messages, e.g. `images`. */
  field?: string;
}

/** The bytes of a wire tensor; claim checks are fetched and verified (size and sha256). */
export async function fromWireTensor(
  tensor: WireTensor,
  options: FromWireOptions = {},
): Promise<Uint8Array> {
  if (tensor.encoding === 'inline') return inlineTensorBytes(tensor);
  const field = options.field;
  if (options.store === undefined) {
    throw new ContractError(`claim check '${tensor.key}' needs a store to resolve`, { field });
  }
  let bytes: Uint8Array;
  try {
    bytes = await options.store.get(tensor.key);
  } catch (cause) {
    const retriable =
      typeof cause === 'object' && cause !== null && 'retriable' in cause
        ? (cause as { retriable: unknown }).retriable === true
        : true;
    throw new ContractError(`claim check '${tensor.key}' could not be fetched`, {
      cause,
      field,
      retriable,
    });
  }
  if (bytes.length !== tensor.bytes) {
    throw new ChecksumMismatchError(
      `claim check '${tensor.key}' holds ${bytes.length} bytes, expected ${tensor.bytes}`,
      { field },
    );
  }
  const actual = sha256Hex(bytes);
  if (actual !== tensor.sha256) {
    throw new ChecksumMismatchError(
      `claim check '${tensor.key}' has sha256 ${actual}, expected ${tensor.sha256}`,
      { field },
    );
  }
  return bytes;
}
