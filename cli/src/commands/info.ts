import type { Command } from 'commander';
import { benchmarkConv, formatHeadline, HEADLINE_CONV, initBackend } from '@ada/tensor';

/**
 * `ada info [--no-bench] [--json]`: the TensorFlow.js backend this machine runs (chosen best
 * first, or forced by `ADA_BACKEND`), its version, the native TensorFlow library behind it, thread
 * count, why it was chosen and why each better one was skipped, then the
 * benchmark's headline: forward and forward+backward GFLOP/s of a 3x3 64->64 convolution on
 * 32x32 inputs, batch 32 (about 2 s on wasm).
 */
export function register(program: Command): void {
  program
    .command('info')
    .description('show the compute backend, its version and threads, and a quick conv benchmark')
    .option('--no-bench', 'skip the convolution benchmark')
    .option('--json', 'print one JSON object instead of lines')
    .action(async (opts: { bench: boolean; json?: boolean }) => {
      const info = await initBackend({ log: false });
      const timing = opts.bench
        ? await benchmarkConv(HEADLINE_CONV, { warmup: 1, reps: 1 })
        : undefined;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ backend: info, headline: timing })}\n`);
        return;
      }
      const lines = [
        `backend: ${info.name} (${info.packageName} ${info.version})`,
        ...(info.native
          ? [
              `library: TensorFlow ${info.native.tensorflowVersion}${info.native.wheel ? ` (${info.native.flavour ?? 'cpu'} flavour, from ${info.native.wheel})` : ''}`,
            ]
          : []),
        `threads: ${info.threads}`,
        `reason: ${info.reason}`,
        ...info.skipped.map((s) => `skipped: ${s.packageName} ${s.why}`),
      ];
      if (timing) lines.push(formatHeadline(info.name, HEADLINE_CONV, timing));
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
