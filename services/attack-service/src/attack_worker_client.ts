import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EnsembleProgress, RobustAccuracyReport } from '@ada/attacks';
import { EvalRequestError } from '@ada/eval-requests';
import type { AttackJob, WorkerMessage } from './worker_protocol.ts';
import { AdaError } from '@ada/errors';
import { initBackend } from '@ada/tensor';
import { silentLogger, type Logger } from '@ada/service-kit';

/** The worker thread died or could not start: retriable (the bus retries the request). */
export class AttackWorkerError extends AdaError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'WORKER_FAILED', retriable: true, ...options });
  }
}

/**
 * The main thread's handle on the attack worker thread (`attack_worker.ts`, through tsx from
 * source, `attack_worker.js` when compiled): starts it on first use, runs one job at a time, and starts a fresh thread after a crash
 * (the job in flight then fails with a retriable `AttackWorkerError`).
 *
 * ```ts
 * const worker = new AttackWorkerClient();
 * const { report } = await worker.run(job, (p) => log(p));
 * await worker.close();
 * ```
 */
export class AttackWorkerClient {
  private worker: Worker | undefined;
  private ready: Promise<Worker> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;

  constructor(private readonly log: Logger = silentLogger()) {}

  /** Starts the thread now (otherwise the first job does). */
  async start(): Promise<void> {
    await this.thread();
  }

  /** Runs `job` (its id is assigned here) after the jobs before it. */
  run(
    job: Omit<AttackJob, 'id'>,
    onProgress?: (p: EnsembleProgress) => void,
  ): Promise<{ report: RobustAccuracyReport; numClasses: number }> {
    const result = this.queue.then(() => this.runNow({ ...job, id: this.nextId++ }, onProgress));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (w) await w.terminate();
  }

  private thread(): Promise<Worker> {
    // The calling thread loads the same backend first: with the native one, a process whose only
    // TensorFlow library was loaded by a worker thread crashes (SIGSEGV) when it exits, so a
    // graceful SIGTERM would end with 139 instead of 0.
    this.ready ??= initBackend({ log: false }).then(() => this.spawn());
    return this.ready;
  }

  private spawn(): Promise<Worker> {
    return new Promise<Worker>((resolve, reject) => {
      const w = startWorkerThread(import.meta.url);
      const onReady = (m: WorkerMessage) => {
        if (m.type !== 'ready') return;
        w.off('message', onReady);
        this.log.info('attack.worker_ready', { backend: m.backend });
        this.worker = w;
        resolve(w);
      };
      w.on('message', onReady);
      w.once('error', (e) =>
        reject(new AttackWorkerError(`attack worker failed to start: ${e.message}`)),
      );
      w.once('exit', (code) => {
        if (this.worker === w || this.worker === undefined) {
          this.worker = undefined;
          this.ready = undefined;
        }
        reject(new AttackWorkerError(`attack worker exited with code ${code} before it was ready`));
      });
    });
  }

  private async runNow(
    job: AttackJob,
    onProgress?: (p: EnsembleProgress) => void,
  ): Promise<{ report: RobustAccuracyReport; numClasses: number }> {
    const w = await this.thread();
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        w.off('message', onMessage);
        w.off('exit', onExit);
        w.off('error', onError);
      };
      const onMessage = (m: WorkerMessage) => {
        if (m.type === 'ready' || m.id !== job.id) return;
        if (m.type === 'progress') {
          onProgress?.(m.progress);
          return;
        }
        cleanup();
        if (m.type === 'done') resolve({ report: m.report, numClasses: m.numClasses });
        else reject(new EvalRequestError(m.message, m.field));
      };
      const onError = (e: Error) => {
        cleanup();
        reject(new AttackWorkerError(`attack worker crashed during job ${job.id}: ${e.message}`));
      };
      const onExit = (code: number) => {
        cleanup();
        reject(
          new AttackWorkerError(`attack worker exited with code ${code} during job ${job.id}`),
        );
      };
      w.on('message', onMessage);
      w.once('error', onError);
      w.once('exit', onExit);
      // Own copies: store reads may be views into pooled buffers, which must not be detached.
      const images = new Uint8Array(job.images);
      const files = Object.fromEntries(
        Object.entries(job.files).map(([k, v]) => [k, new Uint8Array(v)]),
      );
      w.postMessage({ ...job, images, files }, [
        images.buffer,
        ...Object.values(files).map((b) => b.buffer),
      ]);
    });
  }
}

/**
 * Starts the worker thread beside the module at `moduleUrl`: compiled (`dist/attack-service/main.js`,
 * the container images) it runs the compiled `attack_worker.js` next to it; from source it loads
 * `attack_worker.ts` through tsx's ESM register API (require.resolve picks its CommonJS twin).
 */
export function startWorkerThread(moduleUrl: string): Worker {
  // The native TensorFlow library reads the process's environment, which a worker's
  // `process.env` (a copy) cannot change: keep its INFO lines (the CPU-feature banner) off
  // stderr from here, as `initBackend` does in a main thread, unless the user set a level.
  process.env['TF_CPP_MIN_LOG_LEVEL'] ??= '2';
  if (moduleUrl.endsWith('.js')) return new Worker(new URL('./attack_worker.js', moduleUrl));
  const tsx = pathToFileURL(
    createRequire(moduleUrl)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const entry = new URL('./attack_worker.ts', moduleUrl).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true },
  );
}
