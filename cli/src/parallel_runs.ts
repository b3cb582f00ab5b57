import { spawn, type ChildProcess } from 'node:child_process';
import type { ProgressReporter } from './util/progress.ts';

/** One setup x seed of an experiment, run by its own `ada run --job` process. */
export interface RunJob {
  setup: string;
  seed: number;
}

export interface ParallelRunOptions {
  /** `node` and the script plus the `ada run` arguments every job shares (preset, overrides, --out). */
  command: string;
  baseArgs: string[];
  jobs: RunJob[];
  /** How many jobs run at once. */
  concurrency: number;
  progress: ProgressReporter;
  /** Aborting sends each running job one SIGINT (it checkpoints and exits) and starts no more. */
  signal?: AbortSignal;
}

export interface JobOutcome {
  job: RunJob;
  /** Exit code (130: interrupted with a checkpoint), or null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The job's last lines that were not progress records (its error, when it failed). */
  tail: string[];
}

const TAIL_LINES = 30;

/**
 * Runs the jobs as child processes, `concurrency` at a time, and relays their progress records
 * (JSON lines on stderr, `ADA_PROGRESS=json`) to `progress`. The wasm backend computes on one
 * thread per process, so separate processes are how a multi-core machine trains several runs
 * at once. Children get their own process group: a Ctrl-C reaches only this process, which then
 * forwards exactly one SIGINT to each child (two would make a child quit without a checkpoint).
 */
export async function runJobsInParallel(options: ParallelRunOptions): Promise<JobOutcome[]> {
  const { progress, signal } = options;
  const queue = [...options.jobs];
  const running = new Set<ChildProcess>();
  const outcomes: JobOutcome[] = [];
  const onAbort = (): void => {
    queue.length = 0;
    for (const child of running) child.kill('SIGINT');
  };
  // A stop signal that came before the jobs (while the backend started) starts none of them.
  if (signal?.aborted) queue.length = 0;
  signal?.addEventListener('abort', onAbort, { once: true });
  // Detached children outlive a parent that exits on a second Ctrl-C unless killed here.
  const killAll = (): void => {
    for (const child of running) child.kill('SIGKILL');
  };
  process.once('exit', killAll);

  const runOne = (job: RunJob): Promise<void> =>
    new Promise((resolve) => {
      const label = `${job.setup} s${job.seed}`;
      const child = spawn(
        options.command,
        [...options.baseArgs, '--jobs', '1', '--job', `${job.setup}:${job.seed}`],
        {
          env: { ...process.env, ADA_PROGRESS: 'json', ADA_PROGRESS_INTERVAL: '1' },
          stdio: ['ignore', 'ignore', 'pipe'],
          detached: true,
        },
      );
      running.add(child);
      const tail: string[] = [];
      let pending = '';
      const handleLine = (line: string): void => {
        if (line.trim() === '') return;
        const record = parseRecord(line);
        if (record?.event === 'progress') {
          const {
            phase,
            done,
            total,
            rate,
            unit,
            etaSeconds,
            ts: _ts,
            event: _e,
            ...rest
          } = record;
          if (typeof phase !== 'string' || typeof done !== 'number' || typeof total !== 'number')
            return;
          progress.update({
            phase,
            done,
            total,
            ...(typeof rate === 'number' ? { rate } : {}),
            ...(typeof unit === 'string' ? { unit: unit.replace(/\/s$/, '') } : {}),
            ...(typeof etaSeconds === 'number' ? { etaSeconds } : {}),
            fields: scalarFields(rest),
          });
          return;
        }
        if (record?.event === 'log' && typeof record.message === 'string') {
          const { message, ts: _ts, event: _e, ...rest } = record;
          progress.log(`[${label}] ${message}`, rest);
          return;
        }
        tail.push(line);
        if (tail.length > TAIL_LINES) tail.shift();
      };
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (chunk: string) => {
        pending += chunk;
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          handleLine(pending.slice(0, nl));
          pending = pending.slice(nl + 1);
        }
      });
      child.on('error', (err) => {
        tail.push(`could not start the job: ${err.message}`);
      });
      child.on('close', (code, sig) => {
        if (pending) handleLine(pending);
        running.delete(child);
        outcomes.push({ job, code, signal: sig, tail });
        resolve();
      });
    });

  const workers = Array.from({ length: Math.max(1, options.concurrency) }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) await runOne(job);
  });
  try {
    await Promise.all(workers);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    process.off('exit', killAll);
    killAll();
  }
  return outcomes;
}

function parseRecord(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function scalarFields(record: Record<string, unknown>): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(record)) {
    if (typeof v === 'number' || typeof v === 'string') out[k] = v;
  }
  return out;
}
