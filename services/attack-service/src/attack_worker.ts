/**
 * The attack worker thread: owns TensorFlow.js (wasm, one thread) so that the service's main
 * thread keeps serving health checks and Kafka heartbeats during evaluations that take minutes.
 * Receives `AttackJob`s (one at a time), rebuilds the classifier from the checkpoint bytes, runs
 * the attack ensemble and posts progress (at most once a second) and the report.
 */
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { robustAccuracy } from '@ada/attacks';
import { CheckpointError, loadClassifier } from '@ada/models';
import { imagesFromUint8, initBackend } from '@ada/tensor';
import type { AttackJob, WorkerMessage } from './worker_protocol.ts';

const port = parentPort;
if (port === null) throw new Error('attack_worker.ts must run in a worker thread');
const post = (m: WorkerMessage) => port.postMessage(m);

const info = await initBackend({ log: false });

port.on('message', (job: AttackJob) => {
  run(job).then(post, (error: unknown) =>
    post({
      type: 'failed',
      id: job.id,
      message: error instanceof Error ? error.message : String(error),
      field: error instanceof CheckpointError ? 'checkpoint.key' : 'params',
    }),
  );
});

post({ type: 'ready', backend: info.name });

async function run(job: AttackJob): Promise<WorkerMessage> {
  const { classifier, optimizer } = await loadClassifier(
    {
      get: async (key) => {
        const bytes = job.files[key];
        if (bytes === undefined) {
          throw new CheckpointError(`Checkpoint file '${key}' is missing`, key);
        }
        return bytes;
      },
    },
    job.checkpointKey,
  );
  if (optimizer) tf.dispose(Object.values(optimizer));
  const [n, h, w] = job.shape;
  const images = imagesFromUint8(job.images, n, h, w);
  try {
    const numClasses = classifier.numClasses;
    const bad = job.labels.findIndex((l) => l >= numClasses);
    if (bad >= 0) {
      return {
        type: 'failed',
        id: job.id,
        message: `label ${job.labels[bad]} of image ${bad} is not a class of the classifier (${numClasses} classes)`,
        field: 'params.dataset',
      };
    }
    let last = 0;
    const o = job.options;
    const report = robustAccuracy(classifier, images, job.labels, {
      norm: o.norm,
      eps: o.eps,
      attacks: o.attacks,
      seed: o.seed,
      batchSize: o.batchSize,
      settings: {
        pgd: { steps: o.iterations },
        'apgd-ce': { iterations: o.iterations },
        'apgd-t': { iterations: o.iterations, targetClasses: o.targetClasses },
        square: { queries: o.queries },
        multitargeted: { steps: o.iterations, targetClasses: o.targetClasses },
      },
      onProgress: (progress) => {
        const now = Date.now();
        if (now - last < 1000) return;
        last = now;
        post({ type: 'progress', id: job.id, progress });
      },
    });
    return { type: 'done', id: job.id, report, numClasses };
  } finally {
    images.dispose();
    classifier.dispose();
  }
}
