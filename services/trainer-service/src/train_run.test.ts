import { COMMON_CORRUPTIONS } from '@ada/corruptions';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessBus, publishEvents, subscribeEvents } from '@ada/bus';
import {
  batchesCleanV1,
  batchesCorruptedV1,
  evalRequestsV1,
  evalResultsV1,
  fromWireTensor,
  inlineTensor,
  runsV1,
  type RunEventV1,
} from '@ada/contracts';
import { loadCheckpoint } from '@ada/models';
import { RunRecordsReader, RunRecordsWriter } from '@ada/records';
import { createLogger, parseLogLines, silentLogger } from '@ada/service-kit';
import { FsArtifactStore } from '@ada/store';
import { initBackend } from '@ada/tensor';
import { parseRunSpec, resolveRun } from './run_config.ts';
import { trainRun, type RunRecord } from './train_run.ts';
import { waitFor } from '@ada/test-helpers';

// trainRun on the in-process bus with a test-local worker that applies `transform` to the clean
// bytes, and a test-local evaluator that answers every request `failed` (the metrics service is
// another project; test/embedded_services.test.ts runs the real one).
const dir = mkdtempSync(join(tmpdir(), 'train-run-'));
const store = new FsArtifactStore({ root: dir });
const bus = new InProcessBus();
const events: RunEventV1[] = [];
let transform: (bytes: Uint8Array) => Uint8Array = (b) => b;
/** A corruption-benchmark reply's metrics with every top-1 error at 0.5 (mCE 0.5). */
function halfErrors(): Record<string, number> {
  const metrics: Record<string, number> = { cleanAccuracy: 0.75, mce: 0.5 };
  for (const name of COMMON_CORRUPTIONS) {
    for (let s = 1; s <= 5; s++) metrics[`error.${name}.s${s}`] = 0.5;
  }
  return metrics;
}

/** How the test evaluator answers: refuse, never answer, or answer ok with a made-up mCE. */
let evaluator: 'fail' | 'hang' | 'ok' = 'fail';
const requested: string[] = [];
const cleanSeen: string[] = [];

beforeAll(async () => {
  await initBackend({ log: false });
  await subscribeEvents(bus, {
    contract: batchesCleanV1,
    groupId: 'test-worker',
    handler: async (b) => {
      cleanSeen.push(b.batchId);
      const bytes = await fromWireTensor(b.images, { store });
      await publishEvents(bus, batchesCorruptedV1, [
        {
          batchId: b.batchId,
          runId: b.runId,
          step: b.step,
          at: new Date().toISOString(),
          workerId: 'test-worker',
          checkpointStep: b.checkpoint.step,
          staleness: b.step - b.checkpoint.step,
          images: inlineTensor('uint8', b.images.shape, transform(bytes)),
          ssim: b.labels.map(() => 1),
          lineSearchSteps: b.labels.map(() => 0),
          lossBefore: 0,
          lossAfter: 0,
        },
      ]);
    },
  });
  await subscribeEvents(bus, {
    contract: evalRequestsV1,
    groupId: 'test-evaluator',
    handler: async (r) => {
      requested.push(r.requestId);
      if (evaluator === 'hang') return;
      const at = new Date().toISOString();
      await publishEvents(bus, evalResultsV1, [
        evaluator === 'ok'
          ? { requestId: r.requestId, at, kind: r.kind, status: 'ok', metrics: halfErrors() }
          : {
              requestId: r.requestId,
              at,
              kind: r.kind,
              status: 'failed',
              error: 'no evaluator in this test',
            },
      ]);
    },
  });
  await subscribeEvents(bus, {
    contract: runsV1,
    groupId: 'test-events',
    handler: async (e) => void events.push(e),
  });
});

