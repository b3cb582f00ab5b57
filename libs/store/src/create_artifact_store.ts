import { join } from 'node:path';
import type { ArtifactStore } from './artifact_store.ts';
import { FsArtifactStore } from './fs_store.ts';
import { S3ArtifactStore, s3OptionsFromEnv } from './s3_store.ts';

/**
 * The store a process should use: S3 when an endpoint is configured (`S3_ENDPOINT` or
 * `MINIO_ENDPOINT` with `S3_ACCESS_KEY`/`S3_SECRET_KEY`, or MINIO_* keys), its bucket created
 * when missing; otherwise the filesystem under `<dataDir>/store` (embedded mode).
 *
 * ```ts
 * const store = await createArtifactStore({ dataDir: '.ada', bucket: 'ada' });
 * ```
 */
export interface CreateArtifactStoreOptions {
  /** Data directory of embedded mode; the store lives in `<dataDir>/store`. */
  dataDir: string;
  /** S3 bucket (default `ada`). */
  bucket?: string;
  /** Key prefix inside the bucket. */
  prefix?: string;
  env?: NodeJS.ProcessEnv;
}

export async function createArtifactStore(
  options: CreateArtifactStoreOptions,
): Promise<ArtifactStore> {
  const s3 = s3OptionsFromEnv(options.bucket ?? 'ada', options.env ?? process.env);
  if (s3 === undefined) return new FsArtifactStore({ root: join(options.dataDir, 'store') });
  const store = new S3ArtifactStore({
    ...s3,
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
  });
  await store.ensureBucket();
  return store;
}
