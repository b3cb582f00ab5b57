import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCifar10CCorruptions, loadCifar10C } from './cifar10c.ts';
import { writeNpy } from './npy.ts';

// A CIFAR-10-C-style folder with N = 2 images per severity: image k (0..9) is filled with k.
const N = 2;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ada-cifar10c-'));
  const data = new Uint8Array(5 * N * 3072);
  for (let k = 0; k < 5 * N; k++) data.fill(k, k * 3072, (k + 1) * 3072);
  await writeFile(
    join(dir, 'fog.npy'),
    writeNpy({ dtype: 'uint8', shape: [5 * N, 32, 32, 3], data }),
  );
  const labels = BigInt64Array.from({ length: 5 * N }, (_, i) => BigInt(i % 10));
  await writeFile(
    join(dir, 'labels.npy'),
    writeNpy({ dtype: 'int64', shape: [5 * N], data: labels }),
  );
  await writeFile(
    join(dir, 'bad_dtype.npy'),
    writeNpy({ dtype: 'float32', shape: [5 * N, 32, 32, 3], data: new Float32Array(5 * N * 3072) }),
  );
  await writeFile(
    join(dir, 'bad_count.npy'),
    writeNpy({ dtype: 'uint8', shape: [7, 32, 32, 3], data: new Uint8Array(7 * 3072) }),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('loadCifar10C', () => {
  it('lists the corruptions of the folder', async () => {
    expect(await listCifar10CCorruptions(dir)).toEqual(['bad_count', 'bad_dtype', 'fog']);
  });

  it('loads all 5 severities stacked [10,32,32,3] with int64 labels', async () => {
    const ds = await loadCifar10C({ dir, corruption: 'fog' });
    expect(ds.shape).toEqual([10, 32, 32, 3]);
    expect(Array.from(ds.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('severity 3 is block 2: images 4 and 5 [2,32,32,3]', async () => {
    const ds = await loadCifar10C({ dir, corruption: 'fog', severity: 3 });
    expect(ds.shape).toEqual([2, 32, 32, 3]);
    expect([ds.images[0], ds.images[3072]]).toEqual([4, 5]);
    expect(Array.from(ds.labels)).toEqual([4, 5]);
    expect(ds.name).toBe('cifar10c-fog-s3');
  });

  it('rejects float32 images naming the file and dtype', async () => {
    await expect(loadCifar10C({ dir, corruption: 'bad_dtype' })).rejects.toThrow(
      /bad_dtype\.npy: images must be uint8 \(\|u1\) \[N, H, W, 3\], got float32/,
    );
  });

  it('rejects 7 images (not 5 severities)', async () => {
    await expect(loadCifar10C({ dir, corruption: 'bad_count' })).rejects.toThrow(
      /holds 7 images, expected a multiple of 5/,
    );
  });

  it('names a missing corruption file and lists those present', async () => {
    await expect(loadCifar10C({ dir, corruption: 'snow' })).rejects.toThrow(
      /snow\.npy: missing file.*corruptions present: bad_count, bad_dtype, fog/,
    );
  });

  it('rejects severity 6', async () => {
    await expect(loadCifar10C({ dir, corruption: 'fog', severity: 6 })).rejects.toThrow(
      /'severity' passed to 'loadCifar10C' must be an integer in 1\.\.5/,
    );
  });
});
