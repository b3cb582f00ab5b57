import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLogLines, type LogRecord } from '../logger.ts';

/**
 * A service process (`node --import tsx <entry>`) for tests and benchmarks, its structured log
 * (JSON lines on stderr) parsed as it arrives.
 *
 * ```ts
 * const svc = startServiceProcess('services/metrics-service/src/main.ts', { KAFKA_BROKERS: '' });
 * expect(await svc.exit).toBe(2);
 * expect(svc.record('configuration invalid')?.fields?.['variable']).toBe('KAFKA_BROKERS');
 * ```
 */
export interface ServiceProcess {
  child: ChildProcess;
  /** The records logged so far. */
  records: LogRecord[];
  /** Resolves with the exit code (null when killed by a signal). */
  exit: Promise<number | null>;
  /** Everything it wrote (stdout and stderr), for failure messages. */
  output(): string;
  /** The first record with this `msg` (and matching `where`), if logged yet. */
  record(msg: string, where?: (record: LogRecord) => boolean): LogRecord | undefined;
}

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root: the child runs there, so `tsx` resolves from the root workspace. */
export const REPO_ROOT = resolve(here, '../../../..');

export function startServiceProcess(
  entry: string,
  env: Record<string, string | undefined>,
  options: { inheritEnv?: boolean } = {},
): ServiceProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', isAbsolute(entry) ? entry : resolve(REPO_ROOT, entry)],
    {
      cwd: REPO_ROOT,
      // An `undefined` value unsets an inherited variable.
      env: Object.fromEntries(
        Object.entries({ ...(options.inheritEnv === false ? {} : process.env), ...env }).filter(
          ([, value]) => value !== undefined,
        ),
      ),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const records: LogRecord[] = [];
  let output = '';
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output += text;
    pending += text;
    const end = pending.lastIndexOf('\n');
    if (end < 0) return;
    records.push(...parseLogLines(pending.slice(0, end)));
    pending = pending.slice(end + 1);
  });
  const exit = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
  return {
    child,
    records,
    exit,
    output: () => output,
    record: (msg, where) => records.find((r) => r.msg === msg && (where?.(r) ?? true)),
  };
}
