import { Option } from 'commander';
import type { Command } from 'commander';
import { initBackend } from '@ada/tensor';
import { runBenchScript } from './bench.ts';

/** Presets `ada run` accepts; the training pipeline will add its own. */
const PRESETS = ['quick'] as const;

/**
 * `ada run --preset quick` (interim, until the training pipeline takes this command over):
 * selects the compute backend, reports it, and runs the quick benchmark on it, printing the
 * table. `--preset` is validated; only `quick` exists so far.
 */
export function register(program: Command): void {
  program
    .command('run')
    .description('run the main job with a preset (for now: report the backend and benchmark it)')
    .addOption(new Option('--preset <name>', 'what to run').choices([...PRESETS]).default('quick'))
    .action(async (opts: { preset: (typeof PRESETS)[number] }) => {
      const info = await initBackend({ log: false });
      process.stdout.write(
        `backend: ${info.name} (${info.packageName} ${info.version}, ${info.threads} thread${info.threads === 1 ? '' : 's'}): ${info.reason}\n`,
      );
      switch (opts.preset) {
        case 'quick':
          await runBenchScript(['--backend', info.name, '--quick']);
          break;
        default: {
          const never: never = opts.preset;
          throw new Error(`unknown preset ${String(never)}`);
        }
      }
    });
}
