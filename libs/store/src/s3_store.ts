import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Client, CopyDestinationOptions, CopySourceOptions } from 'minio';
import type { ArtifactStore, ObjectInfo, StoredObject } from './artifact_store.ts';
import { ObjectNotFoundError, StoreChecksumError, StoreError } from './errors.ts';
import { HashingStream } from './hashing_stream.ts';
import { existsByStat, sortByKey } from './object_info.ts';
import { RESERVED_SEGMENT_PREFIX, checkKey, checkPrefix } from './keys.ts';

/**
 * `ArtifactStore` on an S3-compatible server through the `minio` client (MinIO, versitygw, AWS
 * S3, ...). Objects live in `bucket` under `prefix`; each carries its sha256 as user metadata
 * (`x-amz-meta-ada-sha256`). `put` is one PutObject (atomic in S3); `putStream` uploads to a
 * temporary key while hashing (multipart above `partSize`), then copies it into place with the
 * checksum and removes the temporary object.
 *
 * ```ts
 * const store = new S3ArtifactStore({ endpoint: 'http://127.0.0.1:17070', accessKey, secretKey,
 *   bucket: 'ada' });
 * await store.ensureBucket();
 * ```
 */
export interface S3ArtifactStoreOptions {
  /** `http(s)://host:port` of the S3 server. */
  endpoint: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  /** Key prefix inside the bucket (namespace), e.g. `tenant-a/`. */
  prefix?: string;
  region?: string;
  /** Multipart part size in bytes (at least 5 MiB; default 16 MiB). */
  partSize?: number;
}

const SHA_META = 'ada-sha256';
const TMP = `${RESERVED_SEGMENT_PREFIX}tmp`;

/** Reads `S3_ENDPOINT`/`MINIO_ENDPOINT`, `S3_ACCESS_KEY`, `S3_SECRET_KEY`, `S3_REGION`; undefined when unset. */
export function s3OptionsFromEnv(
  bucket: string,
  env: NodeJS.ProcessEnv = process.env,
): S3ArtifactStoreOptions | undefined {
  const endpoint = env['S3_ENDPOINT'] ?? env['MINIO_ENDPOINT'];
  if (endpoint === undefined || endpoint === '') return undefined;
  const accessKey = env['S3_ACCESS_KEY'] ?? env['MINIO_ACCESS_KEY'];
  const secretKey = env['S3_SECRET_KEY'] ?? env['MINIO_SECRET_KEY'];
  if (accessKey === undefined || secretKey === undefined) {
    throw new StoreError('S3_ENDPOINT is set but S3_ACCESS_KEY or S3_SECRET_KEY is not');
  }
  return { endpoint, accessKey, secretKey, bucket, region: env['S3_REGION'] ?? 'us-east-1' };
}

export class S3ArtifactStore implements ArtifactStore {
  readonly bucket: string;
  readonly prefix: string;
  private readonly client: Client;
  private readonly region: string;

