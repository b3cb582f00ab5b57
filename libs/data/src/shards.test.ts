import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { directoryByteStore, MemoryByteStore } from './byte_store.ts';
import type { Dataset } from './dataset.ts';
import { readShard, readShardManifest, readShards, sha256Hex, writeShards } from './shards.ts';

function tiny(n: number): Dataset {
  return {
    name: 'tiny',
    images: Uint8Array.from({ length: n * 48 }, (_, i) => (i * 7) % 256),
    labels: Uint8Array.from({ length: n }, (_, i) => i % 4),
    shape: [n, 4, 4, 3],
    classNames: ['a', 'b', 'c', 'd'],
  };
}

describe('writeShards / readShards', () => {
  it('splits 10 examples [10,4,4,3] into shards of 4, 4, 2 with a manifest', async () => {
    const store = new MemoryByteStore();
    const m = await writeShards(tiny(10), store, { prefix: 'ds/tiny', shardSize: 4 });
    expect(m.shards.map((s) => [s.start, s.count])).toEqual([
      [0, 4],
      [4, 4],
      [8, 2],
    ]);
    expect(m.shards[2].images.key).toBe('ds/tiny/shard-00002.images.npy');
    expect(m.shards[0].images.sha256).toBe(sha256Hex(await store.get(m.shards[0].images.key)));
    expect([...store.objects.keys()].sort()).toContain('ds/tiny/manifest.json');
    expect(await readShardManifest(store, 'ds/tiny')).toEqual(m);
    const back = await readShards(store, 'ds/tiny');
    expect(back.shape).toEqual([10, 4, 4, 3]);
    expect(Buffer.from(back.images).equals(Buffer.from(tiny(10).images))).toBe(true);
    expect(Array.from(back.labels)).toEqual(Array.from(tiny(10).labels));
    expect(back.classNames).toEqual(['a', 'b', 'c', 'd']);
    const last = await readShard(store, m, 2);
    expect(Array.from(last.labels)).toEqual([0, 1]);
  });

  it('round-trips through a directory store; an empty dataset gives no shards', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ada-shards-'));
    try {
      const store = directoryByteStore(root);
      await writeShards(tiny(3), store, { prefix: 'x' });
      expect((await readShards(store, 'x')).shape).toEqual([3, 4, 4, 3]);
      const m = await writeShards(tiny(0), store, { prefix: 'empty' });
      expect(m.shards).toEqual([]);
      expect((await readShards(store, 'empty')).shape).toEqual([0, 4, 4, 3]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('detects a flipped byte by sha256, naming the key', async () => {
    const store = new MemoryByteStore();
    const m = await writeShards(tiny(6), store, { prefix: 'p', shardSize: 3 });
    store.objects.get(m.shards[1].images.key)![200] ^= 1;
    await expect(readShards(store, 'p')).rejects.toThrow(
      /p\/shard-00001\.images\.npy: sha256 [0-9a-f]{64} does not match the manifest's/,
    );
  });

  it('detects a truncated shard file by its length', async () => {
    const store = new MemoryByteStore();
    const m = await writeShards(tiny(6), store, { prefix: 'p', shardSize: 3 });
    const key = m.shards[0].labels.key;
    await store.put(key, (await store.get(key)).subarray(0, 100));
    await expect(readShards(store, 'p')).rejects.toThrow(
      /shard-00000\.labels\.npy: has 100 bytes, the manifest says 131/,
    );
  });

  it('rejects a manifest whose shard counts do not add up, and a missing manifest', async () => {
    const store = new MemoryByteStore();
    const m = await writeShards(tiny(6), store, { prefix: 'p', shardSize: 3 });
    await store.put(
      'p/manifest.json',
      new TextEncoder().encode(JSON.stringify({ ...m, count: 7 })),
    );
    await expect(readShards(store, 'p')).rejects.toThrow(
      /p\/manifest\.json: invalid shard manifest: shards hold 6 examples but 'count' is 7/,
    );
    await expect(readShards(store, 'nothing')).rejects.toThrow(
      /nothing\/manifest\.json: no such key/,
    );
  });

  it('directoryByteStore refuses keys that leave its root', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ada-shards-'));
    try {
      await writeFile(join(root, 'ok'), 'x');
      const store = directoryByteStore(root);
      await expect(store.put('../evil', new Uint8Array(1))).rejects.toThrow(
        /key must be a relative path inside the store/,
      );
      expect(Array.from(await store.get('ok'))).toEqual([120]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
