import type { Dataset } from './dataset.ts';
import { DatasetError } from './errors.ts';
import { type NpyArray, readNpy, writeNpy } from './npy.ts';

/**
 * Checks that a parsed `.npy` array holds images, uint8 [N, H, W, 3] (NHWC), and returns its
 * bytes and shape. `source` names the file in errors.
 *
 * ```ts
 * const { images, shape } = npyImages(readNpy(bytes, 'test.npy'), 'test.npy');
 * ```
 */
export function npyImages(
  arr: NpyArray,
  source: string,
): { images: Uint8Array; shape: [number, number, number, 3] } {
  if (arr.dtype !== 'uint8') {
    throw new DatasetError(
      `images must be uint8 (|u1) [N, H, W, 3], got ${arr.dtype} [${arr.shape.join(', ')}]`,
      { source },
    );
  }
  if (arr.shape.length !== 4 || arr.shape[3] !== 3) {
    throw new DatasetError(
      `images must have shape [N, H, W, 3] (NHWC RGB), got [${arr.shape.join(', ')}]`,
      { source },
    );
  }
  const [n, h, w] = arr.shape;
  return { images: arr.data as Uint8Array, shape: [n, h, w, 3] };
}

/**
 * Converts a parsed labels array (1-d uint8, int32 or int64, as numpy writes them) to uint8,
 * checking the length and that every label is in [0, numClasses).
 */
export function npyLabels(
  arr: NpyArray,
  source: string,
  expectedLength: number,
  numClasses: number,
): Uint8Array {
  if (arr.shape.length !== 1) {
    throw new DatasetError(
      `labels must be 1-d [${expectedLength}], got shape [${arr.shape.join(', ')}]`,
      { source },
    );
  }
  if (arr.shape[0] !== expectedLength) {
    throw new DatasetError(
      `labels has ${arr.shape[0]} entries, expected ${expectedLength} (one per image)`,
      { source },
    );
  }
  if (arr.dtype === 'float32' || arr.dtype === 'float64') {
    throw new DatasetError(`labels must be integers (uint8, int32 or int64), got ${arr.dtype}`, {
      source,
    });
  }
  const out = new Uint8Array(expectedLength);
  for (let i = 0; i < expectedLength; i++) {
    const v = Number(arr.data[i]);
    if (v < 0 || v >= numClasses) {
      throw new DatasetError(`label ${v} at index ${i} is outside [0, ${numClasses})`, { source });
    }
    out[i] = v;
  }
  return out;
}

/**
 * Serialises a dataset as two `.npy` files: images uint8 [N, H, W, 3] and labels uint8 [N]
 * (the layout `ada corrupt` and `ada make-benchmark` read).
 *
 * ```ts
 * const { images, labels } = datasetToNpy(ds);
 * await writeFile('test.npy', images); await writeFile('test_labels.npy', labels);
 * ```
 */
export function datasetToNpy(ds: Dataset): { images: Uint8Array; labels: Uint8Array } {
  return {
    images: writeNpy({ dtype: 'uint8', shape: [...ds.shape], data: ds.images }),
    labels: writeNpy({ dtype: 'uint8', shape: [ds.shape[0]], data: ds.labels }),
  };
}

/** Parses the two `.npy` files of `datasetToNpy` back into a dataset. */
export function datasetFromNpy(
  imagesBytes: Uint8Array,
  labelsBytes: Uint8Array,
  options: { name: string; classNames: string[]; imagesSource?: string; labelsSource?: string },
): Dataset {
  const imagesSource = options.imagesSource ?? `${options.name} images`;
  const labelsSource = options.labelsSource ?? `${options.name} labels`;
  const { images, shape } = npyImages(readNpy(imagesBytes, imagesSource), imagesSource);
  const labels = npyLabels(
    readNpy(labelsBytes, labelsSource),
    labelsSource,
    shape[0],
    options.classNames.length,
  );
  return { name: options.name, images, labels, shape, classNames: [...options.classNames] };
}
