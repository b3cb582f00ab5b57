import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dataset } from './dataset.ts';
import { DatasetError } from './errors.ts';
import { decodePng, encodePng } from './png.ts';
import { readInput } from './read_input.ts';

/**
 * Loads a folder of PNGs laid out as `<dir>/<class>/*.png`: class names are the sub-folder
 * names in sorted order (label = position), images in sorted file-name order per class.
 * Images are not resized: each must be `imageSize` x `imageSize` (default 32), or the error names
 * the file and its size. Other files are ignored; a class folder without PNGs is an error.
 *
 * ```ts
 * const ds = await loadPngFolder({ dir: 'my-images' }); // shape [N, 32, 32, 3]
 * ```
 */
export async function loadPngFolder(options: {
  dir: string;
  imageSize?: number;
  name?: string;
}): Promise<Dataset> {
  const { dir } = options;
  const size = options.imageSize ?? 32;
  if (!Number.isInteger(size) || size <= 0) {
    throw new RangeError(
      `Option 'imageSize' passed to 'loadPngFolder' must be a positive integer, got ${size}`,
    );
  }
  let entries: string[];
  try {
    entries = (await readdir(dir)).sort();
  } catch (err) {
    throw new DatasetError(`cannot list the folder; expected <dir>/<class>/*.png`, {
      source: dir,
      cause: err,
    });
  }
  const classNames: string[] = [];
  for (const e of entries) if ((await stat(join(dir, e))).isDirectory()) classNames.push(e);
  if (classNames.length === 0) {
    throw new DatasetError(`no class sub-folders; expected <dir>/<class>/*.png`, { source: dir });
  }
  if (classNames.length > 256) {
    throw new DatasetError(`${classNames.length} class folders, at most 256 fit uint8 labels`, {
      source: dir,
    });
  }
  const chunks: Uint8Array[] = [];
  const labelList: number[] = [];
  for (let label = 0; label < classNames.length; label++) {
    const classDir = join(dir, classNames[label]);
    const files = (await readdir(classDir)).filter((f) => f.toLowerCase().endsWith('.png')).sort();
    if (files.length === 0)
      throw new DatasetError(`class folder holds no .png files`, { source: classDir });
    for (const f of files) {
      const path = join(classDir, f);
      const img = decodePng(await readInput(path, `a ${size}x${size} PNG image`), path);
      if (img.height !== size || img.width !== size) {
        throw new DatasetError(
          `image is ${img.width}x${img.height}, expected ${size}x${size} (images are not resized; resize them beforehand or pass imageSize)`,
          { source: path },
        );
      }
      chunks.push(img.data);
      labelList.push(label);
    }
  }
  const n = labelList.length;
  const images = new Uint8Array(n * size * size * 3);
  chunks.forEach((c, i) => images.set(c, i * size * size * 3));
  return {
    name: options.name ?? 'png-folder',
    images,
    labels: Uint8Array.from(labelList),
    shape: [n, size, size, 3],
    classNames,
  };
}

/**
 * Writes a dataset as `<dir>/<class>/<index>.png` (index zero-padded to 6 digits), the layout
 * `loadPngFolder` reads. Class folders are created for every class name.
 */
export async function writePngFolder(ds: Dataset, dir: string): Promise<void> {
  const [n, h, w] = ds.shape;
  for (const c of ds.classNames) {
    if (!/^[^/\\]+$/.test(c) || c === '.' || c === '..') {
      throw new DatasetError(`class name '${c}' cannot be a folder name`, {
        source: `dataset '${ds.name}'`,
      });
    }
    await mkdir(join(dir, c), { recursive: true });
  }
  const size = h * w * 3;
  for (let i = 0; i < n; i++) {
    const png = encodePng(ds.images.subarray(i * size, (i + 1) * size), h, w, 3);
    await writeFile(
      join(dir, ds.classNames[ds.labels[i]], `${String(i).padStart(6, '0')}.png`),
      png,
    );
  }
}
