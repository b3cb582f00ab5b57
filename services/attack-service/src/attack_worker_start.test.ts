import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startWorkerThread } from './attack_worker_client.ts';

/** Compiled (dist/attack-service/main.js, the images) the client starts attack_worker.js beside it. */
describe('startWorkerThread', () => {
  it('starts the compiled attack_worker.js next to a compiled main.js', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ada-attack-dist-'));
    const level = process.env['TF_CPP_MIN_LOG_LEVEL'];
    delete process.env['TF_CPP_MIN_LOG_LEVEL'];
    try {
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
      writeFileSync(
        join(dir, 'attack_worker.js'),
        "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ type: 'ready', backend: 'compiled', tfLogLevel: process.env.TF_CPP_MIN_LOG_LEVEL });\n",
      );
      const w = startWorkerThread(pathToFileURL(join(dir, 'main.js')).href);
      const message = await new Promise((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
      });
      await w.terminate();
      // The thread starts with TensorFlow's INFO lines off (a quiet start on the native backend).
      expect(message).toEqual({ type: 'ready', backend: 'compiled', tfLogLevel: '2' });
    } finally {
      if (level === undefined) delete process.env['TF_CPP_MIN_LOG_LEVEL'];
      else process.env['TF_CPP_MIN_LOG_LEVEL'] = level;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
