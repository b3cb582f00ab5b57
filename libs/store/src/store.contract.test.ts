import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fromWireTensor, toWireTensor, wireImagesSchema } from '@ada/contracts';
import { Client } from 'minio';
import { afterAll, describe, expect, it } from 'vitest';
import type { ArtifactStore } from './artifact_store.ts';
import type { FsArtifactStore, S3ArtifactStore } from './index.ts';
import {
  InvalidKeyError,
  ObjectNotFoundError,
  StoreChecksumError,
  publishArtifact,
  readArtifact,
  readManifest,
} from './index.ts';
import { fsStoreHarness, s3StoreHarness } from './testing.ts';

/**
 * The ArtifactStore contract: one suite, run against the filesystem store and against a real
 * S3 server (skipped, with the reason in its title, when S3_ENDPOINT is not set; `npm run
 * test:all` starts versitygw and sets it). Every test gets its own directory / key prefix.
 */
interface Harness {
  name: string;
  skip: string | undefined;
  /** A fresh, empty store. */
  create(): Promise<ArtifactStore>;
  /** Replaces the stored bytes of `key` behind the store's back, keeping its recorded sha256. */
  tamper(store: ArtifactStore, key: string, bytes: Uint8Array): Promise<void>;
}

const fsStores = fsStoreHarness();
const s3Stores = s3StoreHarness('ada-store-contract', { partSize: 5 * 1024 * 1024 });
afterAll(async () => {
  await fsStores.cleanup();
  await s3Stores.cleanup();
});

const fsHarness: Harness = {
  name: fsStores.name,
  skip: fsStores.skip,
  create: () => fsStores.create(),
  async tamper(store, key, bytes) {
    writeFileSync(join((store as FsArtifactStore).root, ...key.split('/')), bytes);
  },
};

const s3Options = s3Stores.options;
const s3Harness: Harness = {
  name: s3Stores.name,
  skip: s3Stores.skip,
  create: () => s3Stores.create(),
  async tamper(store, key, bytes) {
    if (s3Options === undefined) throw new Error('unreachable');
    const s3 = store as S3ArtifactStore;
    const url = new URL(s3Options.endpoint);
    const raw = new Client({
      endPoint: url.hostname,
      port: Number(url.port),
      useSSL: false,
      accessKey: s3Options.accessKey,
      secretKey: s3Options.secretKey,
      region: s3Options.region ?? 'us-east-1',
      pathStyle: true,
    });
    const { sha256 } = await store.stat(key);
    await raw.putObject(s3.bucket, `${s3.prefix}${key}`, Buffer.from(bytes), bytes.length, {
      'ada-sha256': sha256,
    });
  },
};

const bytesOf = (n: number, seed = 1) =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 17 + (i >> 8)) % 256);

/** A deterministic stream of `total` bytes in 1 MiB chunks, never held in memory at once. */
async function* generated(total: number): AsyncGenerator<Uint8Array> {
  const chunk = 1024 * 1024;
  for (let offset = 0; offset < total; offset += chunk) {
    const n = Math.min(chunk, total - offset);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = ((offset + i) * 2654435761) >>> 24;
    yield out;
  }
}

