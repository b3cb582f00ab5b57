import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CIFAR10_TRAIN_FILES,
  encodeCifar10Batch,
  loadCifar10,
  parseCifar10Batch,
  parseCifar10ClassNames,
} from './cifar10.ts';
import { DatasetError } from './errors.ts';

/** One record by hand: label 7, R plane = p % 256, G plane = 255 - p % 256, B plane = 9. */
function handRecord(): Uint8Array {
  const rec = new Uint8Array(3073);
  rec[0] = 7;
  for (let p = 0; p < 1024; p++) {
    rec[1 + p] = p % 256;
    rec[1025 + p] = 255 - (p % 256);
    rec[2049 + p] = 9;
  }
  return rec;
}

/** n random-ish HWC images and labels i % 10. */
function images(n: number, salt: number): { images: Uint8Array; labels: Uint8Array } {
  return {
    images: Uint8Array.from({ length: n * 3072 }, (_, i) => (i * 31 + salt * 7) % 251),
    labels: Uint8Array.from({ length: n }, (_, i) => (i + salt) % 10),
  };
}

describe('parseCifar10Batch', () => {
  it('converts one planar record (R, G, B planes) to HWC [32,32,3]', () => {
    const { images: img, labels } = parseCifar10Batch(handRecord());
    expect(Array.from(labels)).toEqual([7]);
    // pixel (row 1, col 2) = plane index 34
    expect(Array.from(img.subarray(34 * 3, 34 * 3 + 3))).toEqual([34, 221, 9]);
    expect(Array.from(img.subarray(1023 * 3, 1024 * 3))).toEqual([255, 0, 9]);
  });

  it('inverts encodeCifar10Batch for 3 images', () => {
    const a = images(3, 1);
    const back = parseCifar10Batch(encodeCifar10Batch(a.images, a.labels));
    expect(Buffer.from(back.images).equals(Buffer.from(a.images))).toBe(true);
    expect(Array.from(back.labels)).toEqual(Array.from(a.labels));
  });

  it('rejects a truncated batch (2 records minus 5 bytes) naming the file', () => {
    const bytes = new Uint8Array(2 * 3073 - 5);
    expect(() => parseCifar10Batch(bytes, 'data_batch_1.bin')).toThrow(
      /^data_batch_1\.bin: 6141 bytes is not a positive multiple of the 3073-byte CIFAR-10 record/,
    );
  });

  it('rejects a label above 9', () => {
    const rec = handRecord();
    rec[0] = 12;
    expect(() => parseCifar10Batch(rec, 'x.bin')).toThrow(/record 0 has label 12, expected 0\.\.9/);
  });

  it('parses batches.meta.txt with a trailing blank line; rejects 9 names', () => {
    const names = 'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n';
    expect(parseCifar10ClassNames(names)).toHaveLength(10);
    expect(() => parseCifar10ClassNames('a\nb\nc\nd\ne\nf\ng\nh\ni\n', 'm.txt')).toThrow(
      /m\.txt: expected 10 class names/,
    );
  });
});

describe('loadCifar10 from a folder of batches', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ada-cifar10-'));
    const sub = join(dir, 'cifar-10-batches-bin');
    await mkdir(sub);
    for (let k = 0; k < 5; k++) {
      const a = images(2, k);
      await writeFile(join(sub, CIFAR10_TRAIN_FILES[k]), encodeCifar10Batch(a.images, a.labels));
    }
    const t = images(3, 9);
    await writeFile(join(sub, 'test_batch.bin'), encodeCifar10Batch(t.images, t.labels));
    await writeFile(join(sub, 'batches.meta.txt'), 'c0\nc1\nc2\nc3\nc4\nc5\nc6\nc7\nc8\nc9\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('loads train = 5 batches x 2 images [10,32,32,3] in file order, from the archive subfolder', async () => {
    const ds = await loadCifar10({ dataDir: dir, split: 'train' });
    expect(ds.shape).toEqual([10, 32, 32, 3]);
    expect(ds.name).toBe('cifar10-train');
    expect(Array.from(ds.labels)).toEqual([0, 1, 1, 2, 2, 3, 3, 4, 4, 5]);
    expect(
      Buffer.from(ds.images.subarray(3072 * 4, 3072 * 6)).equals(Buffer.from(images(2, 2).images)),
    ).toBe(true);
    expect(ds.classNames[3]).toBe('c3');
  });

  it('loads test [3,32,32,3]', async () => {
    const ds = await loadCifar10({ dataDir: join(dir, 'cifar-10-batches-bin'), split: 'test' });
    expect(ds.shape).toEqual([3, 32, 32, 3]);
    expect(Array.from(ds.labels)).toEqual([9, 0, 1]);
  });

  it('names the missing batch file and what was expected', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ada-cifar10-empty-'));
    try {
      const err = await loadCifar10({ dataDir: empty, split: 'train' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatasetError);
      expect((err as Error).message).toMatch(
        /data_batch_1\.bin: missing file; expected a CIFAR-10 binary batch/,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
