import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Command } from 'commander';
import { readNpy, writeNpy, type NpyArray } from '@ada/data';
import { ALL_CORRUPTIONS, corruptBatch, SEVERITIES } from '@ada/corruptions';
import { parseCorruptionName, parseSeed, readImageBatch, type ImageBatchNpy } from './corrupt.ts';
import type { ChunkJob, ChunkResult } from './make_benchmark_worker.ts';

/** File URL of tsx's ESM `register` API (the `import` condition of `tsx/esm/api`). */
function tsxEsmApiUrl(): string {
  const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } } | string>;
  };
  const entry = pkg.exports['./esm/api'];
  const rel = typeof entry === 'string' ? entry : entry?.import?.default;
  if (!rel) throw new Error(`tsx ${pkgPath} has no ESM './esm/api' export`);
  return pathToFileURL(join(dirname(pkgPath), rel)).href;
}

/** Corrupts a whole set at one severity, in this thread or split over worker threads. */
type SeverityRunner = (name: string, severity: number) => Promise<Uint8Array>;

/**
 * `workers` threads sharing the image set; each severity is split into contiguous chunks, one per
 * worker, seeded by global index (identical bytes to the single-thread run).
 */
function workerRunner(
  batch: ImageBatchNpy,
  seed: number,
  workers: number,
): {
  run: SeverityRunner;
  close: () => Promise<void>;
} {
  const shared = new SharedArrayBuffer(batch.data.length);
  new Uint8Array(shared).set(batch.data);
  // Worker threads do not inherit tsx's loader: a tiny CommonJS bootstrap registers it first,
  // then imports the TypeScript worker module.
  const tsxApi = tsxEsmApiUrl();
  const entry = new URL('./make_benchmark_worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  const pool = Array.from(
    { length: workers },
    () =>
      new Worker(bootstrap, {
        eval: true,
        workerData: { images: shared, h: batch.h, w: batch.w },
      }),
  );
  let nextId = 0;
  const pending = new Map<
    number,
    { resolve: (out: Uint8Array) => void; reject: (e: Error) => void }
  >();
  for (const worker of pool) {
    worker.on('message', (msg: ChunkResult) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if ('error' in msg) p.reject(new Error(msg.error));
      else p.resolve(msg.out);
    });
    worker.on('error', (err) => {
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
  }
  const size = batch.h * batch.w * 3;
  const run: SeverityRunner = async (name, severity) => {
    const per = Math.ceil(batch.n / workers);
    const jobs = pool.map((worker, k) => {
      const start = Math.min(batch.n, k * per);
      const count = Math.min(batch.n, start + per) - start;
      const job: ChunkJob = { id: nextId++, name, severity, seed, start, count };
      return new Promise<{ start: number; out: Uint8Array }>((resolve, reject) => {
        pending.set(job.id, { resolve: (out) => resolve({ start, out }), reject });
        worker.postMessage(job);
      });
    });
    const out = new Uint8Array(batch.n * size);
    for (const { start, out: part } of await Promise.all(jobs)) out.set(part, start * size);
    return out;
  };
  return { run, close: async () => void (await Promise.all(pool.map((w) => w.terminate()))) };
}

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
 * `--seed` by global image index, so `--workers N` (threads, each a contiguous chunk of every
 * severity) writes the same bytes as one thread; one progress line per corruption.
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
    .option('--workers <n>', 'worker threads (same output for any number)', '1')
    .action(
      async (opts: {
        in: string;
        labels: string;
        out: string;
        seed: string;
        corruptions?: string;
        workers: string;
      }) => {
        const names = (opts.corruptions ? opts.corruptions.split(',') : [...ALL_CORRUPTIONS])
          .map((s) => s.trim())
          .filter((s) => s.length > 0)
          .map(parseCorruptionName);
        if (names.length === 0) throw new Error('--corruptions lists no corruption');
        const seed = parseSeed(opts.seed);
        const workers = Number(opts.workers);
        if (!/^\d+$/.test(opts.workers) || workers < 1 || workers > 256) {
          throw new Error(`--workers must be an integer in 1..256, got '${opts.workers}'`);
        }
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
        const pool = workers > 1 && batch.n > 1 ? workerRunner(batch, seed, workers) : undefined;
        const runSeverity: SeverityRunner =
          pool?.run ??
          (async (name, s) =>
            corruptBatch(name, batch.data, batch.n, batch.h, batch.w, s, { seed }));
        try {
          for (const [k, name] of names.entries()) {
            const t = performance.now();
            const stacked = new Uint8Array(5 * batch.n * size);
            for (const s of SEVERITIES)
              stacked.set(await runSeverity(name, s), (s - 1) * batch.n * size);
            await writeFile(
              join(opts.out, `${name}.npy`),
              writeNpy({
                dtype: 'uint8',
                shape: [5 * batch.n, batch.h, batch.w, 3],
                data: stacked,
              }),
            );
            const sec = (performance.now() - t) / 1000;
            process.stdout.write(
              `[${k + 1}/${names.length}] ${name}: 5 x ${batch.n} images in ${sec.toFixed(1)} s (${((5 * batch.n) / Math.max(sec, 1e-9)).toFixed(0)} img/s)\n`,
            );
          }
        } finally {
          await pool?.close();
        }
        process.stdout.write(
          `wrote ${names.length} corruptions + labels.npy to ${opts.out} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
        );
      },
    );
}
