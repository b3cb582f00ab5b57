import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@ada/tensor';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const backend = await initBackend({ log: false });

/**
 * On the native backend, a process whose TensorFlow library only a worker thread loaded crashes
 * when it exits (SIGSEGV, exit 139); the client loads the backend in its own thread first, so
 * the process ends as it asked. Only the native backend can crash this way (skipped without it).
 */
describe.skipIf(backend.name !== 'tensorflow')(
  `attack worker thread on the native backend${backend.name === 'tensorflow' ? '' : ' (skipped: not installed; npm run setup:native)'}`,
  () => {
    it('a process that started and stopped the worker thread exits 0, not by a signal', () => {
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(here, 'testing', 'worker_exit.ts')],
        { cwd: resolve(here, '../../..'), encoding: 'utf8', timeout: 120_000 },
      );
      expect({ status: child.status, signal: child.signal }, child.stderr).toEqual({
        status: 0,
        signal: null,
      });
    });
  },
);
