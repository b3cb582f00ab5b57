import {
  findCifar10Dir,
  loadCifar10,
  makeDemoDataset,
  readShards,
  sliceDataset,
  type Dataset,
} from '@ada/data';
import { ObjectNotFoundError, type ArtifactStore } from '@ada/store';
import { AttackRequestError } from './params.ts';

/**
 * The first `examples` test images of `params.dataset`: `demo` (the synthetic test split, seed
 * `dataSeed`), `cifar10` (the CIFAR-10 test batch under the service's dataset directory), or a
 * shard-set prefix in the store (`writeShards` layout). Unknown sources fail naming
 * `params.dataset`.
 */
export async function loadTestSet(
  p: { dataset: string; examples: number; dataSeed: number },
  ctx: { store: ArtifactStore; datasetDir?: string },
): Promise<Dataset> {
  if (p.dataset === 'demo') {
    return makeDemoDataset({ split: 'test', size: p.examples, seed: p.dataSeed });
  }
  if (p.dataset === 'cifar10') {
    const dir = ctx.datasetDir === undefined ? undefined : await findCifar10Dir(ctx.datasetDir);
    if (dir === undefined) {
      throw new AttackRequestError(
        "params.dataset 'cifar10' needs ADA_DATASET_DIR with the CIFAR-10 binary batches on the attack service",
        'params.dataset',
      );
    }
    const test = await loadCifar10({ dataDir: dir, split: 'test' });
    return sliceDataset(test, 0, Math.min(p.examples, test.shape[0]), test.name);
  }
  try {
    const ds = await readShards(ctx.store, p.dataset);
    return sliceDataset(ds, 0, Math.min(p.examples, ds.shape[0]), ds.name);
  } catch (cause) {
    if (cause instanceof ObjectNotFoundError) {
      throw new AttackRequestError(
        `params.dataset '${p.dataset}': no shard set under that prefix in the store (expected 'demo', 'cifar10' or a writeShards prefix)`,
        'params.dataset',
      );
    }
    throw cause;
  }
}
