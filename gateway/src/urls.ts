import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Time-limited download URLs of stored artifacts. Against S3 the store presigns a GET (the
 * `minio` client's presigned URL: the bytes never pass through the gateway); in embedded mode the
 * gateway signs its own route, `/artifacts/<key>?expires=<unix s>&sig=<hmac>`, and serves the
 * object while the signature holds. The HMAC secret is per process unless given (give the same
 * one to every replica so any of them accepts the others' URLs).
 *
 * ```ts
 * const signer = new RouteUrlSigner({ baseUrl: 'http://127.0.0.1:4000' });
 * const { url } = await signer.sign('runs/r1/ckpt/manifest.json', 900);
 * signer.verify(key, expires, sig);   // true until the URL expires
 * ```
 */
export interface SignedUrlInfo {
  url: string;
  expiresAt: string;
}

export interface ArtifactUrlSigner {
  sign(key: string, expiresInSeconds: number): Promise<SignedUrlInfo>;
}

/** A store that can presign GETs itself (the S3 store). */
export interface PresigningStore {
  presignedGetUrl(key: string, expiresInSeconds: number): Promise<string>;
}

export function canPresign(store: unknown): store is PresigningStore {
  return (
    typeof store === 'object' &&
    store !== null &&
    typeof (store as Partial<PresigningStore>).presignedGetUrl === 'function'
  );
}

export class PresignedUrlSigner implements ArtifactUrlSigner {
  constructor(private readonly store: PresigningStore) {}

  async sign(key: string, expiresInSeconds: number): Promise<SignedUrlInfo> {
    const url = await this.store.presignedGetUrl(key, expiresInSeconds);
    return { url, expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString() };
  }
}

export interface RouteUrlSignerOptions {
  /** Public base URL of this gateway, e.g. `http://127.0.0.1:4000` (resolved at sign time). */
  baseUrl: () => string;
  /** HMAC secret (at least 32 bytes); random per process when omitted. */
  secret?: Uint8Array;
  now?: () => number;
}

/** The path prefix of the signed artifact route. */
export const ARTIFACT_ROUTE = '/artifacts/';

export class RouteUrlSigner implements ArtifactUrlSigner {
  private readonly secret: Uint8Array;
  private readonly now: () => number;

  constructor(private readonly options: RouteUrlSignerOptions) {
    if (options.secret !== undefined && options.secret.byteLength < 32) {
      throw new TypeError(
        `Argument 'secret' passed to 'RouteUrlSigner' must have at least 32 bytes, got ${options.secret.byteLength}`,
      );
    }
    this.secret = options.secret ?? randomBytes(32);
    this.now = options.now ?? Date.now;
  }

  async sign(key: string, expiresInSeconds: number): Promise<SignedUrlInfo> {
    const expires = Math.floor(this.now() / 1000) + expiresInSeconds;
    const path = ARTIFACT_ROUTE + key.split('/').map(encodeURIComponent).join('/');
    const url = `${this.options.baseUrl()}${path}?expires=${expires}&sig=${this.signature(key, expires)}`;
    return { url, expiresAt: new Date(expires * 1000).toISOString() };
  }

  /** Whether `sig` signs `key` until `expires` (unix seconds) and that time has not passed. */
  verify(key: string, expires: number, sig: string): boolean {
    if (!Number.isInteger(expires) || expires * 1000 < this.now()) return false;
    const expected = Buffer.from(this.signature(key, expires), 'hex');
    const given = Buffer.from(/^[0-9a-f]{64}$/.test(sig) ? sig : '', 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private signature(key: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${expires}\n${key}`).digest('hex');
  }
}
