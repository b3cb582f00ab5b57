import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A corruption-service process (`node --import tsx src/main.ts`) for tests and benchmarks: its
 * stdout JSON lines are parsed into `lines`; `event(name)` finds the first line of an event.
 *
 * ```ts
 * const w = startWorkerProcess({ ADA_CORRUPTION_PORT: '0', CLEAN_TOPIC: 'test.clean.1' });
 * await waitFor(() => w.event('corruption.ready') !== undefined, 'ready');
 * w.child.kill('SIGTERM'); expect(await w.exit).toBe(0);
 * ```
 */
export interface WorkerProcess {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  exit: Promise<number | null>;
  /** What it wrote to stderr, when started with `captureStderr` (else it goes to ours). */
  stderr(): string;
  event(
    name: string,
    where?: (line: Record<string, unknown>) => boolean,
  ): Record<string, unknown> | undefined;
}

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (the child runs there, so `tsx` resolves from the root workspace). */
export const REPO_ROOT = resolve(here, '../../../..');

export function startWorkerProcess(
  env: Record<string, string>,
  options: { captureStderr?: boolean } = {},
): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, '..', 'main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', options.captureStderr === true ? 'pipe' : 'inherit'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const lines: Array<Record<string, unknown>> = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) {
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ event: 'unparsed', line });
      }
    }
  });
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    lines,
    exit,
    stderr: () => stderr,
    event: (name, where = () => true) => lines.find((l) => l['event'] === name && where(l)),
  };
}
