import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CIFAR10_CLASS_NAMES, type Dataset } from './dataset.ts';
import { DatasetError } from './errors.ts';
import { readNpy } from './npy.ts';
import { npyImages, npyLabels } from './npy_dataset.ts';
import { readInput } from './read_input.ts';

/** Number of severities stacked in each CIFAR-10-C file. */
export const CIFAR10C_SEVERITIES = 5;

/**
 * The corruption files present in a CIFAR-10-C folder: every `<name>.npy` except `labels.npy`,
 * sorted.
 */
export async function listCifar10CCorruptions(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    throw new DatasetError(`cannot list the CIFAR-10-C folder`, { source: dir, cause: err });
  }
  return entries
    .filter((f) => f.endsWith('.npy') && f !== 'labels.npy')
    .map((f) => f.slice(0, -4))
    .sort();
}

/**
 * Loads one corruption of a CIFAR-10-C-style folder (`<corruption>.npy`: uint8 [5*N, H, W, 3]
 * with severities 1..5 stacked in that order; `labels.npy`: [5*N] integer labels). With
 * `severity` (1..5) only that block of N images is returned; without it, all 5*N.
 * The layout is the official one and the one `ada make-benchmark` writes.
 *
 * ```ts
 * const fog3 = await loadCifar10C({ dir: 'CIFAR-10-C', corruption: 'fog', severity: 3 }); // [10000, 32, 32, 3]
 * ```
 */
export async function loadCifar10C(options: {
  dir: string;
  corruption: string;
  severity?: number;
  classNames?: string[];
}): Promise<Dataset> {
  const { dir, corruption, severity } = options;
  if (!/^[A-Za-z0-9_-]+$/.test(corruption)) {
    throw new RangeError(
      `Option 'corruption' passed to 'loadCifar10C' must be a file stem like 'gaussian_noise', got '${corruption}'`,
    );
  }
  if (
    severity !== undefined &&
    (!Number.isInteger(severity) || severity < 1 || severity > CIFAR10C_SEVERITIES)
  ) {
    throw new RangeError(
      `Option 'severity' passed to 'loadCifar10C' must be an integer in 1..5, got ${severity}`,
    );
  }
  const classNames = options.classNames ?? [...CIFAR10_CLASS_NAMES];
  const imagesPath = join(dir, `${corruption}.npy`);
  let bytes: Uint8Array;
  try {
    bytes = await readInput(imagesPath, `CIFAR-10-C images, uint8 [5*N, 32, 32, 3]`);
  } catch (err) {
    if (
      err instanceof DatasetError &&
      (err.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
    ) {
      const present = await listCifar10CCorruptions(dir).catch(() => []);
      throw new DatasetError(
        `${err.message}; corruptions present: ${present.join(', ') || 'none'}`,
        { cause: err },
      );
    }
    throw err;
  }
  const { images, shape } = npyImages(readNpy(bytes, imagesPath), imagesPath);
  const total = shape[0];
  if (total % CIFAR10C_SEVERITIES !== 0) {
    throw new DatasetError(
      `holds ${total} images, expected a multiple of 5 (severities 1..5 stacked)`,
      { source: imagesPath },
    );
  }
  const labelsPath = join(dir, 'labels.npy');
  const labels = npyLabels(
    readNpy(await readInput(labelsPath, `CIFAR-10-C labels, [${total}] integers`), labelsPath),
    labelsPath,
    total,
    classNames.length,
  );
  const [, h, w] = shape;
  if (severity === undefined) {
    return { name: `cifar10c-${corruption}`, images, labels, shape: [total, h, w, 3], classNames };
  }
  const n = total / CIFAR10C_SEVERITIES;
  const size = h * w * 3;
  const k = severity - 1;
  return {
    name: `cifar10c-${corruption}-s${severity}`,
    images: images.slice(k * n * size, (k + 1) * n * size),
    labels: labels.slice(k * n, (k + 1) * n),
    shape: [n, h, w, 3],
    classNames,
  };
}
