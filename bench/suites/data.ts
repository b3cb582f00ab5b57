import {
  makeDemoDataset,
  MemoryByteStore,
  readShards,
  writeImageGrid,
  writeShards,
} from '@ada/data';
import type { BenchRow, BenchSuite } from '../types.ts';

/**
 * Throughput of the dataset code that runs before training: rendering the synthetic demo
 * dataset, sharding it (npy + sha256) and reading it back, and a contact sheet PNG. Plain
 * JavaScript on typed arrays; the numbers do not depend on the tfjs backend.
 */
export const dataSuite: BenchSuite = {
  name: 'data',
  async run(ctx) {
    const n = ctx.quick ? 500 : 5000;
    const rows: BenchRow[] = [];
    makeDemoDataset({ split: 'train', size: 20, seed: 9 }); // warm-up (JIT)
    let t0 = performance.now();
    const ds = makeDemoDataset({ split: 'train', size: n, seed: 0 });
    let ms = performance.now() - t0;
    rows.push({
      case: `demo dataset render 32x32 x${n}`,
      forwardMs: ms,
      note: `${((n * 1000) / ms).toFixed(0)} images/s, 10k images ~${((10000 * ms) / n / 1000).toFixed(1)} s`,
    });
    const store = new MemoryByteStore();
    t0 = performance.now();
    await writeShards(ds, store, { prefix: 'bench', shardSize: 1000 });
    await readShards(store, 'bench');
    ms = performance.now() - t0;
    rows.push({
      case: `shards write+read (sha256) x${n}, 1000/shard`,
      forwardMs: ms,
      note: `${((n * 3072) / 1e6 / (ms / 1000)).toFixed(0)} MB/s`,
    });
    t0 = performance.now();
    writeImageGrid({ data: ds.images.subarray(0, 80 * 3072), shape: [80, 32, 32, 3] }, 8, 10, {
      scale: 3,
      labels: new Array<string>(80).fill('label'),
    });
    rows.push({ case: 'contact sheet 8x10 scale 3 PNG', forwardMs: performance.now() - t0 });
    return rows;
  },
};
