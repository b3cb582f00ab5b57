import { createHash } from 'node:crypto';
import type { ByteSink, ByteSource } from './byte_store.ts';
import type { Dataset } from './dataset.ts';
import { DatasetError } from './errors.ts';
import { readNpy, writeNpy } from './npy.ts';
import { npyImages, npyLabels } from './npy_dataset.ts';

/** One stored file of a shard: its key, length and SHA-256 (lower-case hex). */
export interface ShardFile {
  key: string;
  bytes: number;
  sha256: string;
}

/** The JSON manifest at `<prefix>/manifest.json` that describes a sharded dataset. */
export interface ShardManifest {
  format: 'ada-shards';
  version: 1;
  name: string;
  /** Total number of examples. */
  count: number;
  /** [H, W, 3] of every image. */
  imageShape: [number, number, 3];
  classNames: string[];
  /** Shards in order; shard i holds examples [start, start + count). */
  shards: Array<{
    index: number;
    start: number;
    count: number;
    images: ShardFile;
    labels: ShardFile;
  }>;
}

export const SHARD_MANIFEST_NAME = 'manifest.json';

const keyOf = (prefix: string, name: string): string =>
  prefix ? `${prefix.replace(/\/+$/, '')}/${name}` : name;

/** SHA-256 of bytes as lower-case hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Splits a dataset into shards of at most `shardSize` examples, each stored as two `.npy` files
 * (`shard-00000.images.npy`: uint8 [n, H, W, 3]; `shard-00000.labels.npy`: uint8 [n]) under
 * `prefix`, then writes `manifest.json` last (a reader that finds the manifest finds every
 * shard). Returns the manifest.
 *
 * ```ts
 * const manifest = await writeShards(ds, store, { prefix: 'datasets/demo-train', shardSize: 5000 });
 * const back = await readShards(store, 'datasets/demo-train'); // verifies every sha256
 * ```
 */
export async function writeShards(
  ds: Dataset,
  sink: ByteSink,
  options: { prefix: string; shardSize?: number },
): Promise<ShardManifest> {
  const shardSize = options.shardSize ?? 10000;
  if (!Number.isInteger(shardSize) || shardSize <= 0) {
    throw new RangeError(
      `Option 'shardSize' passed to 'writeShards' must be a positive integer, got ${shardSize}`,
    );
  }
  const [n, h, w] = ds.shape;
  const size = h * w * 3;
  const manifest: ShardManifest = {
    format: 'ada-shards',
    version: 1,
    name: ds.name,
    count: n,
    imageShape: [h, w, 3],
    classNames: [...ds.classNames],
    shards: [],
  };
  for (let start = 0, index = 0; start < n; start += shardSize, index++) {
    const count = Math.min(shardSize, n - start);
    const stem = `shard-${String(index).padStart(5, '0')}`;
    const imagesBytes = writeNpy({
      dtype: 'uint8',
      shape: [count, h, w, 3],
      data: ds.images.subarray(start * size, (start + count) * size),
    });
    const labelsBytes = writeNpy({
      dtype: 'uint8',
      shape: [count],
      data: ds.labels.subarray(start, start + count),
    });
    const images = {
      key: keyOf(options.prefix, `${stem}.images.npy`),
      bytes: imagesBytes.length,
      sha256: sha256Hex(imagesBytes),
    };
    const labels = {
      key: keyOf(options.prefix, `${stem}.labels.npy`),
      bytes: labelsBytes.length,
      sha256: sha256Hex(labelsBytes),
    };
    await sink.put(images.key, imagesBytes);
    await sink.put(labels.key, labelsBytes);
    manifest.shards.push({ index, start, count, images, labels });
  }
  await sink.put(
    keyOf(options.prefix, SHARD_MANIFEST_NAME),
    new TextEncoder().encode(JSON.stringify(manifest, null, 2)),
  );
  return manifest;
}

