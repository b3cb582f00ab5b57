import { makeDemoDataset } from '@ada/data';
import { createClassifier, saveClassifier } from '@ada/models';
import { initBackend } from '@ada/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttackWorkerClient, AttackWorkerError } from './attack_worker_client.ts';
import { EvalRequestError } from '@ada/eval-requests';
import type { AttackJob } from './worker_protocol.ts';

/** The worker thread on its own: jobs, failures naming the field, and recovery after a crash. */
let files: Record<string, Uint8Array>;
const client = new AttackWorkerClient();

function job(overrides: Partial<Omit<AttackJob, 'id'>> = {}): Omit<AttackJob, 'id'> {
  const ds = makeDemoDataset({ split: 'test', size: 4, seed: 1 });
  return {
    checkpointKey: 'c',
    files,
    images: ds.images,
    shape: ds.shape,
    labels: Array.from(ds.labels),
    options: {
      norm: 'linf',
      eps: 0.01,
      attacks: ['apgd-ce'],
      seed: 0,
      batchSize: 4,
      iterations: 30,
      targetClasses: 2,
      queries: 10,
    },
    ...overrides,
  };
}

beforeAll(async () => {
  await initBackend({ log: false });
  files = {};
  const net = createClassifier('resnet18-w0.125', { seed: 2 });
  await saveClassifier({ put: async (k, b) => void (files[k] = b) }, 'c', net, { step: 1 });
  net.dispose();
});

afterAll(async () => {
  await client.close();
});

describe('AttackWorkerClient', () => {
  it('runs a job in the worker thread and returns the report', async () => {
    const { report, numClasses } = await client.run(job());
    expect(numClasses).toBe(10);
    expect(report.examples).toBe(4);
    expect(report.perAttack.map((a) => a.attack)).toEqual(['apgd-ce']);
    expect(report.robustAccuracy).toBeLessThanOrEqual(report.cleanAccuracy);
  });

  it('a broken checkpoint or an out-of-range label fails the job naming the field', async () => {
    const missing = { 'c/manifest.json': files['c/manifest.json']! };
    await expect(client.run(job({ files: missing }))).rejects.toMatchObject({
      name: 'EvalRequestError',
      field: 'checkpoint.key',
    });
    await expect(client.run(job({ labels: [0, 1, 2, 10] }))).rejects.toThrow(EvalRequestError);
    await expect(client.run(job({ labels: [0, 1, 2, 10] }))).rejects.toMatchObject({
      field: 'params.dataset',
    });
  });

  it('a thread that dies mid-job fails it as retriable, and the next job gets a fresh thread', async () => {
    const running = client.run(job({ options: { ...job().options, iterations: 500, eps: 0 } }));
    await new Promise((r) => setTimeout(r, 1500));
    await client.close();
    const error = await running.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AttackWorkerError);
    expect((error as AttackWorkerError).retriable).toBe(true);
    const { report } = await client.run(job());
    expect(report.examples).toBe(4);
  });
});
