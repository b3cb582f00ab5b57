import { Command } from 'commander';
import { commandModules } from './commands/index.ts';

/** Builds the `ada` program with every registered sub-command. */
export async function buildProgram(): Promise<Command> {
  const program = new Command('ada')
    .description('AdversarialAugment: train and evaluate corruption-robust image classifiers')
    .showHelpAfterError()
    .exitOverride();
  for (const load of commandModules) (await load()).register(program);
  return program;
}
