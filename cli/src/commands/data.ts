import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { datasetToNpy, makeDemoDataset, writeImageGrid, type Dataset } from '@ada/data';

/**
 * `ada data demo --out DIR [--train N] [--test N] [--seed S]`: generates the synthetic demo
 * dataset and writes `train.npy` / `test.npy` (uint8 [N, 32, 32, 3]), `train_labels.npy` /
 * `test_labels.npy` (uint8 [N]), `classes.txt` (one class name per line, label order) and
 * `contact_sheet.png` (the first training images, one class per column).
 */
export function register(program: Command): void {
  const data = program.command('data').description('dataset tools: the synthetic demo dataset');
  data
    .command('demo')
    .description(
      'write the synthetic 10-class 32x32 demo dataset as .npy files plus a contact sheet',
    )
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .option('--train <n>', 'training images', '10000')
    .option('--test <n>', 'test images', '2000')
    .option('--seed <s>', 'dataset seed, integer in [0, 2^32)', '0')
    .action(async (opts: { out: string; train: string; test: string; seed: string }) => {
      const train = makeDemoDataset({
        split: 'train',
        size: parseCount(opts.train, '--train'),
        seed: parseCount(opts.seed, '--seed'),
      });
      const test = makeDemoDataset({
        split: 'test',
        size: parseCount(opts.test, '--test'),
        seed: parseCount(opts.seed, '--seed'),
      });
      await mkdir(opts.out, { recursive: true });
      for (const [stem, ds] of [
        ['train', train],
        ['test', test],
      ] as const) {
        const { images, labels } = datasetToNpy(ds);
        await writeFile(join(opts.out, `${stem}.npy`), images);
        await writeFile(join(opts.out, `${stem}_labels.npy`), labels);
      }
      await writeFile(join(opts.out, 'classes.txt'), `${train.classNames.join('\n')}\n`);
      if (train.shape[0] > 0)
        await writeFile(join(opts.out, 'contact_sheet.png'), contactSheet(train));
      process.stdout.write(
        `wrote ${train.shape[0]} training and ${test.shape[0]} test images (seed ${opts.seed}) to ${opts.out}\n`,
      );
    });
}

function parseCount(text: string, flag: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) {
    throw new Error(`${flag} must be a non-negative integer, got '${text}'`);
  }
  return n;
}

function contactSheet(ds: Dataset): Uint8Array {
  const cols = ds.classNames.length;
  const rows = Math.min(8, Math.ceil(ds.shape[0] / cols));
  const n = Math.min(ds.shape[0], rows * cols);
  return writeImageGrid(
    { data: ds.images.subarray(0, n * 3072), shape: [n, 32, 32, 3] },
    rows,
    cols,
    {
      scale: 3,
      labels: Array.from(ds.labels.subarray(0, n), (l) => ds.classNames[l]),
    },
  );
}
