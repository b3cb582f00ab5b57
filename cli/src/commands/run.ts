import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { initBackend } from '@ada/tensor';
import {
  PRESET_NAMES,
  presetConfig,
  renderReport,
  runExperiment,
  parseSetup,
  type ExperimentConfig,
} from '@ada/training';
import { createProgress } from '../util/progress.ts';
import { embeddedDeps } from '../embedded.ts';

interface RunOptions {
  preset: string;
  setups?: string;
  seeds?: string;
  epochs?: string;
  trainSize?: string;
  testSize?: string;
  model?: string;
  dataDir?: string;
  out?: string;
  resume?: boolean;
  json?: boolean;
}

function parseIntList(text: string, flag: string): number[] {
  const out = text.split(',').map((s) => s.trim());
  return out.map((s) => {
    if (!/^\d+$/.test(s))
      throw new Error(
        `${flag} must be a comma-separated list of non-negative integers, got '${text}'`,
      );
    return Number(s);
  });
}

function parsePositive(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) <= 0)
    throw new Error(`${flag} must be a positive integer, got '${text}'`);
  return Number(text);
}

/** The preset with the command line's overrides applied (each one validated). */
export function resolveRunConfig(opts: RunOptions): ExperimentConfig {
  if (!(PRESET_NAMES as readonly string[]).includes(opts.preset)) {
    throw new Error(`--preset must be one of ${PRESET_NAMES.join(', ')}, got '${opts.preset}'`);
  }
  const config = presetConfig(opts.preset);
  if (opts.setups) config.setups = opts.setups.split(',').map((s) => parseSetup(s).name);
  if (opts.seeds) config.seeds = parseIntList(opts.seeds, '--seeds');
  if (opts.epochs) config.train.epochs = parsePositive(opts.epochs, '--epochs');
  if (opts.trainSize) config.data.trainSize = parsePositive(opts.trainSize, '--train-size');
  if (opts.testSize) {
    config.data.testSize = parsePositive(opts.testSize, '--test-size');
    config.eval.benchmarkSize = Math.min(config.eval.benchmarkSize, config.data.testSize);
    config.eval.historySize = Math.min(config.eval.historySize, config.data.testSize);
  }
  if (opts.model) config.model = opts.model;
  const overridden = ['setups', 'seeds', 'epochs', 'trainSize', 'testSize', 'model'].filter(
    (k) => opts[k as keyof RunOptions] !== undefined,
  );
  if (overridden.length > 0)
    config.deviations = [...config.deviations, `command-line overrides: ${overridden.join(', ')}`];
  return config;
}

/**
 * `ada run [--preset quick|cpu-full|paper] [...]`: trains every setup of the preset (nominal,
 * AdA, ...) and evaluates it on the clean test set and the corruption benchmark, in this process
 * (embedded mode: filesystem store under `--out`, no broker). Prints the paper-style tables and
 * writes `results.json`, `results.md` and figures under `--out`.
 */
export function register(program: Command): void {
  program
    .command('run')
    .description(
      'train and evaluate the setups of a preset (embedded mode) and print the result tables',
    )
    .option('--preset <name>', `one of ${PRESET_NAMES.join(', ')}`, 'quick')
    .option(
      '--setups <list>',
      "comma-separated setups, e.g. 'nominal,ada,ada+augmix' (default: the preset's)",
    )
    .option('--seeds <list>', "comma-separated seeds (default: the preset's)")
    .option('--epochs <n>', 'training epochs per setup')
    .option('--train-size <n>', 'training images')
    .option('--test-size <n>', 'test images')
    .option('--model <name>', 'classifier preset, e.g. resnet18-w0.25')
    .option(
      '--data-dir <dir>',
      'folder with the CIFAR-10 binary batches (default: the synthetic demo dataset)',
    )
    .option(
      '--out <dir>',
      'where results, checkpoints and figures go (default: .ada/runs/<preset>)',
    )
    .option('--resume', 'continue interrupted runs from their checkpoints and reuse finished ones')
    .option('--json', 'print the results as JSON instead of tables')
    .action(async (opts: RunOptions) => {
      const config = resolveRunConfig(opts);
      const runDir = resolve(opts.out ?? join('.ada', 'runs', config.preset));
      const progress = createProgress();
      const info = await initBackend({ log: (line) => progress.log(line) });
      progress.log(
        `ada run: preset ${config.preset}, setups ${config.setups.join(', ')}, seeds ${config.seeds.join(', ')}, backend ${info.name}; output ${runDir}`,
      );
      const controller = new AbortController();
      let interrupts = 0;
      const onSigint = (): void => {
        interrupts++;
        if (interrupts === 1) {
          progress.log(
            'interrupt: stopping after this step and writing a checkpoint (Ctrl-C again to quit at once)',
          );
          controller.abort();
        } else {
          process.exit(130);
        }
      };
      process.on('SIGINT', onSigint);
      try {
        const result = await runExperiment(config, embeddedDeps(), {
          runDir,
          ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
          log: (message, fields) => progress.log(message, fields),
          progress: (u) => progress.update(u),
          signal: controller.signal,
          resume: opts.resume === true,
        });
        progress.done();
        const report = renderReport(result);
        await writeFile(join(runDir, 'results.md'), report);
        if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else
          process.stdout.write(
            `\n${report}\nWritten to ${runDir} (results.json, results.md, figures per run).\n`,
          );
        if (result.runs.some((r) => r.status === 'cancelled')) {
          process.stdout.write(`Interrupted: continue with the same command plus --resume.\n`);
          process.exitCode = 130;
        }
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
