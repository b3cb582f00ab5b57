/**
 * @ada/store: `ArtifactStore` with S3 (`minio` client) and filesystem implementations, atomic
 * multi-part publication by manifest, typed errors.
 *
 * ```ts
 * import { FsArtifactStore, S3ArtifactStore, s3OptionsFromEnv } from '@ada/store';
 * ```
 */
export type { ArtifactStore, ObjectInfo, StoredObject } from './artifact_store.ts';
export { FsArtifactStore } from './fs_store.ts';
export type { FsArtifactStoreOptions } from './fs_store.ts';
export { S3ArtifactStore, s3OptionsFromEnv } from './s3_store.ts';
export { createArtifactStore } from './create_artifact_store.ts';
export type { CreateArtifactStoreOptions } from './create_artifact_store.ts';
export type { S3ArtifactStoreOptions } from './s3_store.ts';
export { publishArtifact, readArtifact, readManifest, MANIFEST_NAME } from './publish.ts';
export type { ArtifactManifest } from './publish.ts';
export { StoreError, ObjectNotFoundError, StoreChecksumError, InvalidKeyError } from './errors.ts';
export type { StoreErrorOptions } from './errors.ts';
export { checkKey, checkPrefix } from './keys.ts';
export { HashingStream } from './hashing_stream.ts';
