import { join } from 'node:path';
import { CIFAR10_CLASS_NAMES, type Dataset } from './dataset.ts';
import { readNpy } from './npy.ts';
import { npyImages, npyLabels } from './npy_dataset.ts';
import { readInput } from './read_input.ts';

/**
 * Loads CIFAR-10.1 (Recht et al. 2018) from its `.npy` release files in `dir`:
 * `cifar10.1_<version>_data.npy` (uint8 [N, 32, 32, 3]; N = 2000 for v6, 2021 for v4) and
 * `cifar10.1_<version>_labels.npy` (integer labels [N], CIFAR-10 classes).
 *
 * ```ts
 * const ds = await loadCifar101({ dir: 'data/cifar10.1' }); // v6 by default
 * ```
 */
export async function loadCifar101(options: {
  dir: string;
  version?: 'v6' | 'v4';
}): Promise<Dataset> {
  const version = options.version ?? 'v6';
  if (version !== 'v6' && version !== 'v4') {
    throw new RangeError(
      `Option 'version' passed to 'loadCifar101' must be 'v6' or 'v4', got ${String(version)}`,
    );
  }
  const dataPath = join(options.dir, `cifar10.1_${version}_data.npy`);
  const labelsPath = join(options.dir, `cifar10.1_${version}_labels.npy`);
  const { images, shape } = npyImages(
    readNpy(
      await readInput(dataPath, `CIFAR-10.1 ${version} images, uint8 [N, 32, 32, 3]`),
      dataPath,
    ),
    dataPath,
  );
  const labels = npyLabels(
    readNpy(await readInput(labelsPath, `CIFAR-10.1 ${version} labels, [N] integers`), labelsPath),
    labelsPath,
    shape[0],
    CIFAR10_CLASS_NAMES.length,
  );
  return {
    name: `cifar10.1-${version}`,
    images,
    labels,
    shape,
    classNames: [...CIFAR10_CLASS_NAMES],
  };
}
