import type { Command } from 'commander';

/**
 * Every `ada` sub-command, in the order `ada --help` lists them. Each module exports one
 * `register(program)` function; add new commands here rather than through side-effect imports.
 */
export type CommandModule = { register(program: Command): void };

export const commandModules: ReadonlyArray<() => Promise<CommandModule>> = [
  () => import('./ssim.ts'),
  () => import('./ssim_hist.ts'),
  () => import('./examples.ts'),
  () => import('./calibrate.ts'),
  () => import('./data.ts'),
  () => import('./corrupt.ts'),
  () => import('./make_benchmark.ts'),
  () => import('./info.ts'),
  () => import('./bench.ts'),
  () => import('./run.ts'),
  () => import('./attack.ts'),
  () => import('./serve.ts'),
];