async function drain(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

for (const h of [fsHarness, s3Harness]) {
  const title =
    h.skip === undefined
      ? `ArtifactStore contract: ${h.name}`
      : `ArtifactStore contract: ${h.name} (skipped: ${h.skip})`;
  describe.skipIf(h.skip !== undefined)(title, () => {
    it('put/get round-trips 0, 1 and 100000 bytes and reports size + sha256', async () => {
      const store = await h.create();
      for (const n of [0, 1, 100_000]) {
        const bytes = bytesOf(n);
        const info = await store.put(`blobs/${n}.bin`, bytes);
        expect(info).toEqual({
          key: `blobs/${n}.bin`,
          size: n,
          sha256: createHash('sha256').update(bytes).digest('hex'),
        });
        expect(Buffer.from(await store.get(`blobs/${n}.bin`)).equals(Buffer.from(bytes))).toBe(
          true,
        );
        expect(await store.stat(`blobs/${n}.bin`)).toEqual(info);
      }
    });

    it('put replaces an existing object', async () => {
      const store = await h.create();
      await store.put('a/x', bytesOf(10, 1));
      await store.put('a/x', bytesOf(7, 2));
      expect(Array.from(await store.get('a/x'))).toEqual(Array.from(bytesOf(7, 2)));
    });

    it('missing keys give ObjectNotFoundError (get, getStream, stat) naming the key', async () => {
      const store = await h.create();
      await expect(store.get('nope/x.bin')).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.getStream('nope/x.bin')).rejects.toBeInstanceOf(ObjectNotFoundError);
      const error = await store.stat('nope/x.bin').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ObjectNotFoundError);
      expect(error).toMatchObject({ retriable: false, key: 'nope/x.bin' });
      expect(await store.exists('nope/x.bin')).toBe(false);
      await store.delete('nope/x.bin');
    });

    it('invalid keys are rejected before any I/O', async () => {
      const store = await h.create();
      for (const key of ['', '/abs', 'a//b', '../up', 'a/./b', 'a/.ada-tmp/x']) {
        await expect(store.put(key, bytesOf(1))).rejects.toBeInstanceOf(InvalidKeyError);
      }
    });

    it('get verifies the checksum: tampered bytes give StoreChecksumError', async () => {
      const store = await h.create();
      const bytes = bytesOf(4096);
      await store.put('ckpt/w.bin', bytes);
      const tampered = bytes.slice();
      tampered[100] = (tampered[100] ?? 0) ^ 0xff;
      await h.tamper(store, 'ckpt/w.bin', tampered);
      await expect(store.get('ckpt/w.bin')).rejects.toBeInstanceOf(StoreChecksumError);
      const stream = await store.getStream('ckpt/w.bin');
      await expect(drain(stream)).rejects.toBeInstanceOf(StoreChecksumError);
    });

    it('list by prefix returns only matching keys, sorted, with sizes', async () => {
      const store = await h.create();
      await Promise.all([
        store.put('runs/r1/a.bin', bytesOf(3)),
        store.put('runs/r1/sub/b.bin', bytesOf(4)),
        store.put('runs/r10/c.bin', bytesOf(5)),
        store.put('runs/r2/d.bin', bytesOf(6)),
        store.put('other.bin', bytesOf(7)),
      ]);
      expect(await store.list('runs/r1/')).toEqual([
        { key: 'runs/r1/a.bin', size: 3 },
        { key: 'runs/r1/sub/b.bin', size: 4 },
      ]);
      expect((await store.list('runs/r1')).map((o) => o.key)).toEqual([
        'runs/r1/a.bin',
        'runs/r1/sub/b.bin',
        'runs/r10/c.bin',
      ]);
      expect((await store.list('')).map((o) => o.key)).toEqual([
        'other.bin',
        'runs/r1/a.bin',
        'runs/r1/sub/b.bin',
        'runs/r10/c.bin',
        'runs/r2/d.bin',
      ]);
      expect(await store.list('none/')).toEqual([]);
      await store.delete('runs/r1/a.bin');
      expect((await store.list('runs/r1/')).map((o) => o.key)).toEqual(['runs/r1/sub/b.bin']);
    });

    it('streams a 12 MiB object in and out (multipart on S3), verified by sha256', async () => {
      const store = await h.create();
      const total = 12 * 1024 * 1024 + 123;
      const expected = await drain(Readable.from(generated(total)));
      const info = await store.putStream('big/data.bin', generated(total));
      expect(info).toEqual({ key: 'big/data.bin', ...expected });
      expect(await drain(await store.getStream('big/data.bin'))).toEqual(expected);
      // Temporary upload objects never show up.
      expect(await store.list('')).toEqual([{ key: 'big/data.bin', size: total }]);
    });

    it('a failing source stream publishes nothing', async () => {
      const store = await h.create();
      async function* broken(): AsyncGenerator<Uint8Array> {
        yield bytesOf(1000);
        throw new Error('source died');
      }
      await expect(store.putStream('half/x.bin', broken())).rejects.toThrow();
      expect(await store.exists('half/x.bin')).toBe(false);
      expect(await store.list('')).toEqual([]);
    });

    it('publishArtifact: parts then manifest; readers see a complete version only', async () => {
      const store = await h.create();
      const v1 = { 'weights.bin': bytesOf(5000, 1), 'spec.json': bytesOf(20, 2) };
      const m1 = await publishArtifact(store, 'runs/r1/ckpt/10', v1, { step: 10 });
      const read1 = await readArtifact(store, 'runs/r1/ckpt/10');
      expect(read1.meta).toEqual({ step: 10 });
      expect(Array.from(read1.parts['weights.bin'] ?? [])).toEqual(Array.from(v1['weights.bin']));

      // A writer that dies after the parts but before the manifest changes nothing visible.
      await store.put(`runs/r1/ckpt/10/v-crashed/weights.bin`, bytesOf(5000, 9));
      expect((await readManifest(store, 'runs/r1/ckpt/10')).version).toBe(m1.version);

      const m2 = await publishArtifact(store, 'runs/r1/ckpt/10', {
        'weights.bin': bytesOf(6000, 3),
      });
      expect(m2.version).not.toBe(m1.version);
      const read2 = await readArtifact(store, 'runs/r1/ckpt/10');
      expect(Object.keys(read2.parts)).toEqual(['weights.bin']);
      expect(read2.parts['weights.bin']?.length).toBe(6000);

      await expect(readArtifact(store, 'runs/r1/ckpt/unpublished')).rejects.toBeInstanceOf(
        ObjectNotFoundError,
      );
    });

    it('is the ByteStore of claim checks: a [128, 32, 32, 3] batch (384 KiB) travels as key + sha256', async () => {
      const store = await h.create();
      const images = bytesOf(128 * 32 * 32 * 3, 4);
      const wire = await toWireTensor('uint8', [128, 32, 32, 3], images, {
        store,
        keyPrefix: 'runs/r1/batches',
      });
      expect(wire.encoding).toBe('claim-check');
      expect(wireImagesSchema.safeParse(wire).success).toBe(true);
      const back = await fromWireTensor(wire, { store, field: 'images' });
      expect(Buffer.from(back).equals(Buffer.from(images))).toBe(true);
      expect((await store.list('runs/r1/batches/')).map((o) => o.size)).toEqual([images.length]);
    });

    it('readArtifact fails when a part was tampered with', async () => {
      const store = await h.create();
      const m = await publishArtifact(store, 'a/b', { 'x.bin': bytesOf(300) });
      await h.tamper(store, m.parts['x.bin']?.key ?? '', bytesOf(300, 5));
      await expect(readArtifact(store, 'a/b')).rejects.toBeInstanceOf(StoreChecksumError);
    });
  });
}