/** Parses and checks a manifest (structure, counts, contiguous shards); errors name `source`. */
export function parseShardManifest(bytes: Uint8Array, source: string): ShardManifest {
  let m: unknown;
  try {
    m = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new DatasetError('manifest is not valid JSON', { source, cause: err });
  }
  const fail = (what: string): never => {
    throw new DatasetError(`invalid shard manifest: ${what}`, { source });
  };
  if (typeof m !== 'object' || m === null) return fail('not an object');
  const r = m as Record<string, unknown>;
  if (r.format !== 'ada-shards')
    fail(`'format' must be 'ada-shards', got ${JSON.stringify(r.format)}`);
  if (r.version !== 1) fail(`'version' must be 1, got ${JSON.stringify(r.version)}`);
  if (typeof r.name !== 'string') fail(`'name' must be a string`);
  const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
  if (!isCount(r.count)) fail(`'count' must be a non-negative integer`);
  const shape = r.imageShape;
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every(isCount) || shape[2] !== 3) {
    fail(`'imageShape' must be [H, W, 3]`);
  }
  if (
    !Array.isArray(r.classNames) ||
    !r.classNames.every((c) => typeof c === 'string') ||
    r.classNames.length === 0
  ) {
    fail(`'classNames' must be a non-empty list of strings`);
  }
  if (!Array.isArray(r.shards)) return fail(`'shards' must be a list`);
  const isFile = (f: unknown): boolean => {
    const o = f as Record<string, unknown> | null;
    return (
      typeof o === 'object' &&
      o !== null &&
      typeof o.key === 'string' &&
      isCount(o.bytes) &&
      typeof o.sha256 === 'string' &&
      /^[0-9a-f]{64}$/.test(o.sha256)
    );
  };
  let expectedStart = 0;
  r.shards.forEach((s: unknown, i: number) => {
    const o = s as Record<string, unknown> | null;
    if (
      typeof o !== 'object' ||
      o === null ||
      o.index !== i ||
      o.start !== expectedStart ||
      !isCount(o.count) ||
      !isFile(o.images) ||
      !isFile(o.labels)
    ) {
      fail(
        `shard ${i} must be { index: ${i}, start: ${expectedStart}, count, images: {key, bytes, sha256}, labels: {...} }`,
      );
    }
    expectedStart += (o as { count: number }).count;
  });
  if (expectedStart !== r.count)
    fail(`shards hold ${expectedStart} examples but 'count' is ${String(r.count)}`);
  return m as ShardManifest;
}

async function getVerified(source: ByteSource, file: ShardFile): Promise<Uint8Array> {
  const bytes = await source.get(file.key);
  if (bytes.length !== file.bytes) {
    throw new DatasetError(
      `has ${bytes.length} bytes, the manifest says ${file.bytes} (truncated or replaced)`,
      { source: file.key },
    );
  }
  const digest = sha256Hex(bytes);
  if (digest !== file.sha256) {
    throw new DatasetError(
      `sha256 ${digest} does not match the manifest's ${file.sha256} (corrupted or replaced)`,
      { source: file.key },
    );
  }
  return bytes;
}

/** Reads the manifest at `<prefix>/manifest.json`. */
export async function readShardManifest(
  source: ByteSource,
  prefix: string,
): Promise<ShardManifest> {
  const key = keyOf(prefix, SHARD_MANIFEST_NAME);
  return parseShardManifest(await source.get(key), key);
}

/**
 * Reads shard `index` of a manifest, verifying both files' length and sha256, as a dataset
 * named `<name>/shard-<index>`.
 */
export async function readShard(
  source: ByteSource,
  manifest: ShardManifest,
  index: number,
): Promise<Dataset> {
  const shard = manifest.shards[index];
  if (!shard) {
    throw new RangeError(
      `Argument 'index' passed to 'readShard' must be in [0, ${manifest.shards.length}), got ${index}`,
    );
  }
  const imagesBytes = await getVerified(source, shard.images);
  const labelsBytes = await getVerified(source, shard.labels);
  const { images, shape } = npyImages(readNpy(imagesBytes, shard.images.key), shard.images.key);
  const [h, w] = manifest.imageShape;
  if (shape[0] !== shard.count || shape[1] !== h || shape[2] !== w) {
    throw new DatasetError(
      `images have shape [${shape.join(', ')}], the manifest says [${shard.count}, ${h}, ${w}, 3]`,
      { source: shard.images.key },
    );
  }
  const labels = npyLabels(
    readNpy(labelsBytes, shard.labels.key),
    shard.labels.key,
    shard.count,
    manifest.classNames.length,
  );
  return {
    name: `${manifest.name}/shard-${index}`,
    images,
    labels,
    shape: [shard.count, h, w, 3],
    classNames: [...manifest.classNames],
  };
}

/**
 * Reads a whole sharded dataset back (every file verified against the manifest's sha256).
 */
export async function readShards(source: ByteSource, prefix: string): Promise<Dataset> {
  const manifest = await readShardManifest(source, prefix);
  const [h, w] = manifest.imageShape;
  const size = h * w * 3;
  const images = new Uint8Array(manifest.count * size);
  const labels = new Uint8Array(manifest.count);
  for (const s of manifest.shards) {
    const part = await readShard(source, manifest, s.index);
    images.set(part.images, s.start * size);
    labels.set(part.labels, s.start);
  }
  return {
    name: manifest.name,
    images,
    labels,
    shape: [manifest.count, h, w, 3],
    classNames: [...manifest.classNames],
  };
}
