import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { StoreChecksumError } from './errors.ts';

/**
 * A pass-through stream that hashes what flows through it (sha256) and counts the bytes. With
 * `expect`, it fails with `StoreChecksumError` at the end when the content does not match.
 *
 * ```ts
 * const h = new HashingStream();
 * await pipeline(source, h, sink);
 * h.digest();   // { sha256: 'ab12...', size: 1048576 }
 * ```
 */
export class HashingStream extends Transform {
  private readonly hash = createHash('sha256');
  private size = 0;
  private result: { sha256: string; size: number } | undefined;

  constructor(private readonly expect?: { key: string; sha256: string; size: number }) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const result = { sha256: this.hash.digest('hex'), size: this.size };
    this.result = result;
    const e = this.expect;
    if (e !== undefined && (result.size !== e.size || result.sha256 !== e.sha256)) {
      callback(
        new StoreChecksumError(
          e.key,
          `read ${result.size} bytes with sha256 ${result.sha256}, recorded ${e.size} bytes with sha256 ${e.sha256}`,
        ),
      );
      return;
    }
    callback();
  }

  /** Size and sha256 of everything that passed; only after the stream has ended. */
  digest(): { sha256: string; size: number } {
    if (this.result === undefined) throw new Error('HashingStream.digest() called before the end');
    return this.result;
  }
}
