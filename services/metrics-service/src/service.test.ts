import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { silentLogger } from '@ada/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessBus, publishEvents, subscribeEvents } from '@ada/bus';
import {
  evalRequestsV1,
  evalResultsV1,
  type EvalRequestV1,
  type EvalResultV1,
} from '@ada/contracts';
import { datasetToNpy, makeDemoDataset, sliceDataset } from '@ada/data';
import { COMMON_CORRUPTIONS } from '@ada/corruptions';
import { createClassifier, saveClassifier } from '@ada/models';
import { FsArtifactStore } from '@ada/store';
import { initBackend } from '@ada/tensor';
import {
  evaluateAccuracy,
  evaluateCorruptionBenchmark,
  generateCorruptionBenchmark,
} from '@ada/training';
import { createMetricsService, type MetricsService } from './service.ts';
import { loadConfig } from './config.ts';

// The metrics service on the in-process bus and a filesystem store, against a random
// resnet18-w0.125 checkpoint (accuracies are near chance; the test checks the plumbing and
// that the numbers are the evaluate functions' own).
const dir = mkdtempSync(join(tmpdir(), 'metrics-service-'));
const store = new FsArtifactStore({ root: dir });
const bus = new InProcessBus();
const replies: EvalResultV1[] = [];
let metrics: MetricsService;
const CKPT = 'runs/m1/ckpt/7/manifest.json';

beforeAll(async () => {
  await initBackend({ log: false });
  const model = createClassifier('resnet18-w0.125', { numClasses: 10, seed: 5 });
  const sink = { put: async (k: string, b: Uint8Array) => void (await store.put(k, b)) };
  await saveClassifier(sink, 'runs/m1/ckpt/7', model, { step: 7 });
  model.dispose();
  metrics = createMetricsService({ bus, store, log: silentLogger() });
  await metrics.start();
  await subscribeEvents(bus, {
    contract: evalResultsV1,
    groupId: 'test-replies',
    handler: async (r) => void replies.push(r),
  });
});

