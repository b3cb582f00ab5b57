import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { adaCacheDir } from './cache_dir.ts';
import { CIFAR10_CLASS_NAMES, validateDataset, type Dataset } from './dataset.ts';
import { DatasetError } from './errors.ts';
import { decodePng } from './png.ts';
import { readInput } from './read_input.ts';

/** How the files are named: `cifar10_<index, 2 digits>_<label 0-9>.png`. */
const SAMPLE_FILE = /^cifar10_(\d{2})_(\d)\.png$/;

/** Where `npm run setup:cifar10-samples` puts the 20 images. */
export function cifar10SamplesDir(): string {
  return adaCacheDir('cifar10-samples');
}

/**
 * Loads the 20 real CIFAR-10 test images that PyPI `foolbox` 3.3.4 ships
 * (`foolbox/data/cifar10_{00..19}_{label}.png`: the first 20 images of the CIFAR-10 test set,
 * label in the name), fetched into the cache by `npm run setup:cifar10-samples`. A small
 * real-photograph check beside the demo data (SSIM of corruption networks, example grids).
 *
 * Returns a `Dataset` named `cifar10-samples`, shape [N, 32, 32, 3] uint8 in file-index order,
 * CIFAR-10 class names. A missing folder or image is a `DatasetError` that names the set-up
 * command; a PNG that is not 32x32 names the file.
 *
 * ```ts
 * const ds = await loadCifar10Samples(); // 20 images, labels [3, 8, 8, 0, 6, ...]
 * ```
 */
export async function loadCifar10Samples(options: { dir?: string } = {}): Promise<Dataset> {
  const dir = options.dir ?? cifar10SamplesDir();
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => SAMPLE_FILE.test(f)).sort();
  } catch (err) {
    throw new DatasetError(
      'cannot list the folder; expected cifar10_<ii>_<label>.png files (run npm run setup:cifar10-samples)',
      { source: dir, cause: err },
    );
  }
  if (files.length === 0) {
    throw new DatasetError(
      'no cifar10_<ii>_<label>.png files here (run npm run setup:cifar10-samples)',
      { source: dir },
    );
  }
  const images = new Uint8Array(files.length * 32 * 32 * 3);
  const labels = new Uint8Array(files.length);
  for (const [i, f] of files.entries()) {
    const path = join(dir, f);
    const png = decodePng(await readInput(path, 'a 32x32 RGB PNG'), path);
    if (png.height !== 32 || png.width !== 32) {
      throw new DatasetError(`image must be 32x32, got ${png.height}x${png.width}`, {
        source: path,
      });
    }
    images.set(png.data, i * 32 * 32 * 3);
    labels[i] = Number(SAMPLE_FILE.exec(f)![2]);
  }
  return validateDataset({
    name: 'cifar10-samples',
    images,
    labels,
    shape: [files.length, 32, 32, 3],
    classNames: [...CIFAR10_CLASS_NAMES],
  });
}
