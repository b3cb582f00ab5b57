import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CIFAR10_TRAIN_FILES, encodeCifar10Batch } from './cifar10.ts';
import { loadTrainTest } from './load_train_test.ts';

describe('loadTrainTest', () => {
  it('without dataDir: the demo dataset, train 20 / test 10, and says so', async () => {
    const r = await loadTrainTest({ trainSize: 20, testSize: 10, seed: 4 });
    expect(r.source).toEqual({ kind: 'demo', seed: 4, reason: 'no data directory given' });
    expect(r.train.shape).toEqual([20, 32, 32, 3]);
    expect(r.test.shape).toEqual([10, 32, 32, 3]);
    expect(r.train.name).toBe('demo-train');
  });

  it('with a folder of CIFAR-10 batches (5 x 4 train, 6 test): CIFAR-10, cut to 7 / 6 by a seeded draw', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ada-traintest-'));
    try {
      const batch = (n: number, salt: number): Uint8Array =>
        encodeCifar10Batch(
          Uint8Array.from({ length: n * 3072 }, (_, i) => (i + salt) % 256),
          Uint8Array.from({ length: n }, (_, i) => (i + salt) % 10),
        );
      for (let k = 0; k < 5; k++) await writeFile(join(dir, CIFAR10_TRAIN_FILES[k]), batch(4, k));
      await writeFile(join(dir, 'test_batch.bin'), batch(6, 7));
      const r = await loadTrainTest({ dataDir: dir, trainSize: 7, seed: 1 });
      expect(r.source).toEqual({ kind: 'cifar10', dir });
      expect(r.train.shape).toEqual([7, 32, 32, 3]);
      expect(r.test.shape).toEqual([6, 32, 32, 3]);
      const again = await loadTrainTest({ dataDir: dir, trainSize: 7, seed: 1 });
      expect(Array.from(again.train.labels)).toEqual(Array.from(r.train.labels));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('falls back to the demo dataset when dataDir holds no batches, with the reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ada-traintest-empty-'));
    try {
      const r = await loadTrainTest({ dataDir: dir, trainSize: 1, testSize: 1, seed: 0 });
      expect(r.source.kind).toBe('demo');
      expect(r.source.kind === 'demo' && r.source.reason).toMatch(
        /no CIFAR-10 binary batches \(test_batch\.bin\) in/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("demoVariant 'photo' reads the photo bank of the cache, and says how to set it up when absent", async () => {
    const saved = process.env['XDG_CACHE_HOME'];
    const dir = await mkdtemp(join(tmpdir(), 'ada-traintest-cache-'));
    process.env['XDG_CACHE_HOME'] = dir;
    try {
      await expect(
        loadTrainTest({ trainSize: 1, testSize: 1, seed: 0, demoVariant: 'photo' }),
      ).rejects.toThrow(/demo-photos.photos\.json: missing file.*setup:demo-photos/);
    } finally {
      if (saved === undefined) delete process.env['XDG_CACHE_HOME'];
      else process.env['XDG_CACHE_HOME'] = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
