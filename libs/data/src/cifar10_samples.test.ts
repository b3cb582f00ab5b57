import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cifar10SamplesDir, loadCifar10Samples } from './cifar10_samples.ts';
import { DatasetError } from './errors.ts';
import { encodePng } from './png.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'ada-cifar-samples-'));
  dirs.push(d);
  return d;
}
const pixels = (n: number, v: number): Uint8Array => new Uint8Array(n * n * 3).fill(v);

describe('loadCifar10Samples', () => {
  it('reads cifar10_<ii>_<label>.png in index order with labels from the names [3, 32, 32, 3]', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'cifar10_01_8.png'), encodePng(pixels(32, 10), 32, 32));
    await writeFile(join(dir, 'cifar10_00_3.png'), encodePng(pixels(32, 20), 32, 32));
    await writeFile(join(dir, 'cifar10_02_0.png'), encodePng(pixels(32, 30), 32, 32));
    await writeFile(join(dir, 'cifar100_00_49.png'), encodePng(pixels(32, 40), 32, 32));
    const ds = await loadCifar10Samples({ dir });
    expect(ds.shape).toEqual([3, 32, 32, 3]);
    expect(Array.from(ds.labels)).toEqual([3, 8, 0]);
    expect([ds.images[0], ds.images[32 * 32 * 3], ds.images[2 * 32 * 32 * 3]]).toEqual([
      20, 10, 30,
    ]);
    expect(ds.classNames[3]).toBe('cat');
  });

  it('names the file of a wrong size, and the set-up command for a missing folder', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'cifar10_00_1.png'), encodePng(pixels(16, 0), 16, 16));
    await expect(loadCifar10Samples({ dir })).rejects.toThrow(
      /cifar10_00_1\.png: image must be 32x32, got 16x16/,
    );
    const missing = join(dir, 'nope');
    await expect(loadCifar10Samples({ dir: missing })).rejects.toThrow(DatasetError);
    await expect(loadCifar10Samples({ dir: missing })).rejects.toThrow(/setup:cifar10-samples/);
  });

  const setUp = existsSync(join(cifar10SamplesDir(), 'cifar10_19_6.png'));
  it.skipIf(!setUp)(
    'the fetched foolbox images are the first 20 CIFAR-10 test images (labels 3 8 8 0 6 6 1 6 3 1 ...)',
    async () => {
      const ds = await loadCifar10Samples();
      expect(ds.shape).toEqual([20, 32, 32, 3]);
      // the CIFAR-10 test set's first 20 labels
      expect(Array.from(ds.labels)).toEqual([
        3, 8, 8, 0, 6, 6, 1, 6, 3, 1, 0, 9, 5, 7, 9, 8, 5, 7, 8, 6,
      ]);
    },
  );
  if (!setUp)
    console.warn('cifar10_samples: real-image check skipped (run npm run setup:cifar10-samples)');
});
