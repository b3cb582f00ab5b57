import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CIFAR10_TEST_FILE,
  CIFAR10_TRAIN_FILES,
  encodeCifar10Batch,
  loadTrainTest,
  makeDemoDataset,
  writeShards,
} from '@ada/data';
import { EvalRequestError } from './errors.ts';
import { storeAndBus } from './test_fixtures.ts';
import { loadRequestedTestSet, type TestSetContext } from './test_set.ts';

const { dir, store, dispose } = storeAndBus('eval-test-set-');
const ctx = (over: Partial<TestSetContext> = {}): TestSetContext => ({
  store,
  service: 'attack-service',
  cifar10Subset: 'first',
  ...over,
});

afterAll(dispose);

/** A CIFAR-10 folder in the binary layout, its 30 test images taken from the demo set. */
function cifar10Folder(): { dataDir: string; images: Uint8Array } {
  const dataDir = join(dir, 'cifar');
  const test = makeDemoDataset({ split: 'test', size: 30, seed: 9 });
  const train = makeDemoDataset({ split: 'train', size: 2, seed: 9 });
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, CIFAR10_TEST_FILE), encodeCifar10Batch(test.images, test.labels));
  for (const f of CIFAR10_TRAIN_FILES) {
    writeFileSync(join(dataDir, f), encodeCifar10Batch(train.images, train.labels));
  }
  return { dataDir, images: test.images };
}

describe('loadRequestedTestSet', () => {
  it("demo: the synthetic test split of 'size' images, seed 'dataSeed'", async () => {
    const ds = await loadRequestedTestSet({ dataset: 'demo', size: 12, dataSeed: 4 }, ctx());
    const expected = makeDemoDataset({ split: 'test', size: 12, seed: 4 });
    expect(ds.shape).toEqual([12, 32, 32, 3]);
    expect(ds.images).toEqual(expected.images);
    expect(ds.labels).toEqual(expected.labels);
  });

  it('a shard-set prefix: its first `size` images, or all when it holds fewer', async () => {
    const source = makeDemoDataset({ split: 'test', size: 10, seed: 2 });
    await writeShards(source, store, { prefix: 'sets/ten', shardSize: 4 });
    const five = await loadRequestedTestSet({ dataset: 'sets/ten', size: 5, dataSeed: 0 }, ctx());
    expect(five.shape[0]).toBe(5);
    expect(five.images).toEqual(source.images.subarray(0, 5 * 32 * 32 * 3));
    const all = await loadRequestedTestSet({ dataset: 'sets/ten', size: 99, dataSeed: 0 }, ctx());
    expect(all.shape[0]).toBe(10);
  });

  it('an unknown prefix fails naming params.dataset and the accepted values', async () => {
    const p = loadRequestedTestSet({ dataset: 'no/such/set', size: 5, dataSeed: 0 }, ctx());
    await expect(p).rejects.toBeInstanceOf(EvalRequestError);
    await expect(p).rejects.toMatchObject({
      field: 'params.dataset',
      message: expect.stringContaining(
        "params.dataset 'no/such/set': no shard set under that prefix in the store (expected 'demo', 'cifar10'",
      ),
      retriable: false,
    });
  });

  it('cifar10 on a service without ADA_DATASET_DIR, or with one lacking the batches, fails naming params.dataset', async () => {
    await expect(
      loadRequestedTestSet({ dataset: 'cifar10', size: 5, dataSeed: 0 }, ctx()),
    ).rejects.toMatchObject({
      field: 'params.dataset',
      message: expect.stringMatching(/needs ADA_DATASET_DIR .* on the attack-service$/),
    });
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    await expect(
      loadRequestedTestSet(
        { dataset: 'cifar10', size: 5, dataSeed: 0 },
        ctx({ datasetDir: empty, service: 'metrics-service' }),
      ),
    ).rejects.toMatchObject({
      field: 'params.dataset',
      message: expect.stringContaining('no CIFAR-10 binary batches (test_batch.bin)'),
    });
  });

  it("cifar10 'first' takes the first images; 'seeded' takes the draw `ada run` evaluates", async () => {
    const { dataDir, images } = cifar10Folder();
    const p = { dataset: 'cifar10', size: 5, dataSeed: 3 };
    const first = await loadRequestedTestSet(p, ctx({ datasetDir: dataDir }));
    expect(first.shape).toEqual([5, 32, 32, 3]);
    expect(first.images).toEqual(images.subarray(0, 5 * 32 * 32 * 3));
    const seeded = await loadRequestedTestSet(
      p,
      ctx({ datasetDir: dataDir, cifar10Subset: 'seeded' }),
    );
    const run = await loadTrainTest({ dataDir, trainSize: 0, testSize: 5, seed: 3 });
    expect(seeded.images).toEqual(run.test.images);
    expect(seeded.labels).toEqual(run.test.labels);
    expect(seeded.images).not.toEqual(first.images);
  });

  it("rejects a 'size' that is not a positive integer, naming it", async () => {
    await expect(
      loadRequestedTestSet({ dataset: 'demo', size: 0, dataSeed: 0 }, ctx()),
    ).rejects.toThrow(/Argument 'p.size' passed to 'loadRequestedTestSet'/);
  });
});
