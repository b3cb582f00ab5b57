import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { CIFAR10_CLASS_NAMES, type Dataset } from './dataset.ts';
import { DatasetError } from './errors.ts';
import { readInput } from './read_input.ts';

/** Bytes per record of a CIFAR-10 binary batch: 1 label byte + 1024 R + 1024 G + 1024 B. */
export const CIFAR10_RECORD_BYTES = 3073;
export const CIFAR10_TRAIN_FILES = [
  'data_batch_1.bin',
  'data_batch_2.bin',
  'data_batch_3.bin',
  'data_batch_4.bin',
  'data_batch_5.bin',
];
export const CIFAR10_TEST_FILE = 'test_batch.bin';

/**
 * Parses one CIFAR-10 binary batch (any number of 3073-byte records; the official files hold
 * 10000) and converts the planar CHW pixels of each record to HWC.
 * Output: images uint8 [N, 32, 32, 3] flat, labels uint8 [N] in [0, 10).
 *
 * ```ts
 * const { images, labels } = parseCifar10Batch(await readFile('test_batch.bin'), 'test_batch.bin');
 * ```
 */
export function parseCifar10Batch(
  bytes: Uint8Array,
  source?: string,
): { images: Uint8Array; labels: Uint8Array } {
  if (bytes.length === 0 || bytes.length % CIFAR10_RECORD_BYTES !== 0) {
    throw new DatasetError(
      `${bytes.length} bytes is not a positive multiple of the ${CIFAR10_RECORD_BYTES}-byte CIFAR-10 record (1 label byte + 3072 pixel bytes): truncated or not a CIFAR-10 binary batch`,
      { source },
    );
  }
  const n = bytes.length / CIFAR10_RECORD_BYTES;
  const images = new Uint8Array(n * 3072);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const rec = i * CIFAR10_RECORD_BYTES;
    const label = bytes[rec];
    if (label > 9) {
      throw new DatasetError(
        `record ${i} has label ${label}, expected 0..9 (not a CIFAR-10 batch?)`,
        { source },
      );
    }
    labels[i] = label;
    const out = i * 3072;
    for (let p = 0; p < 1024; p++) {
      images[out + 3 * p] = bytes[rec + 1 + p];
      images[out + 3 * p + 1] = bytes[rec + 1025 + p];
      images[out + 3 * p + 2] = bytes[rec + 2049 + p];
    }
  }
  return { images, labels };
}

/** Class names from `batches.meta.txt` (one per line, blank lines ignored); 10 expected. */
export function parseCifar10ClassNames(text: string, source?: string): string[] {
  const names = text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (names.length !== 10) {
    throw new DatasetError(`expected 10 class names, one per line, got ${names.length}`, {
      source,
    });
  }
  return names;
}

/**
 * The folder that holds the CIFAR-10 binary batches: `dataDir` itself or its
 * `cifar-10-batches-bin` subfolder (how the official archive unpacks), or undefined when neither
 * holds `test_batch.bin`.
 */
export async function findCifar10Dir(dataDir: string): Promise<string | undefined> {
  for (const dir of [dataDir, join(dataDir, 'cifar-10-batches-bin')]) {
    try {
      await access(join(dir, CIFAR10_TEST_FILE));
      return dir;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Loads the CIFAR-10 training (`data_batch_1..5.bin`, 50000 images) or test (`test_batch.bin`,
 * 10000 images) split from the binary batches in `dataDir` (or its `cifar-10-batches-bin`
 * subfolder). Class names come from `batches.meta.txt` when present.
 *
 * ```ts
 * const test = await loadCifar10({ dataDir: 'data', split: 'test' }); // shape [10000, 32, 32, 3]
 * ```
 */
export async function loadCifar10(options: {
  dataDir: string;
  split: 'train' | 'test';
}): Promise<Dataset> {
  const { dataDir, split } = options;
  if (split !== 'train' && split !== 'test') {
    throw new RangeError(
      `Option 'split' passed to 'loadCifar10' must be 'train' or 'test', got ${String(split)}`,
    );
  }
  const dir = (await findCifar10Dir(dataDir)) ?? dataDir;
  const files = split === 'train' ? CIFAR10_TRAIN_FILES : [CIFAR10_TEST_FILE];
  const parts = [];
  for (const f of files) {
    const path = join(dir, f);
    const bytes = await readInput(
      path,
      `a CIFAR-10 binary batch (${split === 'train' ? 'data_batch_1..5.bin' : CIFAR10_TEST_FILE}, 3073-byte records)`,
    );
    parts.push(parseCifar10Batch(bytes, path));
  }
  let classNames = [...CIFAR10_CLASS_NAMES];
  const metaPath = join(dir, 'batches.meta.txt');
  try {
    await access(metaPath);
    classNames = parseCifar10ClassNames(
      new TextDecoder().decode(await readInput(metaPath, 'class names')),
      metaPath,
    );
  } catch (err) {
    if (err instanceof DatasetError) throw err;
  }
  const n = parts.reduce((a, p) => a + p.labels.length, 0);
  const images = new Uint8Array(n * 3072);
  const labels = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    images.set(p.images, at * 3072);
    labels.set(p.labels, at);
    at += p.labels.length;
  }
  return { name: `cifar10-${split}`, images, labels, shape: [n, 32, 32, 3], classNames };
}

/**
 * Serialises images uint8 [N, 32, 32, 3] (HWC) and labels as one CIFAR-10 binary batch
 * (the inverse of `parseCifar10Batch`; used to build fixtures and to export data).
 */
export function encodeCifar10Batch(images: Uint8Array, labels: Uint8Array): Uint8Array {
  const n = labels.length;
  if (images.length !== n * 3072) {
    throw new RangeError(
      `Argument 'images' passed to 'encodeCifar10Batch' must have ${n}*3072 bytes for ${n} labels, got ${images.length}`,
    );
  }
  const out = new Uint8Array(n * CIFAR10_RECORD_BYTES);
  for (let i = 0; i < n; i++) {
    const rec = i * CIFAR10_RECORD_BYTES;
    out[rec] = labels[i];
    for (let p = 0; p < 1024; p++) {
      out[rec + 1 + p] = images[i * 3072 + 3 * p];
      out[rec + 1025 + p] = images[i * 3072 + 3 * p + 1];
      out[rec + 2049 + p] = images[i * 3072 + 3 * p + 2];
    }
  }
  return out;
}
