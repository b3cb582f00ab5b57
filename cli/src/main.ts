import { CommanderError } from 'commander';
import { buildProgram } from './program.ts';
import { describeFsError, isFsError } from './util/cli_files.ts';

async function main(argv: string[]): Promise<number> {
  const program = await buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    process.stderr.write(`ada: ${errorLine(err)}\n`);
    if (process.env.ADA_DEBUG && err instanceof Error && err.stack) {
      process.stderr.write(`${err.stack}\n`);
    }
    return 1;
  }
}

/**
 * One line for the user: the message, a file-system error in words with its path (an errno such
 * as EISDIR alone names no file), never a stack trace (ADA_DEBUG=1 prints it).
 */
function errorLine(err: unknown): string {
  if (isFsError(err) && err.path !== undefined) return describeFsError(err);
  return err instanceof Error ? err.message : String(err);
}

const code = await main(process.argv.slice(2));
// A command may have set its own status (130: interrupted with a checkpoint); keep it.
if (code !== 0 || process.exitCode === undefined) process.exitCode = code;