  constructor(options: S3ArtifactStoreOptions) {
    let url: URL;
    try {
      url = new URL(options.endpoint);
    } catch (cause) {
      throw new TypeError(
        `Argument 'options.endpoint' passed to 'S3ArtifactStore' must be an http(s) URL, got '${options.endpoint}'`,
        { cause },
      );
    }
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucket)) {
      throw new TypeError(
        `Argument 'options.bucket' passed to 'S3ArtifactStore' must be a valid bucket name, got '${options.bucket}'`,
      );
    }
    const prefix = options.prefix ?? '';
    if (prefix !== '') checkPrefix(prefix);
    this.prefix = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
    this.bucket = options.bucket;
    this.region = options.region ?? 'us-east-1';
    const useSSL = url.protocol === 'https:';
    this.client = new Client({
      endPoint: url.hostname,
      port: url.port === '' ? (useSSL ? 443 : 80) : Number(url.port),
      useSSL,
      accessKey: options.accessKey,
      secretKey: options.secretKey,
      region: this.region,
      pathStyle: true,
      partSize: options.partSize ?? 16 * 1024 * 1024,
    });
  }

  /** Creates the bucket when it does not exist (idempotent, safe under races). */
  async ensureBucket(): Promise<void> {
    try {
      if (await this.client.bucketExists(this.bucket)) return;
      await this.client.makeBucket(this.bucket, this.region);
    } catch (cause) {
      const code = (cause as { code?: string }).code;
      if (code === 'BucketAlreadyOwnedByYou' || code === 'BucketAlreadyExists') return;
      throw wrap(cause, undefined, 'creating the bucket failed');
    }
  }

  async put(key: string, bytes: Uint8Array): Promise<StoredObject> {
    checkKey(key);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    try {
      await this.client.putObject(this.bucket, this.full(key), body, body.length, {
        [SHA_META]: sha256,
      });
    } catch (cause) {
      throw wrap(cause, key, 'put failed');
    }
    return { key, sha256, size: bytes.length };
  }

  async putStream(
    key: string,
    source: Readable | AsyncIterable<Uint8Array>,
  ): Promise<StoredObject> {
    checkKey(key);
    const tmp = `${this.prefix}${TMP}/${randomUUID()}`;
    const hashing = new HashingStream();
    const input = source instanceof Readable ? source : Readable.from(source);
    // `pipe` does not forward errors: a failing source must fail the upload, not hang it.
    const failed = new Promise<never>((_, reject) => {
      input.once('error', reject);
      hashing.once('error', reject);
    });
    failed.catch(() => undefined);
    try {
      await Promise.race([this.client.putObject(this.bucket, tmp, input.pipe(hashing)), failed]);
      const { sha256, size } = hashing.digest();
      await this.client.copyObject(
        new CopySourceOptions({ Bucket: this.bucket, Object: tmp }),
        new CopyDestinationOptions({
          Bucket: this.bucket,
          Object: this.full(key),
          MetadataDirective: 'REPLACE',
          UserMetadata: { [SHA_META]: sha256 },
        }),
      );
      return { key, sha256, size };
    } catch (cause) {
      throw wrap(cause, key, 'streaming put failed');
    } finally {
      await this.client.removeObject(this.bucket, tmp).catch(() => undefined);
    }
  }

  async get(key: string): Promise<Uint8Array> {
    const stream = await this.getStream(key);
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of stream) chunks.push(chunk as Buffer);
    } catch (cause) {
      throw cause instanceof StoreError ? cause : wrap(cause, key, 'get failed');
    }
    const bytes = Buffer.concat(chunks);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async getStream(key: string): Promise<Readable> {
    checkKey(key);
    let response: Readable;
    try {
      response = await this.client.getObject(this.bucket, this.full(key));
    } catch (cause) {
      throw wrap(cause, key, 'get failed');
    }
    const headers = (response as Readable & { headers?: Record<string, string | string[]> })
      .headers;
    const sha256 = header(headers, `x-amz-meta-${SHA_META}`);
    const length = Number(header(headers, 'content-length'));
    const expected =
      sha256 === undefined || !Number.isFinite(length)
        ? await this.stat(key)
        : { key, sha256, size: length };
    const check = new HashingStream({ key, sha256: expected.sha256, size: expected.size });
    response.on('error', (cause) => check.destroy(wrap(cause, key, 'reading failed')));
    return response.pipe(check);
  }

  /**
   * A presigned GET URL of `key`, valid for `expiresInSeconds` (1 s to 7 days): whoever holds it
   * downloads the object straight from the S3 server, without credentials.
   */
  async presignedGetUrl(key: string, expiresInSeconds: number): Promise<string> {
    checkKey(key);
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > 604800) {
      throw new RangeError(
        `Argument 'expiresInSeconds' passed to 'presignedGetUrl' must be an integer in [1, 604800], got ${expiresInSeconds}`,
      );
    }
    try {
      return await this.client.presignedGetObject(this.bucket, this.full(key), expiresInSeconds);
    } catch (cause) {
      throw wrap(cause, key, 'presigning failed');
    }
  }

  async stat(key: string): Promise<StoredObject> {
    checkKey(key);
    try {
      const info = await this.client.statObject(this.bucket, this.full(key));
      const sha256 = info.metaData[SHA_META] as string | undefined;
      if (sha256 === undefined) {
        throw new StoreChecksumError(
          key,
          'the object has no recorded sha256 (written by another client?)',
        );
      }
      return { key, size: info.size, sha256 };
    } catch (cause) {
      if (cause instanceof StoreError) throw cause;
      throw wrap(cause, key, 'stat failed');
    }
  }

  exists(key: string): Promise<boolean> {
    return existsByStat((k) => this.stat(k), key);
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    checkPrefix(prefix);
    const out: ObjectInfo[] = [];
    try {
      const stream = this.client.listObjectsV2(this.bucket, this.full(prefix), true);
      for await (const item of stream as AsyncIterable<{ name?: string; size: number }>) {
        if (item.name === undefined) continue;
        const key = item.name.slice(this.prefix.length);
        if (key.split('/').some((s) => s.startsWith(RESERVED_SEGMENT_PREFIX))) continue;
        out.push({ key, size: item.size });
      }
    } catch (cause) {
      throw wrap(cause, prefix, 'list failed');
    }
    return sortByKey(out);
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    try {
      await this.client.removeObject(this.bucket, this.full(key));
    } catch (cause) {
      throw wrap(cause, key, 'delete failed');
    }
  }

  async close(): Promise<void> {
    // The minio client keeps no connection that needs closing (HTTP keep-alive agents idle out).
  }

  private full(key: string): string {
    return `${this.prefix}${key}`;
  }
}

function header(
  headers: Record<string, string | string[]> | undefined,
  name: string,
): string | undefined {
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchObject']);
const PERMANENT = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'NoSuchBucket',
]);

/** Maps a minio client error to a typed store error (not found, permanent or retriable). */
function wrap(cause: unknown, key: string | undefined, what: string): StoreError {
  if (cause instanceof StoreError) return cause;
  const code = (cause as { code?: string } | null)?.code;
  if (key !== undefined && code !== undefined && NOT_FOUND.has(code)) {
    return new ObjectNotFoundError(key, { cause });
  }
  const retriable = code === undefined || !PERMANENT.has(code);
  return new StoreError(`${what}${code === undefined ? '' : ` (${code})`}`, {
    key,
    cause,
    retriable,
  });
}
