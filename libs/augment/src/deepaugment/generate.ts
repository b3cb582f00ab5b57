import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RandomState, writeNpy } from '@ada/data';
import type { CorruptionNetwork } from '@ada/models';
import * as tf from '@tensorflow/tfjs-core';
import { exampleSeed, STREAMS } from '../seeds.ts';
import { perturbNetwork, type DeepAugmentDraw } from './perturb.ts';

/**
 * The images to process: N uint8 RGB images NHWC with uint8 labels (the shape of `Dataset`
 * from `@ada/data`, which satisfies it).
 */
export interface SourceImages {
  readonly name: string;
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly shape: readonly [number, number, number, 3];
  readonly classNames: readonly string[];
}

/** The paper's dataset sizes: one or ten DeepAugment copies of every training image. */
export const DEEPAUGMENT_SIZES = { '1x': 1, '10x': 10 } as const;
export type DeepAugmentSize = keyof typeof DEEPAUGMENT_SIZES;

export interface DeepAugmentOptions {
  /** Output directory (created); holds the shards, `deepaugment.json` and `manifest.json`. */
  readonly outDir: string;
  /** Run seed; with the group index it fixes every network instance. */
  readonly seed: number;
  /** Copies of the source set: 1 ("1x") or 10 ("10x"), or any positive integer. */
  readonly copies: number;
  /** Examples per shard (default 1000). */
  readonly shardSize?: number;
  /**
   * Consecutive output images that share one perturbed network instance (default 20: the
   * reference re-draws the weights with probability 0.05 per image).
   */
  readonly groupSize?: number;
  /** Images per forward pass (default 32). */
  readonly batchSize?: number;
  /** Called after each file of a shard is in place, and when a shard is skipped on resume. */
  readonly onShard?: (event: {
    shard: number;
    shards: number;
    phase: 'images' | 'labels' | 'skipped';
  }) => void;
}

/** `deepaugment.json`: the settings a resumed run must share, and the draws per group. */
interface GenerationRecord {
  format: 'ada-deepaugment';
  version: 1;
  source: { name: string; count: number; imageShape: number[] };
  networks: string[];
  seed: number;
  copies: number;
  shardSize: number;
  groupSize: number;
}

interface ShardFile {
  key: string;
  bytes: number;
  sha256: string;
}

/** The `ada-shards` v1 manifest (the layout `readShards` of `@ada/data` reads). */
export interface DeepAugmentManifest {
  format: 'ada-shards';
  version: 1;
  name: string;
  count: number;
  imageShape: [number, number, 3];
  classNames: string[];
  shards: { index: number; start: number; count: number; images: ShardFile; labels: ShardFile }[];
}

const pad5 = (i: number): string => String(i).padStart(5, '0');

