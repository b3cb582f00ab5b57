import {
  findCifar10Dir,
  loadCifar10,
  loadTrainTest,
  makeDemoDataset,
  readShards,
  sliceDataset,
  type Dataset,
} from '@ada/data';
import { ObjectNotFoundError, type ArtifactStore } from '@ada/store';
import { EvalRequestError } from './errors.ts';

/** What a request asks for: `params.dataset`, how many test images, and the demo seed. */
export interface TestSetParams {
  /** `demo`, `cifar10`, or the key prefix of a shard set in the store (`writeShards` layout). */
  dataset: string;
  /** Test images wanted (fewer when the source holds fewer). */
  size: number;
  /** Seed of the demo images, and of the CIFAR-10 subset when `cifar10Subset` is `seeded`. */
  dataSeed: number;
}

export interface TestSetContext {
  store: ArtifactStore;
  /** The service's dataset directory (`ADA_DATASET_DIR`), holding the CIFAR-10 binary batches. */
  datasetDir?: string;
  /** Named in the error when `cifar10` is asked of a service without CIFAR-10, e.g. `attack-service`. */
  service: string;
  /**
   * Which CIFAR-10 test images a size below 10000 takes: the `first` N (robustness benchmarks'
   * convention), or the `seeded` draw `loadTrainTest` makes for a run with that test size and
   * seed (so an evaluation measures what `ada run` measured). Demo and shard sets always give
   * their first N.
   */
  cifar10Subset: 'first' | 'seeded';
}

/**
 * The test set a request names (`params.dataset`): `demo` (the synthetic test split of `size`
 * images, seed `dataSeed`), `cifar10` (the CIFAR-10 test batch under the service's dataset
 * directory), or a shard-set prefix in the store. A source the service cannot read fails with
 * an `EvalRequestError` naming `params.dataset`; store outages pass through (retriable).
 *
 * ```ts
 * const test = await loadRequestedTestSet(
 *   { dataset: 'demo', size: 1000, dataSeed: 0 },
 *   { store, service: 'metrics-service', cifar10Subset: 'seeded' },
 * ); // test.shape [1000, 32, 32, 3], uint8 NHWC
 * ```
 */
export async function loadRequestedTestSet(
  p: TestSetParams,
  ctx: TestSetContext,
): Promise<Dataset> {
  if (!Number.isInteger(p.size) || p.size < 1) {
    throw new RangeError(
      `Argument 'p.size' passed to 'loadRequestedTestSet' must be a positive integer, got ${p.size}`,
    );
  }
  if (p.dataset === 'demo') {
    return makeDemoDataset({ split: 'test', size: p.size, seed: p.dataSeed });
  }
  if (p.dataset === 'cifar10') return loadCifar10Test(p, ctx);
  try {
    const ds = await readShards(ctx.store, p.dataset);
    return sliceDataset(ds, 0, Math.min(p.size, ds.shape[0]), ds.name);
  } catch (cause) {
    if (cause instanceof ObjectNotFoundError) {
      throw new EvalRequestError(
        `params.dataset '${p.dataset}': no shard set under that prefix in the store (expected 'demo', 'cifar10' or a writeShards prefix)`,
        'params.dataset',
      );
    }
    throw cause;
  }
}

async function loadCifar10Test(p: TestSetParams, ctx: TestSetContext): Promise<Dataset> {
  if (ctx.datasetDir === undefined) {
    throw new EvalRequestError(
      `params.dataset 'cifar10' needs ADA_DATASET_DIR (the CIFAR-10 binary batches) on the ${ctx.service}`,
      'params.dataset',
    );
  }
  const dir = await findCifar10Dir(ctx.datasetDir);
  if (dir === undefined) {
    throw new EvalRequestError(
      `params.dataset 'cifar10': no CIFAR-10 binary batches (test_batch.bin) in the ${ctx.service}'s ADA_DATASET_DIR`,
      'params.dataset',
    );
  }
  if (ctx.cifar10Subset === 'seeded') {
    const { test } = await loadTrainTest({
      dataDir: dir,
      trainSize: 0,
      testSize: p.size,
      seed: p.dataSeed,
    });
    return test;
  }
  const test = await loadCifar10({ dataDir: dir, split: 'test' });
  return sliceDataset(test, 0, Math.min(p.size, test.shape[0]), test.name);
}
