import { findCifar10Dir, loadCifar10 } from './cifar10.ts';
import { type Dataset, sliceDataset, shuffleDataset } from './dataset.ts';
import { makeDemoDataset } from './demo/make_demo_dataset.ts';
import type { DemoVariant } from './demo/names.ts';
import { loadDemoPhotoBank } from './demo/photo_bank.ts';

export interface TrainTestOptions {
  /** A folder with the CIFAR-10 binary batches (or their `cifar-10-batches-bin` subfolder). */
  dataDir?: string;
  /** Training examples (default: all 50000 of CIFAR-10, 10000 demo images). */
  trainSize?: number;
  /** Test examples (default: all 10000 of CIFAR-10, 2000 demo images). */
  testSize?: number;
  /** Seed of the demo dataset, and of the subset drawn when CIFAR-10 is cut to trainSize/testSize. */
  seed: number;
  /** The demo variant when no CIFAR-10 is given (default 'procedural'; 'photo' reads the photo bank). */
  demoVariant?: DemoVariant;
}

export interface TrainTest {
  train: Dataset;
  test: Dataset;
  /** Which data was loaded, and from where: for logs and run records. */
  source:
    | { kind: 'cifar10'; dir: string }
    | { kind: 'demo'; seed: number; reason: string; variant?: DemoVariant };
}

/**
 * The training and test sets of a run: CIFAR-10 when `dataDir` holds its binary batches, the
 * synthetic demo dataset otherwise (the embedded default needs no download). `source` says which.
 * A CIFAR-10 subset (trainSize/testSize below the full size) is a seeded random draw.
 *
 * ```ts
 * const { train, test, source } = await loadTrainTest({ dataDir: process.env.ADA_DATA_DIR, seed: 0 });
 * console.log(source.kind); // 'cifar10' or 'demo'
 * ```
 */
export async function loadTrainTest(options: TrainTestOptions): Promise<TrainTest> {
  const { dataDir, trainSize, testSize, seed } = options;
  for (const [name, v] of [
    ['trainSize', trainSize],
    ['testSize', testSize],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) {
      throw new RangeError(
        `Option '${name}' passed to 'loadTrainTest' must be a non-negative integer, got ${v}`,
      );
    }
  }
  const dir = dataDir ? await findCifar10Dir(dataDir) : undefined;
  if (dir) {
    const cut = (ds: Dataset, n: number | undefined, salt: number): Dataset =>
      n === undefined || n >= ds.shape[0]
        ? ds
        : sliceDataset(shuffleDataset(ds, (seed * 2 + salt) >>> 0), 0, n, ds.name);
    const train = cut(await loadCifar10({ dataDir: dir, split: 'train' }), trainSize, 0);
    const test = cut(await loadCifar10({ dataDir: dir, split: 'test' }), testSize, 1);
    return { train, test, source: { kind: 'cifar10', dir } };
  }
  const variant = options.demoVariant ?? 'procedural';
  const photos = variant === 'photo' ? await loadDemoPhotoBank() : undefined;
  const demo = (split: 'train' | 'test', size: number): Dataset =>
    makeDemoDataset({ split, size, seed, variant, ...(photos ? { photos } : {}) });
  return {
    train: demo('train', trainSize ?? 10000),
    test: demo('test', testSize ?? 2000),
    source: {
      kind: 'demo',
      seed,
      ...(variant === 'procedural' ? {} : { variant }),
      reason: dataDir
        ? `no CIFAR-10 binary batches (test_batch.bin) in ${dataDir}`
        : 'no data directory given',
    },
  };
}