function writeAtomic(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.partial`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

function fileRecord(dir: string, key: string): ShardFile {
  const bytes = readFileSync(join(dir, key));
  return { key, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * The network instance for group `group`: which network and its perturbed parameters, drawn
 * from `RandomState(exampleSeed(seed, group, STREAMS.deepaugment))`.
 */
export function groupInstance(
  networks: readonly CorruptionNetwork[],
  seed: number,
  group: number,
): { net: CorruptionNetwork; params: tf.Tensor[]; draw: DeepAugmentDraw } {
  const rng = new RandomState(exampleSeed(seed, group, STREAMS.deepaugment));
  const net = networks[rng.randint(0, networks.length)]!;
  const { params, draw } = perturbNetwork(net, rng);
  return { net, params, draw };
}

/**
 * Generates a DeepAugment copy of a dataset offline (Hendrycks et al. 2021): output image
 * g = c * N + i is source image i passed through a randomly perturbed corruption network
 * (`perturbNetwork`; the instance is shared by `groupSize` consecutive outputs), clipped to
 * [0, 1] and stored as uint8 (truncated, as the reference's `to_pil_image`), with the source
 * label. Written as shards `shard-NNNNN.{images,labels}.npy` and, last, `manifest.json`.
 *
 * Seeded and resumable: every shard depends only on the seed, the settings and the source, each
 * file is written atomically, and a shard counts as done when its labels file (written last)
 * exists, so running again after a kill finishes the missing shards and gives the same bytes
 * as an uninterrupted run. A rerun with other settings in the same directory is refused.
 *
 * ```ts
 * const manifest = await generateDeepAugment(train, [edsr, cae], { outDir, seed: 1, copies: DEEPAUGMENT_SIZES['10x'] });
 * ```
 */
export async function generateDeepAugment(
  source: SourceImages,
  networks: readonly CorruptionNetwork[],
  options: DeepAugmentOptions,
): Promise<DeepAugmentManifest> {
  const [n, h, w] = source.shape;
  const { outDir, seed, copies } = options;
  const shardSize = options.shardSize ?? 1000;
  const groupSize = options.groupSize ?? 20;
  const batchSize = options.batchSize ?? 32;
  if (networks.length === 0)
    throw new RangeError(`Argument 'networks' passed to 'generateDeepAugment' must not be empty`);
  if (source.images.length !== n * h * w * 3 || source.labels.length !== n) {
    throw new RangeError(
      `Argument 'source' passed to 'generateDeepAugment' must hold N*H*W*3 image bytes and N labels for shape [${source.shape}]`,
    );
  }
  for (const [name, v] of [
    ['copies', copies],
    ['shardSize', shardSize],
    ['groupSize', groupSize],
    ['batchSize', batchSize],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(
        `Argument '${name}' passed to 'generateDeepAugment' must be a positive integer, got ${v}`,
      );
    }
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(
      `Argument 'seed' passed to 'generateDeepAugment' must be an integer in [0, 2^32), got ${seed}`,
    );
  }
  mkdirSync(outDir, { recursive: true });
  const record: GenerationRecord = {
    format: 'ada-deepaugment',
    version: 1,
    source: { name: source.name, count: n, imageShape: [h, w, 3] },
    networks: networks.map((net) => net.name),
    seed,
    copies,
    shardSize,
    groupSize,
  };
  const recordPath = join(outDir, 'deepaugment.json');
  if (existsSync(recordPath)) {
    const previous = readFileSync(recordPath, 'utf8');
    if (previous !== JSON.stringify(record, null, 2) + '\n') {
      throw new Error(
        `Directory '${outDir}' holds a DeepAugment generation with other settings (deepaugment.json differs); use another directory`,
      );
    }
  } else {
    writeAtomic(recordPath, new TextEncoder().encode(JSON.stringify(record, null, 2) + '\n'));
  }

  const total = n * copies;
  const shards = Math.ceil(total / shardSize);
  const imageBytes = h * w * 3;
  for (let s = 0; s < shards; s++) {
    const start = s * shardSize;
    const count = Math.min(shardSize, total - start);
    const imagesKey = `shard-${pad5(s)}.images.npy`;
    const labelsKey = `shard-${pad5(s)}.labels.npy`;
    const imagesPath = join(outDir, imagesKey);
    const labelsPath = join(outDir, labelsKey);
    if (
      existsSync(labelsPath) &&
      existsSync(imagesPath) &&
      statSync(imagesPath).size > count * imageBytes
    ) {
      options.onShard?.({ shard: s, shards, phase: 'skipped' });
      continue;
    }
    const out = new Uint8Array(count * imageBytes);
    const labels = new Uint8Array(count);
    let g = start;
    while (g < start + count) {
      const group = Math.floor(g / groupSize);
      const groupEnd = Math.min((group + 1) * groupSize, start + count);
      const { net, params } = groupInstance(networks, seed, group);
      try {
        for (let b = g; b < groupEnd; b += batchSize) {
          const e = Math.min(b + batchSize, groupEnd);
          const batch = new Float32Array((e - b) * imageBytes);
          for (let k = b; k < e; k++) {
            const i = k % n;
            labels[k - start] = source.labels[i]!;
            const px = source.images.subarray(i * imageBytes, (i + 1) * imageBytes);
            for (let j = 0; j < imageBytes; j++) batch[(k - b) * imageBytes + j] = px[j]! / 255;
          }
          const y = tf.tidy(() => {
            const x = tf.tensor4d(batch, [e - b, h, w, 3]);
            return tf.clipByValue(net.apply(x, params), 0, 1);
          });
          const data = await y.data();
          y.dispose();
          const base = (b - start) * imageBytes;
          for (let j = 0; j < data.length; j++) out[base + j] = Math.trunc(data[j]! * 255);
        }
      } finally {
        tf.dispose(params);
      }
      g = groupEnd;
    }
    writeAtomic(imagesPath, writeNpy({ dtype: 'uint8', shape: [count, h, w, 3], data: out }));
    options.onShard?.({ shard: s, shards, phase: 'images' });
    writeAtomic(labelsPath, writeNpy({ dtype: 'uint8', shape: [count], data: labels }));
    options.onShard?.({ shard: s, shards, phase: 'labels' });
  }

  const manifest: DeepAugmentManifest = {
    format: 'ada-shards',
    version: 1,
    name: `${source.name}-deepaugment-${copies}x`,
    count: total,
    imageShape: [h, w, 3],
    classNames: [...source.classNames],
    shards: Array.from({ length: shards }, (_, s) => ({
      index: s,
      start: s * shardSize,
      count: Math.min(shardSize, total - s * shardSize),
      images: fileRecord(outDir, `shard-${pad5(s)}.images.npy`),
      labels: fileRecord(outDir, `shard-${pad5(s)}.labels.npy`),
    })),
  };
  writeAtomic(
    join(outDir, 'manifest.json'),
    new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n'),
  );
  return manifest;
}
