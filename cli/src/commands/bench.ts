import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Runs `bench/run.ts` (the repository's benchmark, outside the cli project, hence a child
 * process rather than an import) with `args`, its output going straight to ours. Rejects when
 * it fails.
 */
export function runBenchScript(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bench', 'run.ts'), ...args],
      { cwd: ROOT, stdio: 'inherit' },
    );
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`the benchmark failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

/**
 * `ada bench [--backend wasm,cpu] [--quick] [--suite conv2d,matMul]`: runs the benchmark suites
 * of `bench/` (the same as `npm run bench`) and prints the Markdown table.
 */
export function register(program: Command): void {
  program
    .command('bench')
    .description('benchmark convolutions and matMuls (forward, forward+backward) per backend')
    .option(
      '--backend <names>',
      'comma-separated backends (tensorflow, wasm, cpu); default: all that start',
    )
    .option('--quick', 'fewer cases and repetitions')
    .option('--suite <names>', 'comma-separated suite names')
    .action(async (opts: { backend?: string; quick?: boolean; suite?: string }) => {
      await runBenchScript([
        ...(opts.backend !== undefined ? ['--backend', opts.backend] : []),
        ...(opts.quick ? ['--quick'] : []),
        ...(opts.suite !== undefined ? ['--suite', opts.suite] : []),
      ]);
    });
}