afterAll(async () => {
  await bus.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (runId: string, setup: string, experimentId?: string) =>
  resolveRun(
    parseRunSpec({
      runId,
      ...(experimentId === undefined ? {} : { experimentId }),
      seed: 2,
      config: {
        preset: 'quick',
        setup,
        model: 'resnet18-w0.125',
        data: { trainSize: 32, testSize: 8 },
        train: { batchSize: 8, epochs: 1, checkpointEvery: 2 },
        ada: { steps: 1, fraction: 0.5 },
        remote: { batchTimeoutMs: 30_000 },
      },
    }),
  );

async function finalWeights(runId: string): Promise<Record<string, Float32Array | Int32Array>> {
  const ckpt = await loadCheckpoint(store, `runs/${runId}/ckpt/4`);
  const out: Record<string, Float32Array | Int32Array> = {};
  for (const [name, t] of Object.entries(ckpt.weights)) {
    out[name] = (await t.data()) as Float32Array | Int32Array;
    t.dispose();
  }
  for (const t of Object.values(ckpt.optimizer ?? {})) t.dispose();
  return out;
}

async function trainLeakFree(runId: string, setup: string) {
  const before = tf.memory().numTensors;
  const outcome = await trainRun(run(runId, setup), { bus, store, log: silentLogger() });
  expect(tf.memory().numTensors).toBe(before);
  return outcome;
}

describe('trainRun (32 demo images, batch 8, 4 steps, AdA on 4 images per batch, AugMix + JSD)', () => {
  it('with a worker that returns the clean images, ada+augmix trains exactly as augmix: the split pipeline draws what the embedded one draws', async () => {
    transform = (b) => b;
    const plain = await trainLeakFree('plain', 'augmix');
    const remote = await trainLeakFree('identity', 'ada+augmix');
    // Both reach the evaluation, which this test's evaluator refuses.
    for (const o of [plain, remote]) {
      expect(o).toMatchObject({
        status: 'failed',
        reason: 'corruption-benchmark evaluation failed: no evaluator in this test',
      });
    }
    const a = await finalWeights('plain');
    const b = await finalWeights('identity');
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const name of Object.keys(a)) expect(b[name], name).toEqual(a[name]);
    // The SSIM the workers returned (1 here) for the 4 AdA images of each of the 4 steps.
    const ssim = await new RunRecordsReader(store).getAdaSsim('identity');
    expect(ssim?.epochs.map((e) => [e.epoch, e.seen, e.sampled, e.counts.at(-1)])).toEqual([
      [1, 16, 16, 16],
    ]);
    expect(await new RunRecordsReader(store).getAdaSsim('plain')).toBeUndefined();
    const types = events.filter((e) => e.runId === 'identity').map((e) => e.type);
    expect(types).toEqual([
      'started',
      'progress',
      'progress',
      'checkpoint',
      'progress',
      'progress',
      'checkpoint',
      'failed',
    ]);
  });

  it('with a worker that inverts the images, the corrupted head is what the model trains on', async () => {
    transform = (b) => b.map((v) => 255 - v);
    await trainLeakFree('inverted', 'ada+augmix');
    const a = await finalWeights('plain');
    const c = await finalWeights('inverted');
    const differ = Object.keys(a).filter((n) => a[n]!.some((v, i) => v !== c[n]![i]));
    expect(differ.length).toBeGreaterThan(0);
  });

  it('stopped while waiting for the evaluation, the restarted run trains no step and completes from its final checkpoint', async () => {
    transform = (b) => b;
    evaluator = 'hang';
    const abort = new AbortController();
    const log = silentLogger();
    const first = trainRun(run('late', 'ada'), { bus, store, log, signal: abort.signal });
    await waitFor(() => requested.includes('late.eval.corruption-benchmark'));
    abort.abort();
    expect((await first).status).toBe('interrupted');
    const exchanged = cleanSeen.filter((id) => id.startsWith('late.')).length;
    expect(exchanged).toBe(4);
    evaluator = 'ok';
    expect((await trainRun(run('late', 'ada'), { bus, store, log })).status).toBe('completed');
    expect(cleanSeen.filter((id) => id.startsWith('late.'))).toHaveLength(exchanged);
    const record = JSON.parse(
      new TextDecoder().decode(await store.get('runs/late/result.json')),
    ) as RunRecord;
    expect(record.training).toMatchObject({ steps: 4, resumedFrom: 4 });
    expect(record.remote?.used).toEqual([]);
    const completed = events.find((e) => e.runId === 'late' && e.type === 'completed');
    // No step ran after the resume, so there is no loss to report (NaN is left out).
    expect(completed).toMatchObject({
      metrics: { cleanAccuracy: 0.75, mce: 0.5, steps: 4 },
      resultKey: 'runs/late/result.json',
    });
    expect(completed?.type === 'completed' && 'finalLoss' in completed.metrics).toBe(false);
  });

  it('a completed run logs one trainer.run_summary record: run id, setup, seed, clean accuracy, mCE, train seconds, images/s', async () => {
    transform = (b) => b;
    evaluator = 'ok';
    const lines: string[] = [];
    const log = createLogger({ service: 'trainer-service', write: (line) => lines.push(line) });
    expect((await trainRun(run('summed', 'nominal'), { bus, store, log })).status).toBe(
      'completed',
    );
    const summaries = parseLogLines(lines.join('\n')).filter(
      (r) => r.msg === 'trainer.run_summary',
    );
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({
      level: 'info',
      service: 'trainer-service',
      fields: {
        runId: 'summed',
        setup: 'nominal',
        seed: 2,
        cleanAccuracy: 0.75,
        mce: 0.5,
        steps: 4,
      },
    });
    const fields = summaries[0]!.fields!;
    expect(fields['trainSeconds']).toBeGreaterThan(0);
    expect(fields['imagesPerSecond']).toBeGreaterThan(0);
    // A failed run (here: started for a missing experiment) ends with an error record instead.
    lines.length = 0;
    const failed = await trainRun(run('unsummed', 'nominal', 'exp-absent'), { bus, store, log });
    expect(failed.status).toBe('failed');
    const records = parseLogLines(lines.join('\n'));
    expect(records.filter((r) => r.msg === 'trainer.run_summary')).toEqual([]);
    expect(records.find((r) => r.msg === 'trainer.run_failed')).toMatchObject({
      level: 'error',
      fields: { runId: 'unsummed', setup: 'nominal', seed: 2 },
    });
  });

  it('a run started for an existing experiment is recorded under it; for a missing one it fails naming it', async () => {
    transform = (b) => b;
    evaluator = 'ok';
    const writer = new RunRecordsWriter(store);
    await writer.createExperiment({
      id: 'exp-dashboard',
      name: 'from the gateway',
      source: 'gateway:test',
      config: { preset: 'quick', note: 'not the run config' },
      setups: ['nominal'],
      seeds: [0],
    });
    const log = silentLogger();
    expect(
      (await trainRun(run('joined', 'nominal', 'exp-dashboard'), { bus, store, log })).status,
    ).toBe('completed');
    const runs = await writer.reader.listRuns({ experimentId: 'exp-dashboard' });
    expect(runs.map((r) => [r.id, r.status])).toEqual([['joined', 'SUCCEEDED']]);
    // Figure 2: the quick preset measures every epoch, clean and the 15 common corruptions.
    const [epoch1, ...more] = await writer.reader.metricHistory('joined', { by: 'epoch' });
    expect(more).toEqual([]);
    expect(epoch1).toMatchObject({ epoch: 1, step: 4 });
    expect(Object.keys(epoch1!.values).sort()).toEqual(
      ['clean', 'loss', ...COMMON_CORRUPTIONS].sort(),
    );
    expect(await writer.reader.findExperiment('exp.joined')).toBeUndefined();
    expect(
      await trainRun(run('orphan', 'nominal', 'exp-missing'), { bus, store, log }),
    ).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(
        /experiment 'exp-missing' \(the run 'orphan' was started for it\) not found/,
      ) as unknown,
    });
  });
});
