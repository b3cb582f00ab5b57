import { DatasetError } from './errors.ts';
import { RandomState } from './random.ts';

/**
 * An in-memory image classification dataset: N images of H x W x 3 uint8 pixels in NHWC order
 * (row-major, RGB interleaved) with one uint8 label per image in [0, classNames.length).
 * libs/data stays free of TensorFlow.js; batching into tensors happens in the consumers.
 *
 * ```ts
 * const ds: Dataset = { name: 'demo-train', images, labels, shape: [N, 32, 32, 3], classNames };
 * const pixel = ds.images[((n * 32 + y) * 32 + x) * 3 + c];
 * ```
 */
export interface Dataset {
  /** A short name for logs and manifests, e.g. 'cifar10-test' or 'demo-train'. */
  name: string;
  /** N*H*W*3 bytes, NHWC, values 0..255. */
  images: Uint8Array;
  /** N labels, each in [0, classNames.length). */
  labels: Uint8Array;
  /** [N, H, W, 3]. */
  shape: [number, number, number, 3];
  /** Class names indexed by label. */
  classNames: string[];
}

/** The CIFAR-10 class names, in label order (as `batches.meta.txt` lists them). */
export const CIFAR10_CLASS_NAMES: readonly string[] = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];

/**
 * Checks the invariants of a dataset (sizes agree with the shape, labels in range) and returns it.
 * Throws a `DatasetError` naming the field at fault.
 */
export function validateDataset(ds: Dataset): Dataset {
  const [n, h, w, c] = ds.shape;
  const where = `dataset '${ds.name}'`;
  for (const [label, v] of [
    ['N', n],
    ['H', h],
    ['W', w],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) {
      throw new DatasetError(`shape ${label} must be a non-negative integer, got ${v}`, {
        source: where,
      });
    }
  }
  if (c !== 3)
    throw new DatasetError(`shape must end in 3 channels (RGB), got ${c}`, { source: where });
  if (ds.images.length !== n * h * w * 3) {
    throw new DatasetError(
      `images has ${ds.images.length} bytes but shape [${ds.shape.join(', ')}] needs ${n * h * w * 3}`,
      { source: where },
    );
  }
  if (ds.labels.length !== n) {
    throw new DatasetError(`labels has ${ds.labels.length} entries but N = ${n}`, {
      source: where,
    });
  }
  const k = ds.classNames.length;
  for (let i = 0; i < n; i++) {
    if (ds.labels[i] >= k) {
      throw new DatasetError(`label ${ds.labels[i]} at index ${i} is outside [0, ${k})`, {
        source: where,
      });
    }
  }
  return ds;
}

/** Bytes per image of a dataset (H*W*3). */
export function imageSize(ds: Pick<Dataset, 'shape'>): number {
  return ds.shape[1] * ds.shape[2] * 3;
}

/**
 * The examples at the given indices, in that order (copies). Indices may repeat.
 *
 * ```ts
 * const firstTen = subsetDataset(ds, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
 * ```
 */
export function subsetDataset(ds: Dataset, indices: ArrayLike<number>, name = ds.name): Dataset {
  const [n, h, w] = ds.shape;
  const size = h * w * 3;
  const images = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    if (!Number.isInteger(j) || j < 0 || j >= n) {
      throw new RangeError(
        `Argument 'indices' passed to 'subsetDataset' must hold integers in [0, ${n}), got ${j} at ${i}`,
      );
    }
    images.set(ds.images.subarray(j * size, (j + 1) * size), i * size);
    labels[i] = ds.labels[j];
  }
  return { name, images, labels, shape: [indices.length, h, w, 3], classNames: [...ds.classNames] };
}

/**
 * Examples [start, end) like `Array#slice` (negative indices count from the end; copies).
 */
export function sliceDataset(
  ds: Dataset,
  start: number,
  end = ds.shape[0],
  name = ds.name,
): Dataset {
  const n = ds.shape[0];
  const norm = (i: number): number => Math.min(n, Math.max(0, i < 0 ? n + i : i));
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    throw new RangeError(
      `Arguments 'start' and 'end' passed to 'sliceDataset' must be integers, got ${start}, ${end}`,
    );
  }
  const s = norm(start);
  const e = Math.max(s, norm(end));
  const size = imageSize(ds);
  return {
    name,
    images: ds.images.slice(s * size, e * size),
    labels: ds.labels.slice(s, e),
    shape: [e - s, ds.shape[1], ds.shape[2], 3],
    classNames: [...ds.classNames],
  };
}

/**
 * A seeded permutation of [0, n): NumPy's `np.random.RandomState(seed).permutation(n)`, so a
 * Python script can reproduce the order. `seed` is an integer in [0, 2^32).
 */
export function seededPermutation(n: number, seed: number): Int32Array {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(
      `Argument 'n' passed to 'seededPermutation' must be a non-negative integer, got ${n}`,
    );
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(
      `Argument 'seed' passed to 'seededPermutation' must be an integer in [0, 2^32), got ${seed}`,
    );
  }
  return new RandomState(seed).permutation(n);
}

/** The dataset in a seeded random order (copies). */
export function shuffleDataset(ds: Dataset, seed: number): Dataset {
  return subsetDataset(ds, seededPermutation(ds.shape[0], seed));
}

/**
 * Concatenates datasets with the same image size and class names.
 */
export function concatDatasets(parts: readonly Dataset[], name?: string): Dataset {
  if (parts.length === 0)
    throw new RangeError(`Argument 'parts' passed to 'concatDatasets' must not be empty`);
  const [, h, w] = parts[0].shape;
  const classes = parts[0].classNames.join('\n');
  for (const p of parts) {
    if (p.shape[1] !== h || p.shape[2] !== w) {
      throw new DatasetError(`image size ${p.shape[1]}x${p.shape[2]} differs from ${h}x${w}`, {
        source: `dataset '${p.name}'`,
      });
    }
    if (p.classNames.join('\n') !== classes) {
      throw new DatasetError(`class names differ from those of '${parts[0].name}'`, {
        source: `dataset '${p.name}'`,
      });
    }
  }
  const n = parts.reduce((a, p) => a + p.shape[0], 0);
  const images = new Uint8Array(n * h * w * 3);
  const labels = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    images.set(p.images, at * h * w * 3);
    labels.set(p.labels, at);
    at += p.shape[0];
  }
  return {
    name: name ?? parts[0].name,
    images,
    labels,
    shape: [n, h, w, 3],
    classNames: [...parts[0].classNames],
  };
}

/** Number of examples per label (length classNames.length). */
export function classCounts(ds: Dataset): number[] {
  const counts = new Array<number>(ds.classNames.length).fill(0);
  for (const l of ds.labels) counts[l]++;
  return counts;
}
