import type { Readable } from 'node:stream';

/**
 * `ArtifactStore`: the object store of the platform (datasets, shards, checkpoints, corrupted
 * batches, grids, result tables). Two implementations share one contract suite: `S3ArtifactStore`
 * (the `minio` client; MinIO, versitygw or any S3) and `FsArtifactStore` (a local directory).
 *
 * Every object is written atomically (readers see the old object or the new one, never a part)
 * with its sha256; reads verify it and fail with `StoreChecksumError` on a mismatch. Missing keys
 * fail with `ObjectNotFoundError`. `put`/`get` make it a `ByteStore` (the byte sink/source of
 * checkpoints, shards and claim checks); `putStream`/`getStream` move large objects without
 * holding them in memory. Multi-object artifacts are published with `publishArtifact`.
 *
 * ```ts
 * const store = new FsArtifactStore({ root: dataDir });
 * await store.put('runs/r1/config.json', bytes);
 * const back = await store.get('runs/r1/config.json');        // sha256 verified
 * const keys = (await store.list('runs/r1/')).map((o) => o.key);
 * ```
 */
export interface ObjectInfo {
  key: string;
  /** Size in bytes. */
  size: number;
}

/** What `put`, `putStream` and `stat` report. */
export interface StoredObject extends ObjectInfo {
  /** Lowercase hex sha256 of the content. */
  sha256: string;
}

export interface ArtifactStore {
  /** Writes `bytes` under `key` atomically, replacing any previous object. */
  put(key: string, bytes: Uint8Array): Promise<StoredObject>;
  /** Reads the whole object; verifies size and sha256. */
  get(key: string): Promise<Uint8Array>;
  /** Writes a stream of any length under `key` atomically (temporary object, then publish). */
  putStream(key: string, source: Readable | AsyncIterable<Uint8Array>): Promise<StoredObject>;
  /**
   * Reads an object as a stream; the stream fails with `StoreChecksumError` at its end when the
   * content does not match the recorded sha256 (consume it fully before trusting the bytes).
   */
  getStream(key: string): Promise<Readable>;
  /** Size and sha256 of an object, without reading it. */
  stat(key: string): Promise<StoredObject>;
  /** Whether `key` exists. */
  exists(key: string): Promise<boolean>;
  /** Objects whose key starts with `prefix`, sorted by key. */
  list(prefix: string): Promise<ObjectInfo[]>;
  /** Deletes an object; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Releases connections. */
  close(): Promise<void>;
}