afterAll(async () => {
  await metrics.drain();
  await bus.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
const request = (
  kind: EvalRequestV1['kind'],
  params: EvalRequestV1['params'],
  checkpoint = CKPT,
): EvalRequestV1 => ({
  requestId: `req-${++n}`,
  runId: 'm1',
  at: new Date().toISOString(),
  kind,
  checkpoint: { key: checkpoint, step: 7 },
  params,
});

async function ask(req: EvalRequestV1): Promise<EvalResultV1> {
  await publishEvents(bus, evalRequestsV1, [req]);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const got = replies.filter((r) => r.requestId === req.requestId);
    if (got.length > 0) return got.at(-1)!;
    if (Date.now() > deadline) throw new Error(`no reply to ${req.requestId}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const text = async (key: string) => new TextDecoder().decode(await store.get(key));

describe('metrics service (in-process bus, resnet18-w0.125 checkpoint at step 7)', () => {
  it('clean: accuracy on 32 demo test images equals evaluateAccuracy, table stored, no tensor leaked', async () => {
    const before = tf.memory().numTensors;
    const reply = await ask(request('clean', { testSize: 32, label: 'nominal' }));
    expect(tf.memory().numTensors).toBe(before);
    expect(reply.status).toBe('ok');
    const ok = reply as Extract<EvalResultV1, { status: 'ok' }>;
    const model = createClassifier('resnet18-w0.125', { numClasses: 10, seed: 5 });
    const expected = await evaluateAccuracy(
      model,
      makeDemoDataset({ split: 'test', size: 32, seed: 0 }),
    );
    model.dispose();
    expect(ok.metrics['accuracy']).toBe(expected);
    expect(ok.table).toEqual({
      columns: ['clean'],
      rows: [{ label: 'nominal', values: [expected] }],
    });
    expect(ok.tableKey).toBe(`evals/${reply.requestId}/table.json`);
    expect(JSON.parse(await text(ok.tableKey!))).toEqual(ok.table);
    expect(await text(`evals/${reply.requestId}/table.md`)).toContain(
      `| nominal | ${(100 * expected).toFixed(2)} |`,
    );
  });

  it('answers a repeated request id from the stored reply without evaluating again', async () => {
    const req = request('clean', { testSize: 8 });
    const first = await ask(req);
    const evaluated = metrics.stats().evaluated;
    replies.length = 0;
    const again = await ask({ ...req, at: new Date().toISOString() });
    expect(again).toEqual(first);
    expect(metrics.stats().evaluated).toBe(evaluated);
    expect(metrics.stats().replayed).toBe(1);
  });

  it('corruption-benchmark on 4 images: mCE over the 15 corruptions, per-corruption errors, Markdown tables', async () => {
    const reply = await ask(request('corruption-benchmark', { testSize: 8, benchmarkSize: 4 }));
    expect(reply.status).toBe('ok');
    const ok = reply as Extract<EvalResultV1, { status: 'ok' }>;
    expect(ok.table?.columns).toHaveLength(17);
    const values = ok.table!.rows[0]!.values as number[];
    expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);
    const perCorruption = values.slice(2);
    // Each error is a mean over 5 severities of 4 images: a multiple of 1/20.
    for (const e of perCorruption) expect(Math.abs(e * 20 - Math.round(e * 20))).toBeLessThan(1e-9);
    expect(ok.metrics['mce']).toBeCloseTo(perCorruption.reduce((s, v) => s + v, 0) / 15, 12);
    // The same numbers as one generateCorruptionBenchmark + evaluateCorruptionBenchmark call
    // (the service generates the sets one at a time).
    const model = createClassifier('resnet18-w0.125', { numClasses: 10, seed: 5 });
    const test = makeDemoDataset({ split: 'test', size: 8, seed: 0 });
    const bench = generateCorruptionBenchmark(sliceDataset(test, 0, 4), COMMON_CORRUPTIONS);
    const errs = await evaluateCorruptionBenchmark(model, bench);
    model.dispose();
    const expected = COMMON_CORRUPTIONS.map(
      (name) => errs[name]!.reduce((s, e) => s + e.error, 0) / 5,
    );
    expect(perCorruption).toEqual(expected);
    expect(ok.metrics['benchmarkImages']).toBe(4);
    const md = await text(`evals/${reply.requestId}/table.md`);
    expect(md).toMatch(/\| Setup \| Clean \| mCE \|/);
    expect(md).toMatch(/\| Setup \| Gaussian Noise \| Shot Noise \|/);
  });

  it('ssim: mean SSIM per corruption and severity, within [-1, 1], lower at severity 5', async () => {
    const reply = await ask(request('ssim', { testSize: 4, benchmarkSize: 4 }));
    const ok = reply as Extract<EvalResultV1, { status: 'ok' }>;
    expect(ok.status).toBe('ok');
    expect(ok.table?.rows).toHaveLength(15);
    const all = ok.table!.rows.flatMap((r) => r.values as number[]);
    expect(all.every((v) => v >= -1 && v <= 1)).toBe(true);
    // Severity 5 of Gaussian noise destroys more structure than severity 1.
    const gauss = ok.table!.rows.find((r) => r.label === 'gaussian_noise')!.values as number[];
    expect(gauss[4]!).toBeLessThan(gauss[0]!);
  });

  it('cifar10.1: a failed reply naming the missing files, then the accuracy once they are in the store', async () => {
    const missing = await ask(request('cifar10.1', {}));
    expect(missing).toMatchObject({
      status: 'failed',
      error: expect.stringContaining(
        "expected 'datasets/cifar10.1/cifar10.1_v6_data.npy' and 'datasets/cifar10.1/cifar10.1_v6_labels.npy'",
      ),
    });
    const ds = makeDemoDataset({ split: 'test', size: 16, seed: 3 });
    const npy = datasetToNpy(ds);
    await store.put('sets/c101/cifar10.1_v6_data.npy', npy.images);
    await store.put('sets/c101/cifar10.1_v6_labels.npy', npy.labels);
    const reply = await ask(request('cifar10.1', { prefix: 'sets/c101' }));
    expect(reply).toMatchObject({ status: 'ok', metrics: { images: 16 } });
  });

  it('fails clearly on a missing checkpoint and on bad params; ignores lp-robustness', async () => {
    expect(await ask(request('clean', {}, 'runs/nope/ckpt/1/manifest.json'))).toMatchObject({
      status: 'failed',
      error:
        "checkpoint 'runs/nope/ckpt/1/manifest.json' is not in the store (missing 'runs/nope/ckpt/1/manifest.json'; expected a published <folder>/manifest.json)",
    });
    expect(await ask(request('clean', { testSize: -3 }))).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^clean: 'params.testSize': /),
    });
    expect(await ask(request('corruption-benchmark', { dataset: 'no/such/shards' }))).toMatchObject(
      {
        status: 'failed',
        error: expect.stringContaining("params.dataset 'no/such/shards': no shard set"),
      },
    );
    const ignored = metrics.stats().ignored;
    await expect(metrics.handle(request('lp-robustness', {}))).resolves.toBeUndefined();
    expect(metrics.stats().ignored).toBe(ignored + 1);
  });

  it('reads its configuration once, naming a bad variable', () => {
    const kafka = { KAFKA_BROKERS: '127.0.0.1:19092' };
    expect(loadConfig(kafka)).toMatchObject({
      brokers: ['127.0.0.1:19092'],
      port: 8083,
      groupId: 'metrics-service',
      workers: 4,
    });
    expect(() => loadConfig({})).toThrow(
      /^KAFKA_BROKERS must be a comma-separated list of host:port/,
    );
    expect(() => loadConfig({ ...kafka, ADA_WORKERS: '0' })).toThrow(
      /ADA_WORKERS must be an integer in \[1, 1024\], got '0'/,
    );
  });
});
