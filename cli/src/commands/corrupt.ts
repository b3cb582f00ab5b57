import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { writeNpy } from '@ada/data';
import { checkOutputFile, readNpyInput } from '../util/cli_files.ts';
import { ALL_CORRUPTIONS, corruptBatch, isCorruptionName, type Seeding } from '@ada/corruptions';

/** A uint8 image batch read from `.npy`: `[n, h, w, 3]`. */
export interface ImageBatchNpy {
  n: number;
  h: number;
  w: number;
  data: Uint8Array;
}

/** Reads `path` as uint8 `[N, H, W, 3]`, with errors that name the file and what was found. */
export async function readImageBatch(path: string, flag: string): Promise<ImageBatchNpy> {
  const arr = await readNpyInput(path, flag);
  if (arr.dtype !== 'uint8') {
    throw new Error(`${flag} ${path}: expected uint8 images [N, H, W, 3], got dtype ${arr.dtype}`);
  }
  const [n, h, w, c] = arr.shape;
  if (arr.shape.length !== 4 || c !== 3 || !h || !w) {
    throw new Error(
      `${flag} ${path}: expected shape [N, H, W, 3] (RGB, HWC), got [${arr.shape.join(', ')}]`,
    );
  }
  if (n === 0) throw new Error(`${flag} ${path}: holds 0 images; need at least 1`);
  return { n: n!, h, w, data: arr.data as Uint8Array };
}

/** Parses `--name`, listing the valid names on error. */
export function parseCorruptionName(name: string): (typeof ALL_CORRUPTIONS)[number] {
  if (!isCorruptionName(name)) {
    throw new Error(`unknown corruption '${name}'; valid names: ${ALL_CORRUPTIONS.join(', ')}`);
  }
  return name;
}

/** Parses a `--seed` in [0, 2^32). */
export function parseSeed(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 0xffffffff) {
    throw new Error(`--seed must be an integer in [0, 2^32), got '${text}'`);
  }
  return n;
}

function parseSeverity(text: string): number {
  const s = Number(text);
  if (!/^\d+$/.test(text) || s < 1 || s > 5) {
    throw new Error(`--severity must be an integer in 1..5, got '${text}'`);
  }
  return s;
}

/**
 * `ada corrupt --name NAME --severity S --in X.npy --out Y.npy [--seed N] [--seeding MODE]`:
 * applies one CIFAR-10-C corruption to every image of a uint8 `[N, H, W, 3]` `.npy` file and
 * writes the uint8 result with the same shape. Per-image seeding by default (each image its own
 * draws, reproducible from `--seed`); `--seeding reference` reproduces the reference generator
 * (`np.random.seed(severity)` before every image).
 */
export function register(program: Command): void {
  program
    .command('corrupt')
    .description('apply one CIFAR-10-C corruption to a uint8 [N, H, W, 3] .npy file')
    .requiredOption('--name <name>', `corruption: ${ALL_CORRUPTIONS.join(', ')}`)
    .requiredOption('--severity <s>', 'severity, 1..5')
    .requiredOption('--in <file>', 'input .npy, uint8 [N, H, W, 3]')
    .requiredOption('--out <file>', 'output .npy, uint8 [N, H, W, 3]')
    .option('--seed <n>', 'seed of the per-image random draws, integer in [0, 2^32)', '0')
    .option('--seeding <mode>', "'per-image' or 'reference'", 'per-image')
    .action(
      async (opts: {
        name: string;
        severity: string;
        in: string;
        out: string;
        seed: string;
        seeding: string;
      }) => {
        const name = parseCorruptionName(opts.name);
        const severity = parseSeverity(opts.severity);
        const seed = parseSeed(opts.seed);
        if (opts.seeding !== 'per-image' && opts.seeding !== 'reference') {
          throw new Error(`--seeding must be 'per-image' or 'reference', got '${opts.seeding}'`);
        }
        const batch = await readImageBatch(opts.in, '--in');
        await checkOutputFile(opts.out, '--out');
        const t0 = performance.now();
        const out = corruptBatch(name, batch.data, batch.n, batch.h, batch.w, severity, {
          seed,
          seeding: opts.seeding as Seeding,
        });
        const seconds = (performance.now() - t0) / 1000;
        await writeFile(
          opts.out,
          writeNpy({ dtype: 'uint8', shape: [batch.n, batch.h, batch.w, 3], data: out }),
        );
        process.stdout.write(
          `${name} severity ${severity}: ${batch.n} images ${batch.h}x${batch.w} in ${seconds.toFixed(2)} s -> ${opts.out}\n`,
        );
      },
    );
}
