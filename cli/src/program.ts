import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { commandModules } from './commands/index.ts';

/** Builds the `ada` program with every registered sub-command. */
export async function buildProgram(): Promise<Command> {
  const program = new Command('ada')
    .description('AdversarialAugment: train and evaluate corruption-robust image classifiers')
    .version(cliVersion(), '-V, --version', 'print the version of ada and exit')
    // One line for a bad flag, and where the options are listed (the full help buried it).
    .showHelpAfterError('(ada <command> --help lists the options)')
    .exitOverride();
  for (const load of commandModules) (await load()).register(program);
  return program;
}

/** The version of the `ada` command: `@ada/cli`'s package version. */
export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}
