import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dataset } from './dataset.ts';
import { encodePng } from './png.ts';
import { loadPngFolder, writePngFolder } from './png_folder.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ada-pngfolder-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function tiny(n: number, size: number): Dataset {
  return {
    name: 'tiny',
    images: Uint8Array.from({ length: n * size * size * 3 }, (_, i) => (i * 13) % 256),
    labels: Uint8Array.from({ length: n }, (_, i) => (i * 2) % 3),
    shape: [n, size, size, 3],
    classNames: ['cat', 'dog', 'emu'],
  };
}

describe('loadPngFolder', () => {
  it('reads back 5 images [5,8,8,3] written by writePngFolder, grouped by sorted class', async () => {
    const ds = tiny(5, 8);
    await writePngFolder(ds, dir);
    const back = await loadPngFolder({ dir, imageSize: 8 });
    expect(back.classNames).toEqual(['cat', 'dog', 'emu']);
    expect(back.shape).toEqual([5, 8, 8, 3]);
    // labels [0, 2, 1, 0, 2] -> grouped: cat (0, 3), dog (2), emu (1, 4)
    expect(Array.from(back.labels)).toEqual([0, 0, 1, 2, 2]);
    const order = [0, 3, 2, 1, 4];
    order.forEach((src, i) => {
      expect(
        Buffer.from(back.images.subarray(i * 192, (i + 1) * 192)).equals(
          Buffer.from(ds.images.subarray(src * 192, (src + 1) * 192)),
        ),
      ).toBe(true);
    });
  });

  it('rejects a 40x30 image when 32x32 is expected, naming the file', async () => {
    await mkdir(join(dir, 'a'));
    await writeFile(join(dir, 'a', 'big.png'), encodePng(new Uint8Array(30 * 40 * 3), 30, 40, 3));
    await expect(loadPngFolder({ dir })).rejects.toThrow(
      /big\.png: image is 40x30, expected 32x32 \(images are not resized/,
    );
  });

  it('rejects a class folder without PNGs and a folder without classes', async () => {
    await expect(loadPngFolder({ dir })).rejects.toThrow(
      /no class sub-folders; expected <dir>\/<class>\/\*\.png/,
    );
    await mkdir(join(dir, 'empty'));
    await writeFile(join(dir, 'empty', 'notes.txt'), 'x');
    await expect(loadPngFolder({ dir })).rejects.toThrow(
      /empty: class folder holds no \.png files/,
    );
  });

  it('names a file that is not a PNG', async () => {
    await mkdir(join(dir, 'a'));
    await writeFile(join(dir, 'a', 'x.png'), 'not a png');
    await expect(loadPngFolder({ dir })).rejects.toThrow(/x\.png: not a readable PNG/);
  });
});
