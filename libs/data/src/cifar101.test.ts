import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCifar101 } from './cifar101.ts';
import { writeNpy } from './npy.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ada-cifar101-'));
  for (const [version, n] of [
    ['v6', 4],
    ['v4', 3],
  ] as const) {
    const data = Uint8Array.from({ length: n * 3072 }, (_, i) => i % 256);
    await writeFile(
      join(dir, `cifar10.1_${version}_data.npy`),
      writeNpy({ dtype: 'uint8', shape: [n, 32, 32, 3], data }),
    );
    const labels = BigInt64Array.from({ length: n }, (_, i) => BigInt(9 - i));
    await writeFile(
      join(dir, `cifar10.1_${version}_labels.npy`),
      writeNpy({ dtype: 'int64', shape: [n], data: labels }),
    );
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('loadCifar101', () => {
  it('loads v6 [4,32,32,3] with int64 labels by default', async () => {
    const ds = await loadCifar101({ dir });
    expect(ds.shape).toEqual([4, 32, 32, 3]);
    expect(Array.from(ds.labels)).toEqual([9, 8, 7, 6]);
    expect(ds.name).toBe('cifar10.1-v6');
    expect(ds.classNames[0]).toBe('airplane');
  });

  it('loads v4 [3,32,32,3]', async () => {
    expect((await loadCifar101({ dir, version: 'v4' })).shape).toEqual([3, 32, 32, 3]);
  });

  it('rejects labels whose count differs from the images', async () => {
    const other = await mkdtemp(join(tmpdir(), 'ada-cifar101-bad-'));
    try {
      await writeFile(
        join(other, 'cifar10.1_v6_data.npy'),
        writeNpy({ dtype: 'uint8', shape: [2, 32, 32, 3], data: new Uint8Array(2 * 3072) }),
      );
      await writeFile(
        join(other, 'cifar10.1_v6_labels.npy'),
        writeNpy({ dtype: 'uint8', shape: [3], data: new Uint8Array(3) }),
      );
      await expect(loadCifar101({ dir: other })).rejects.toThrow(
        /cifar10\.1_v6_labels\.npy: labels has 3 entries, expected 2/,
      );
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('rejects grey images [2,32,32] naming the expected NHWC shape', async () => {
    const other = await mkdtemp(join(tmpdir(), 'ada-cifar101-grey-'));
    try {
      await writeFile(
        join(other, 'cifar10.1_v6_data.npy'),
        writeNpy({ dtype: 'uint8', shape: [2, 32, 32], data: new Uint8Array(2 * 1024) }),
      );
      await expect(loadCifar101({ dir: other })).rejects.toThrow(
        /cifar10\.1_v6_data\.npy: images must have shape \[N, H, W, 3\] \(NHWC RGB\), got \[2, 32, 32\]/,
      );
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('names a missing data file', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ada-cifar101-empty-'));
    try {
      await expect(loadCifar101({ dir: empty })).rejects.toThrow(
        /cifar10\.1_v6_data\.npy: missing file; expected CIFAR-10\.1 v6 images/,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
