import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactStore } from './artifact_store.ts';
import { FsArtifactStore } from './fs_store.ts';
import { S3ArtifactStore, s3OptionsFromEnv, type S3ArtifactStoreOptions } from './s3_store.ts';

/**
 * Test helpers (`@ada/store/testing`): fresh stores for contract suites that run against every
 * implementation. Each `create()` returns an empty store (own temporary directory, or own key
 * prefix in the bucket); `cleanup()` removes everything the harness created.
 *
 * ```ts
 * const harnesses = storeHarnesses('ada-records-contract');
 * afterAll(() => Promise.all(harnesses.map((h) => h.cleanup())));
 * for (const h of harnesses) describe.skipIf(h.skip !== undefined)(h.title('records'), () => { ... });
 * ```
 */
export interface StoreHarness<S extends ArtifactStore = ArtifactStore> {
  name: 'filesystem' | 's3';
  /** Why the suite is skipped (no S3 server configured), or undefined. */
  skip: string | undefined;
  /** `<subject> on <name>`, with the skip reason when skipped. */
  title(subject: string): string;
  create(): Promise<S>;
  cleanup(): Promise<void>;
}

export function fsStoreHarness(): StoreHarness<FsArtifactStore> {
  const roots: string[] = [];
  return {
    name: 'filesystem',
    skip: undefined,
    title: (subject) => `${subject} on filesystem`,
    async create() {
      const root = mkdtempSync(join(tmpdir(), 'ada-store-'));
      roots.push(root);
      return new FsArtifactStore({ root });
    },
    async cleanup() {
      for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
    },
  };
}

export const S3_SKIP_REASON =
  'S3_ENDPOINT not set (start one with deploy/local/stack start; eval "$(deploy/local/stack env)")';

/** A harness over the S3 server of `S3_ENDPOINT` (skipped without it), bucket `bucket`. */
export function s3StoreHarness(
  bucket: string,
  options: Partial<S3ArtifactStoreOptions> = {},
  env: NodeJS.ProcessEnv = process.env,
): StoreHarness<S3ArtifactStore> & { options: S3ArtifactStoreOptions | undefined } {
  const s3 = s3OptionsFromEnv(bucket, env);
  const stores: S3ArtifactStore[] = [];
  const skip = s3 === undefined ? S3_SKIP_REASON : undefined;
  return {
    name: 's3',
    skip,
    options: s3,
    title: (subject) =>
      skip === undefined ? `${subject} on s3` : `${subject} on s3 (skipped: ${skip})`,
    async create() {
      if (s3 === undefined) throw new Error(`s3 harness used while skipped: ${S3_SKIP_REASON}`);
      const store = new S3ArtifactStore({ ...s3, prefix: `t-${randomUUID()}/`, ...options });
      await store.ensureBucket();
      stores.push(store);
      return store;
    },
    async cleanup() {
      for (const store of stores.splice(0)) {
        for (const o of await store.list('')) await store.delete(o.key);
        await store.close();
      }
    },
  };
}

/** The filesystem harness and the S3 one, in that order. */
export function storeHarnesses(bucket: string): StoreHarness[] {
  return [fsStoreHarness(), s3StoreHarness(bucket)];
}
