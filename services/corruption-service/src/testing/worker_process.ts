import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServiceProcess, type ServiceProcess } from '@ada/service-kit/testing';

/**
 * A corruption-service process (`node --import tsx src/main.ts`) for tests and benchmarks, its
 * log records parsed as they arrive (`record(msg)` finds the first of one event).
 *
 * ```ts
 * const w = startWorkerProcess({ ADA_CORRUPTION_PORT: '0', CLEAN_TOPIC: 'test.clean.1' });
 * await waitFor(() => w.record('corruption.ready') !== undefined, 'ready');
 * w.child.kill('SIGTERM'); expect(await w.exit).toBe(0);
 * ```
 */
export type WorkerProcess = ServiceProcess;

const here = dirname(fileURLToPath(import.meta.url));

export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  return startServiceProcess(join(here, '..', 'main.ts'), env);
}
