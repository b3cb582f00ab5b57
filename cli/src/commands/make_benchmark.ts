import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { readNpy, writeNpy, type NpyArray } from '@ada/data';
import { ALL_CORRUPTIONS, corruptBatch, SEVERITIES } from '@ada/corruptions';
import { parseCorruptionName, parseSeed, readImageBatch } from './corrupt.ts';

/** Repeats a 1-D labels array `times` times (the CIFAR-10-C `labels.npy` layout). */
function repeatLabels(labels: NpyArray, times: number): NpyArray {
  const n = labels.data.length;
  const Ctor = labels.data.constructor as new (len: number) => NpyArray['data'];
  const data = new Ctor(n * times);
  for (let k = 0; k < times; k++) (data as Uint8Array).set(labels.data as Uint8Array, k * n);
  return { dtype: labels.dtype, shape: [n * times], data } as NpyArray;
}

/**
 * `ada make-benchmark --in test.npy --labels labels.npy --out DIR [--seed N] [--corruptions a,b]`:
 * writes the CIFAR-10-C layout for a uint8 `[N, H, W, 3]` test set: `DIR/<corruption>.npy`
 * (uint8 `[5N, H, W, 3]`, severities 1..5 stacked in order) for each corruption (default: all
 * 19) and `DIR/labels.npy` (the labels repeated 5 times, same dtype). Per-image seeding from
 * `--seed`; one progress line per corruption.
 */
export function register(program: Command): void {
  program
    .command('make-benchmark')
    .description(
      'generate a CIFAR-10-C style benchmark (<corruption>.npy, labels.npy) from a test set',
    )
    .requiredOption('--in <file>', 'test images .npy, uint8 [N, H, W, 3]')
    .requiredOption('--labels <file>', 'test labels .npy, 1-D of length N (uint8/int32/int64)')
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .option('--seed <n>', 'seed of the per-image random draws, integer in [0, 2^32)', '0')
    .option('--corruptions <list>', 'comma-separated corruption names (default: all 19)')
    .action(
      async (opts: {
        in: string;
        labels: string;
        out: string;
        seed: string;
        corruptions?: string;
      }) => {
        const names = (opts.corruptions ? opts.corruptions.split(',') : [...ALL_CORRUPTIONS])
          .map((s) => s.trim())
          .filter((s) => s.length > 0)
          .map(parseCorruptionName);
        if (names.length === 0) throw new Error('--corruptions lists no corruption');
        const seed = parseSeed(opts.seed);
        const batch = await readImageBatch(opts.in, '--in');
        let labels: NpyArray;
        try {
          labels = readNpy(await readFile(opts.labels));
        } catch (err) {
          throw new Error(
            `--labels ${opts.labels}: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
        if (labels.shape.length !== 1 || labels.shape[0] !== batch.n) {
          throw new Error(
            `--labels ${opts.labels}: expected shape [${batch.n}] to match --in, got [${labels.shape.join(', ')}]`,
          );
        }
        if (labels.dtype === 'float32' || labels.dtype === 'float64') {
          throw new Error(
            `--labels ${opts.labels}: expected integer labels, got dtype ${labels.dtype}`,
          );
        }
        // Dry run on the first image so that a corruption that cannot handle this image size
        // (zoom_blur and snow need square images) fails before hours of work, not after.
        const size = batch.h * batch.w * 3;
        if (batch.n > 0) {
          for (const name of names) {
            try {
              corruptBatch(name, batch.data.subarray(0, size), 1, batch.h, batch.w, 5, { seed });
            } catch (err) {
              throw new Error(
                `${name} cannot corrupt ${batch.h}x${batch.w} images: ${err instanceof Error ? err.message : String(err)}`,
              );
            }
          }
        }
        await mkdir(opts.out, { recursive: true });
        await writeFile(join(opts.out, 'labels.npy'), writeNpy(repeatLabels(labels, 5)));
        const t0 = performance.now();
        for (const [k, name] of names.entries()) {
          const t = performance.now();
          const stacked = new Uint8Array(5 * batch.n * size);
          for (const s of SEVERITIES) {
            const out = corruptBatch(name, batch.data, batch.n, batch.h, batch.w, s, { seed });
            stacked.set(out, (s - 1) * batch.n * size);
          }
          await writeFile(
            join(opts.out, `${name}.npy`),
            writeNpy({ dtype: 'uint8', shape: [5 * batch.n, batch.h, batch.w, 3], data: stacked }),
          );
          const sec = (performance.now() - t) / 1000;
          process.stdout.write(
            `[${k + 1}/${names.length}] ${name}: 5 x ${batch.n} images in ${sec.toFixed(1)} s (${((5 * batch.n) / Math.max(sec, 1e-9)).toFixed(0)} img/s)\n`,
          );
        }
        process.stdout.write(
          `wrote ${names.length} corruptions + labels.npy to ${opts.out} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
        );
      },
    );
}
