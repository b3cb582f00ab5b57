import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createArtifactStore } from './create_artifact_store.ts';
import { FsArtifactStore } from './fs_store.ts';
import { S3ArtifactStore, s3OptionsFromEnv } from './s3_store.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'ada-create-store-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('createArtifactStore', () => {
  it('without an S3 endpoint: the filesystem under <dataDir>/store', async () => {
    const store = await createArtifactStore({ dataDir, env: {} });
    expect(store).toBeInstanceOf(FsArtifactStore);
    expect((store as FsArtifactStore).root).toBe(join(dataDir, 'store'));
    await store.put('x/y', new Uint8Array([1, 2]));
    expect(Array.from(await store.get('x/y'))).toEqual([1, 2]);
  });

  it('an endpoint without keys is a configuration error naming the variables', async () => {
    await expect(
      createArtifactStore({ dataDir, env: { S3_ENDPOINT: 'http://127.0.0.1:1' } }),
    ).rejects.toThrow(/S3_ACCESS_KEY or S3_SECRET_KEY/);
  });

  it.skipIf(s3OptionsFromEnv('probe') === undefined)(
    'with S3_ENDPOINT or MINIO_ENDPOINT (skipped when unset): S3, bucket created on first use',
    async () => {
      const bucket = `ada-create-${randomUUID().slice(0, 8)}`;
      const store = await createArtifactStore({ dataDir, bucket });
      expect(store).toBeInstanceOf(S3ArtifactStore);
      await store.put('a', new Uint8Array([7]));
      expect(Array.from(await store.get('a'))).toEqual([7]);
      await store.delete('a');
    },
  );
});
