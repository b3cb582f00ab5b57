import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { publishEvents, subscribeEvents } from '@ada/bus';
import {
  augmentRequestsV1,
  augmentResultsV1,
  evalRequestsV1,
  evalResultsV1,
  runCommandsV1,
  runsV1,
  type RunCommandV1,
  type RunEventV1,
} from '@ada/contracts';
import { RunRecordsWriter } from '@ada/records';
import { createLogger } from '@ada/service-kit';
import { loadGatewayConfig } from './config.ts';
import { collect, startTestGateway, type TestGateway } from './testing.ts';

// The gateway over real HTTP and WebSocket on loopback, an in-process bus and a filesystem store
// seeded through the records writer: experiment e1 (nominal and ada, seeds 0 and 1) with four
// SUCCEEDED runs, one RUNNING run with progress, metrics and checkpoints, one FAILED run.

// Test assertions walk response JSON freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

let t: TestGateway;
const commands: RunCommandV1[] = [];
const runEvents: RunEventV1[] = [];

const corruptions = (base: number) => ({
  gaussian_noise: [base, base + 0.1, base + 0.2, base + 0.3, base + 0.4],
  fog: [base / 2, base / 2, base / 2, base / 2, base / 2],
});

beforeAll(async () => {
  t = await startTestGateway();
  const writer = new RunRecordsWriter(t.store, { progressIntervalMs: 0 });
  await writer.createExperiment({
    id: 'e1',
    name: 'Quick comparison',
    source: 'test',
    config: {
      preset: 'quick',
      description: 'nominal vs ada',
      tags: [{ key: 'team', value: 'robust' }],
    },
    setups: ['nominal', 'ada'],
    seeds: [0, 1],
  });
  await writer.createExperiment({
    id: 'e2',
    name: 'Other',
    source: 'test',
    config: {},
    setups: ['ada'],
    seeds: [0],
  });
  const table: [string, string, number, number, number][] = [
    ['n0', 'nominal', 0, 0.8, 0.3],
    ['n1', 'nominal', 1, 0.7, 0.4],
    ['a0', 'ada', 0, 0.9, 0.2],
    ['a1', 'ada', 1, 0.8, 0.1],
  ];
  for (const [id, setup, seed, clean, mce] of table) {
    const run = await writer.createRun({
      id,
      experimentId: 'e1',
      setup,
      seed,
      config: { setup, seed },
      source: 'test',
    });
    await run.start();
    await run.succeed({
      table1: { clean, mce, cifar101: clean - 0.1 },
      table2: { 'linf_1/255': clean / 2, 'l2_0.5': clean / 4 },
      corruptions: corruptions(mce),
      steps: 10,
      trainSeconds: 1,
      evalSeconds: 1,
    });
  }
  const live = await writer.createRun({
    id: 'r-live',
    experimentId: 'e1',
    setup: 'ada',
    seed: 2,
    config: { lr: 0.1, train: { epochs: 3 } },
    source: 'test',
  });
  await live.start();
  await live.stepMetrics(1, 0, { loss: 2.3, lr: 0.1 });
  await live.stepMetrics(2, 0, { loss: 2.1, lr: 0.1 });
  await live.stepMetrics(3, 1, { loss: 1.9, lr: 0.09 });
  await live.epochMetrics(0, 2, { clean: 0.3 });
  await live.adaSsim({ epoch: 1, step: 2, values: [0.31, 0.33, 0.9], seen: 12, sampleLimit: 3 });
  await live.adaSsim({ epoch: 2, step: 4, values: [0.32], seen: 1, sampleLimit: 3 });
  await live.checkpoint({ step: 2, key: 'runs/r-live/ckpt/000002/manifest.json' });
  await t.store.put(
    'runs/r-live/ckpt/000002/manifest.json',
    new TextEncoder().encode('{"parts":[]}'),
  );
  await live.progress({
    phase: 'train',
    done: 3,
    total: 12,
    step: 3,
    totalSteps: 12,
    epoch: 1,
    totalEpochs: 3,
    imagesPerSecond: 50,
    etaSeconds: 9,
  });
  await live.flush();
  const failed = await writer.createRun({
    id: 'r-failed',
    experimentId: 'e2',
    setup: 'ada',
    seed: 0,
    config: {},
    source: 'test',
  });
  await failed.start();
  await failed.fail({ code: 'RUN_DIVERGED', message: 'loss is NaN at step 4', retriable: false });
  await subscribeEvents(t.bus, {
    contract: runCommandsV1,
    groupId: 'test-commands',
    handler: async (c) => void commands.push(c),
  });
  await subscribeEvents(t.bus, {
    contract: runsV1,
    groupId: 'test-runs',
    handler: async (e) => void runEvents.push(e),
  });
});

afterAll(async () => {
  await t?.close();
});

const data = (body: { data?: Record<string, unknown> | null }) => body.data as Loose;
const codes = (body: { errors?: { extensions?: { code?: string } }[] }) =>
  (body.errors ?? []).map((e) => e.extensions?.code);

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('queries over HTTP', () => {
  it('viewer: names the subject and role of the key', async () => {
    const { status, body } = await t.gql('{ viewer { subject role } }');
    expect(status).toBe(200);
    expect(data(body).viewer).toEqual({ subject: 'viewer-1', role: 'VIEWER' });
  });

  it('experiment: fields of the record, tags and description from its config', async () => {
    const { body } = await t.gql(
      '{ experiment(id: "e1") { id name description preset setups seeds tags { key value } createdAt } }',
    );
    expect(data(body).experiment).toMatchObject({
      id: 'e1',
      name: 'Quick comparison',
      description: 'nominal vs ada',
      preset: 'quick',
      setups: ['nominal', 'ada'],
      seeds: [0, 1],
      tags: [{ key: 'team', value: 'robust' }],
    });
    expect((await t.gql('{ experiment(id: "nope") { id } }')).body.data).toEqual({
      experiment: null,
    });
  });

  it('experiments: filter by name and tag, sort by name, one page of 1 then the next by cursor', async () => {
    const first = await t.gql(
      '{ experiments(orderBy: { field: NAME, direction: ASC }, first: 1) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }',
    );
    const page = data(first.body).experiments;
    expect(page).toMatchObject({
      totalCount: 2,
      nodes: [{ id: 'e2' }],
      pageInfo: { hasNextPage: true },
    });
    const next = await t.gql(
      'query($a: String) { experiments(orderBy: { field: NAME, direction: ASC }, first: 1, after: $a) { nodes { id } pageInfo { hasNextPage } } }',
      { a: page.pageInfo.endCursor },
    );
    expect(data(next.body).experiments).toEqual({
      nodes: [{ id: 'e1' }],
      pageInfo: { hasNextPage: false },
    });
    const tagged = await t.gql(
      '{ experiments(filter: { tag: { key: "team" }, nameContains: "quick" }) { nodes { id } } }',
    );
    expect(data(tagged.body).experiments.nodes).toEqual([{ id: 'e1' }]);
  });

  it('runs: filter by experiment and status, sort by a result metric, pages of 2 without overlap', async () => {
    const q =
      'query($after: String) { runs(filter: { experimentId: "e1", status: [SUCCEEDED] }, orderBy: { field: METRIC, metric: "mce", direction: ASC }, first: 2, after: $after) { totalCount edges { cursor node { id status } } pageInfo { hasNextPage endCursor } } }';
    const one = data((await t.gql(q)).body).runs;
    expect(one.totalCount).toBe(4);
    expect(one.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['a1', 'a0']);
    const two = data((await t.gql(q, { after: one.pageInfo.endCursor })).body).runs;
    expect(two.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['n0', 'n1']);
    expect(two.pageInfo.hasNextPage).toBe(false);
    const bySetup = await t.gql(
      '{ runs(filter: { experimentId: "e1", setup: ["ada"], seed: [0, 2] }, orderBy: { field: SEED, direction: ASC }) { nodes { id } } }',
    );
    expect(data(bySetup.body).runs.nodes, JSON.stringify(bySetup.body)).toEqual([
      { id: 'a0' },
      { id: 'r-live' },
    ]);
  });

  it('run: status, params, progress, metrics, history, checkpoints and artifacts of a running run', async () => {
    const { body } = await t.gql(`{ run(id: "r-live") {
      id status setup seed experimentId experiment { name } configHash params { key value } source
      progress { phase done total fraction step totalSteps epoch totalEpochs imagesPerSecond etaSeconds }
      metrics { key value step } metricKeys
      loss: metricHistory(key: "loss", first: 2) { key hasMore points { step epoch value } }
      more: metricHistory(key: "loss", afterStep: 2) { hasMore points { step value } }
      clean: metricHistory(key: "clean", by: EPOCH) { points { epoch value } }
      checkpoints { step key artifact { kind size sha256 } }
      artifacts(kind: CHECKPOINT) { key kind url(expiresInSeconds: 60) { url expiresAt } }
      error { code } } }`);
    const run = data(body).run;
    expect(body.errors).toBeUndefined();
    expect(run).toMatchObject({
      id: 'r-live',
      status: 'RUNNING',
      experimentId: 'e1',
      experiment: { name: 'Quick comparison' },
      params: [
        { key: 'lr', value: '0.1' },
        { key: 'train.epochs', value: '3' },
      ],
      progress: {
        phase: 'train',
        done: 3,
        total: 12,
        fraction: 0.25,
        step: 3,
        epoch: 1,
        totalEpochs: 3,
        imagesPerSecond: 50,
        etaSeconds: 9,
      },
      metricKeys: ['clean', 'loss', 'lr'],
      loss: {
        key: 'loss',
        hasMore: true,
        points: [
          { step: 1, epoch: 0, value: 2.3 },
          { step: 2, epoch: 0, value: 2.1 },
        ],
      },
      more: { hasMore: false, points: [{ step: 3, value: 1.9 }] },
      clean: { points: [{ epoch: 0, value: 0.3 }] },
      checkpoints: [
        {
          step: 2,
          key: 'runs/r-live/ckpt/000002/manifest.json',
          artifact: { kind: 'CHECKPOINT', size: 12 },
        },
      ],
      error: null,
    });
    expect(run.configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.metrics).toContainEqual({ key: 'loss', value: 1.9, step: 3 });
    // The signed link downloads the object while it is valid; a changed signature is refused.
    const link = run.artifacts[0].url.url as string;
    const ok = await fetch(link);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('{"parts":[]}');
    const forged = await fetch(link.replace(/sig=[0-9a-f]{64}/, `sig=${'0'.repeat(64)}`));
    expect(forged.status).toBe(403);
  });

  it('run: a FAILED run carries its error; an unknown id is null', async () => {
    const { body } = await t.gql(
      '{ failed: run(id: "r-failed") { status error { code message retriable } finishedAt } none: run(id: "x") { id } }',
    );
    expect(data(body)).toMatchObject({
      failed: {
        status: 'FAILED',
        error: { code: 'RUN_DIVERGED', message: 'loss is NaN at step 4', retriable: false },
      },
      none: null,
    });
    expect(data(body).failed.finishedAt).toEqual(expect.any(String));
  });

  it('resultTable: Table 1 and 2 by setup, mean and population sd over seeds, per corruption and severity', async () => {
    const { body } = await t.gql(`{ resultTable(experimentId: "e1") { groupBy runIds
      table1 { label setup seeds runIds clean { mean sd n } mce { mean sd n } cifar101 { mean }
        perCorruption { corruption error { mean n } severities { mean } } perSeverity { severity error { mean sd } } }
      table2 { label robust { threat norm epsilon epsilonLabel accuracy { mean sd n } } } } }`);
    expect(body.errors).toBeUndefined();
    const table = data(body).resultTable;
    expect(table.table1.map((r: { label: string }) => r.label)).toEqual(['nominal', 'ada']);
    const ada = table.table1[1];
    expect(ada).toMatchObject({ setup: 'ada', seeds: [0, 1], runIds: ['a0', 'a1'] });
    expect(ada.clean.mean).toBeCloseTo(0.85, 12);
    expect(ada.clean.sd).toBeCloseTo(0.05, 12);
    expect(ada.mce).toMatchObject({ n: 2 });
    expect(ada.mce.mean).toBeCloseTo(0.15, 12);
    expect(ada.cifar101.mean).toBeCloseTo(0.75, 12);
    const gaussian = ada.perCorruption.find(
      (c: { corruption: string }) => c.corruption === 'gaussian_noise',
    );
    expect(gaussian.error.mean).toBeCloseTo(0.35, 12); // mean over severities (0.15 + 0.2 + ... ) of both seeds
    expect(gaussian.severities[4].mean).toBeCloseTo(0.55, 12);
    // Severity 1: seed 0 mean(0.2, 0.1) = 0.15, seed 1 mean(0.1, 0.05) = 0.075.
    expect(ada.perSeverity[0].severity).toBe(1);
    expect(ada.perSeverity[0].error.mean).toBeCloseTo(0.1125, 12);
    expect(ada.perSeverity[0].error.sd).toBeCloseTo(0.0375, 12);
    const robust = table.table2[1].robust;
    expect(robust.map((r: { threat: string }) => r.threat)).toEqual(['l2_0.5', 'linf_1/255']);
    expect(robust[1]).toMatchObject({ norm: 'LINF', epsilonLabel: '1/255', accuracy: { n: 2 } });
    expect(robust[1].epsilon).toBeCloseTo(1 / 255, 12);
  });

  it('compareRuns and resultTable(groupBy: RUN): one row per run; Experiment.resultTable and Run.resultTable agree', async () => {
    const { body } =
      await t.gql(`{ compareRuns(ids: ["n0", "a0", "r-live"]) { groupBy table1 { label clean { mean n } } }
      experiment(id: "e1") { resultTable(groupBy: RUN) { table1 { label } } }
      run(id: "a1") { resultTable { table1 { label mce { mean } } } } }`);
    const d = data(body);
    expect(d.compareRuns.groupBy).toBe('RUN');
    expect(d.compareRuns.table1).toEqual([
      { label: 'n0', clean: { mean: 0.8, n: 1 } },
      { label: 'a0', clean: { mean: 0.9, n: 1 } },
    ]);
    expect(d.experiment.resultTable.table1.map((r: { label: string }) => r.label).sort()).toEqual([
      'a0',
      'a1',
      'n0',
      'n1',
    ]);
    expect(d.run.resultTable.table1[0].mce.mean).toBeCloseTo(0.1, 12);
  });

  it('artifact: stat of a key, null when missing, an input error for a key that climbs out', async () => {
    const { body } = await t.gql(
      '{ a: artifact(key: "runs/r-live/ckpt/000002/manifest.json") { key kind size sha256 } b: artifact(key: "runs/none") { key } }',
    );
    expect(data(body)).toMatchObject({ a: { kind: 'CHECKPOINT', size: 12 }, b: null });
    expect(data(body).a.sha256).toMatch(/^[0-9a-f]{64}$/);
    const bad = await t.gql('{ artifact(key: "../etc/passwd") { key } }');
    expect(codes(bad.body)).toEqual(['BAD_USER_INPUT']);
    expect(bad.body.errors![0]!.extensions!['fieldErrors']).toEqual([
      {
        field: 'key',
        code: 'INVALID_FORMAT',
        message: 'must be a relative key without ".." segments',
      },
    ]);
  });
});

describe('Run.adaSsim (Figure 1b of what the run trained on)', () => {
  it('sums the per-epoch histograms of the record; null for a run without one', async () => {
    const { body } = await t.gql(
      '{ a: run(id: "r-live") { adaSsim { bins sampleLimit counts sampled seen mean epochs { epoch step counts sampled seen mean min max } } } n: run(id: "n0") { adaSsim { bins } } }',
    );
    expect(body.errors).toBeUndefined();
    const h = data(body).a.adaSsim;
    expect(h).toMatchObject({ bins: 20, sampleLimit: 3, sampled: 4, seen: 13 });
    // 0.31, 0.33, 0.32 in bin 6 ([0.30, 0.35)), 0.9 in bin 18
    expect(h.counts[6]).toBe(3);
    expect(h.counts[18]).toBe(1);
    expect(h.counts.reduce((a: number, b: number) => a + b, 0)).toBe(4);
    expect(h.mean).toBeCloseTo((0.31 + 0.33 + 0.9 + 0.32) / 4, 12);
    expect(h.epochs.map((e: Loose) => [e.epoch, e.step, e.sampled, e.seen, e.min, e.max])).toEqual([
      [1, 2, 3, 12, 0.31, 0.9],
      [2, 4, 1, 1, 0.32, 0.32],
    ]);
    expect(data(body).n.adaSsim).toBeNull();
  });
});

/** startRun as the operator, selecting `fields`; the response body. */
async function startRun(i: Loose, fields = 'id') {
  const mutation = `mutation($i: StartRunInput!) { startRun(input: $i) { ${fields} } }`;
  return (await t.gql(mutation, { i }, t.keys.operator)).body;
}

/** The `created` event the gateway sent for `runId`, once it is on the bus. */
async function createdEvent(runId: string): Promise<RunEventV1 | undefined> {
  await until(() => runEvents.some((e) => e.runId === runId));
  return runEvents.find((e) => e.runId === runId);
}

describe('mutations', () => {
  it('createExperiment writes the record; startRun sends the created command; the run is QUEUED', async () => {
    const created = await t.gql(
      'mutation($i: CreateExperimentInput!) { createExperiment(input: $i) { id name setups seeds preset tags { key value } } }',
      {
        i: {
          name: 'AdA vs AugMix',
          setups: ['ada', 'augmix'],
          seeds: [0, 1, 2],
          preset: 'quick',
          tags: [{ key: 'paper' }],
        },
      },
      t.keys.operator,
    );
    expect(created.body.errors).toBeUndefined();
    const exp = data(created.body).createExperiment;
    expect(exp).toMatchObject({
      name: 'AdA vs AugMix',
      setups: ['ada', 'augmix'],
      seeds: [0, 1, 2],
      preset: 'quick',
      tags: [{ key: 'paper', value: '' }],
    });
    expect(exp.id).toMatch(/^exp-ada-vs-augmix-[0-9a-f]{8}$/);
    expect(
      data((await t.gql(`{ experiment(id: "${exp.id}") { name } }`)).body).experiment.name,
    ).toBe('AdA vs AugMix');

    const started = await startRun(
      {
        experimentId: exp.id,
        runId: 'gw-run-1',
        setup: 'ada',
        seed: 1,
        config: { train: { epochs: 1 } },
      },
      'id status setup seed experimentId config source',
    );
    expect(started.errors).toBeUndefined();
    expect(data(started).startRun).toEqual({
      id: 'gw-run-1',
      status: 'QUEUED',
      setup: 'ada',
      seed: 1,
      experimentId: exp.id,
      config: { preset: 'quick', setup: 'ada', train: { epochs: 1 } },
      source: 'gateway:operator-1',
    });
    expect(await createdEvent('gw-run-1')).toMatchObject({
      type: 'created',
      seed: 1,
      experimentId: exp.id,
      requestedBy: 'operator-1',
      config: { preset: 'quick', setup: 'ada', train: { epochs: 1 } },
    });
  });

  it('startRun: historyEvery reaches the trainer as config.eval.historyEvery, beside the other eval overrides', async () => {
    const input = { experimentId: 'e1', runId: 'gw-history', setup: 'ada', historyEvery: 2 };
    const started = await startRun({ ...input, config: { eval: { benchmarkSize: 8 } } }, 'config');
    expect(started.errors).toBeUndefined();
    const config = { preset: 'quick', setup: 'ada', eval: { benchmarkSize: 8, historyEvery: 2 } };
    expect(data(started).startRun.config).toEqual(config);
    expect(await createdEvent('gw-history')).toMatchObject({ type: 'created', config });
    // Left out: the run config has no eval.historyEvery and the trainer uses the preset's.
    const plain = await startRun({ experimentId: 'e1', runId: 'gw-plain', setup: 'ada' }, 'config');
    expect(data(plain).startRun.config).toEqual({ preset: 'quick', setup: 'ada' });
    for (const [input, code] of [
      [{ historyEvery: -1 }, 'OUT_OF_RANGE'],
      [{ historyEvery: 10_001 }, 'OUT_OF_RANGE'],
      [{ historyEvery: 1, config: { eval: { historyEvery: 3 } } }, 'INVALID_FORMAT'],
    ] as const) {
      const bad = await startRun({ experimentId: 'e1', setup: 'ada', ...input });
      expect(bad.errors![0]!.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: [{ field: 'input.historyEvery', code }],
      });
    }
  });

  it('startRun: field errors name every bad field; an unknown experiment is NOT_FOUND; an existing run id a CONFLICT', async () => {
    const bad = await t.gql(
      'mutation($i: StartRunInput!) { startRun(input: $i) { id } }',
      {
        i: {
          experimentId: 'e 1',
          setup: 'Ada!',
          seed: -1,
          preset: 'huge',
          config: { optimizer: {}, train: 3 },
        },
      },
      t.keys.operator,
    );
    expect(bad.status).toBe(200);
    expect(codes(bad.body)).toEqual(['BAD_USER_INPUT']);
    const fields = (
      bad.body.errors![0]!.extensions!['fieldErrors'] as { field: string; code: string }[]
    ).map((f) => `${f.field}:${f.code}`);
    expect(fields).toEqual([
      'input.experimentId:INVALID_FORMAT',
      'input.setup:INVALID_FORMAT',
      'input.seed:OUT_OF_RANGE',
      'input.preset:UNKNOWN_VALUE',
      'input.config.optimizer:UNKNOWN_VALUE',
      'input.config.train:INVALID_FORMAT',
    ]);
    const missing = await t.gql(
      'mutation { startRun(input: { experimentId: "nope", setup: "ada" }) { id } }',
      {},
      t.keys.operator,
    );
    expect(missing.body.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'input.experimentId', code: 'NOT_FOUND' }],
    });
    const taken = await t.gql(
      'mutation { startRun(input: { experimentId: "e1", runId: "a0", setup: "ada" }) { id } }',
      {},
      t.keys.operator,
    );
    expect(codes(taken.body)).toEqual(['CONFLICT']);
  });

  it('cancelRun sends a cancel command for a running run; a finished run is a CONFLICT', async () => {
    const { body } = await t.gql(
      'mutation { cancelRun(id: "r-live", reason: "enough") { id status } }',
      {},
      t.keys.operator,
    );
    expect(data(body).cancelRun).toEqual({ id: 'r-live', status: 'RUNNING' });
    await until(() => commands.length > 0);
    expect(commands[0]).toMatchObject({
      type: 'cancel',
      runId: 'r-live',
      reason: 'enough',
      requestedBy: 'operator-1',
    });
    const done = await t.gql('mutation { cancelRun(id: "a0") { id } }', {}, t.keys.operator);
    expect(codes(done.body)).toEqual(['CONFLICT']);
  });

  it('augmentBatch: sends the images on the bus; the job is QUEUED, then SUCCEEDED with the answer', async () => {
    // The corruption service's side of the exchange, answered by hand from the request.
    const sub = await subscribeEvents(t.bus, {
      contract: augmentRequestsV1,
      groupId: 'test-augmenter',
      handler: async (r) => {
        const n = r.images.shape[0];
        await publishEvents(t.bus, augmentResultsV1, [
          {
            requestId: r.requestId,
            at: new Date().toISOString(),
            status: 'ok',
            images: r.images,
            ssim: Array(n).fill(0.9),
            lineSearchSteps: Array(n).fill(0),
            checkpointStep: 7,
          },
        ]);
      },
    });
    const images = Buffer.alloc(2 * 8 * 8 * 3, 7).toString('base64');
    const { body } = await t.gql(
      'mutation($i: AugmentBatchInput!) { augmentBatch(input: $i) { id status } }',
      {
        i: {
          classifier: 'runs/r-live/ckpt/000002/manifest.json',
          images: { shape: [2, 8, 8, 3], dataBase64: images },
          labels: [1, 2],
          seed: 3,
          config: { nu: 0.015, steps: 2 },
        },
      },
      t.keys.operator,
    );
    expect(body.errors).toBeUndefined();
    const job = data(body).augmentBatch;
    expect(job.status).toBe('QUEUED');
    let answer: Record<string, unknown> = {};
    await until(async () => {
      answer = data(
        (
          await t.gql(
            `{ augmentJob(id: "${job.id}") { status ssim lineSearchSteps checkpointStep images { shape dataBase64 } } }`,
          )
        ).body,
      ).augmentJob;
      return answer['status'] !== 'QUEUED';
    });
    expect(answer).toEqual({
      status: 'SUCCEEDED',
      ssim: [0.9, 0.9],
      lineSearchSteps: [0, 0],
      checkpointStep: 7,
      images: { shape: [2, 8, 8, 3], dataBase64: images },
    });
    await sub.close();
    const bad = await t.gql(
      'mutation($i: AugmentBatchInput!) { augmentBatch(input: $i) { id } }',
      {
        i: {
          classifier: '../x',
          images: { shape: [2, 8, 8, 3], dataBase64: 'AAAA' },
          labels: [1, 2000, 3],
        },
      },
      t.keys.operator,
    );
    const fields = (bad.body.errors![0]!.extensions!['fieldErrors'] as { field: string }[]).map(
      (f) => f.field,
    );
    expect(fields).toEqual([
      'input.classifier',
      'input.images.dataBase64',
      'input.labels',
      'input.labels.1',
    ]);
  });

  it("evaluate: resolves the run's latest checkpoint, sends the request, records the answer", async () => {
    const sub = await subscribeEvents(t.bus, {
      contract: evalRequestsV1,
      groupId: 'test-evaluator',
      handler: async (r) => {
        await publishEvents(t.bus, evalResultsV1, [
          {
            requestId: r.requestId,
            runId: r.runId,
            at: new Date().toISOString(),
            kind: r.kind,
            status: 'ok',
            metrics: { accuracy: 0.5, step: r.checkpoint.step },
            table: { columns: ['accuracy'], rows: [{ label: 'linf 1/255', values: [0.5] }] },
          },
        ]);
      },
    });
    const { body } = await t.gql(
      'mutation { evaluate(input: { kind: LP_ROBUSTNESS, runId: "r-live", params: { norm: "linf", epsilon: 0.0039, examples: 8 } }) { id kind status checkpointKey checkpointStep } }',
      {},
      t.keys.operator,
    );
    expect(body.errors).toBeUndefined();
    const job = data(body).evaluate;
    expect(job).toMatchObject({
      kind: 'LP_ROBUSTNESS',
      status: 'QUEUED',
      checkpointKey: 'runs/r-live/ckpt/000002/manifest.json',
      checkpointStep: 2,
    });
    let answer: Record<string, unknown> = {};
    await until(async () => {
      answer = data(
        (
          await t.gql(
            `{ evaluation(id: "${job.id}") { status runId metrics { key value } table { columns rows { label values } } } }`,
          )
        ).body,
      ).evaluation;
      return answer['status'] !== 'QUEUED';
    });
    expect(answer).toEqual({
      status: 'SUCCEEDED',
      runId: 'r-live',
      metrics: [
        { key: 'accuracy', value: 0.5 },
        { key: 'step', value: 2 },
      ],
      table: { columns: ['accuracy'], rows: [{ label: 'linf 1/255', values: [0.5] }] },
    });
    await sub.close();
    const both = await t.gql(
      'mutation { evaluate(input: { kind: CLEAN, runId: "a0", checkpointKey: "k" }) { id } }',
      {},
      t.keys.operator,
    );
    expect(codes(both.body)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('subscriptions over WebSocket (graphql-ws)', () => {
  it('runUpdated: progress with step, epoch, throughput, then the final event ends the stream', async () => {
    const client = t.ws(t.keys.viewer);
    const before = t.gateway.subscriptions();
    const stream = collect<{
      runUpdated: Loose;
    }>(
      client,
      'subscription { runUpdated(id: "ws-1") { runId type status progress { step totalSteps fraction epoch imagesPerSecond } metrics { key value } error { message } } }',
    );
    await until(() => t.gateway.subscriptions() > before);
    const at = new Date().toISOString();
    await publishEvents(t.bus, runsV1, [
      { eventId: 'ws-1:started', runId: 'ws-1', at, type: 'started' },
      { eventId: 'ws-2:started', runId: 'ws-2', at, type: 'started' },
      {
        eventId: 'ws-1:progress:5',
        runId: 'ws-1',
        at,
        type: 'progress',
        step: 5,
        totalSteps: 20,
        metrics: { loss: 1.5, epoch: 1, imagesPerSecond: 80 },
      },
      { eventId: 'ws-1:completed', runId: 'ws-1', at, type: 'completed', metrics: { mce: 0.2 } },
      { eventId: 'ws-1:late', runId: 'ws-1', at, type: 'started' },
    ]);
    const events = (await stream.done).map((e) => e.runUpdated);
    expect(events.map((e) => `${e.type}:${e.status}`)).toEqual([
      'STARTED:RUNNING',
      'PROGRESS:RUNNING',
      'COMPLETED:SUCCEEDED',
    ]);
    expect(events[1]).toMatchObject({
      progress: { step: 5, totalSteps: 20, fraction: 0.25, epoch: 1, imagesPerSecond: 80 },
    });
    expect(events[2]!.metrics).toEqual([{ key: 'mce', value: 0.2 }]);
    await until(() => t.gateway.subscriptions() === before);
  });

  it("runsUpdated(experimentId): events of that experiment's runs only, learnt from created events and records", async () => {
    const client = t.ws(t.keys.viewer);
    const before = t.gateway.subscriptions();
    const stream = collect<{ runsUpdated: { runId: string; type: string } }>(
      client,
      'subscription { runsUpdated(experimentId: "e1") { runId type run { id } } }',
      {},
      (_d, all) => all.length === 2,
    );
    await until(() => t.gateway.subscriptions() > before);
    const at = new Date().toISOString();
    await publishEvents(t.bus, runsV1, [
      {
        eventId: 'x:created',
        runId: 'x-other',
        at,
        type: 'created',
        config: {},
        seed: 0,
        experimentId: 'e2',
      },
      {
        eventId: 'x:created2',
        runId: 'x-mine',
        at,
        type: 'created',
        config: {},
        seed: 0,
        experimentId: 'e1',
      },
      { eventId: 'r-failed:x', runId: 'r-failed', at, type: 'started' },
      { eventId: 'r-live:x', runId: 'r-live', at, type: 'started' },
    ]);
    const events = (await stream.done).map((e) => e.runsUpdated);
    expect(events.map((e) => `${e.runId}:${e.type}`)).toEqual(['x-mine:CREATED', 'r-live:STARTED']);
  });
});

describe('auth', () => {
  it('no credentials: queries are refused with 401 UNAUTHENTICATED; bad keys too', async () => {
    const none = await t.gql('{ viewer { role } }', {}, null);
    expect(none.status).toBe(401);
    expect(codes(none.body)).toEqual(['UNAUTHENTICATED']);
    const wrong = await t.gql('{ viewer { role } }', {}, 'not-a-key');
    expect(wrong.status).toBe(401);
    expect(codes(wrong.body)).toEqual(['UNAUTHENTICATED']);
  });

  it('a viewer cannot mutate (403 FORBIDDEN, nothing sent); anonymous mutations are refused', async () => {
    const sent = runEvents.length;
    const viewer = await t.gql(
      'mutation { startRun(input: { experimentId: "e1", setup: "ada" }) { id } }',
      {},
      t.keys.viewer,
    );
    expect(viewer.status).toBe(403);
    expect(codes(viewer.body)).toEqual(['FORBIDDEN']);
    const anonymous = await t.gql('mutation { cancelRun(id: "r-live") { id } }', {}, null);
    expect(anonymous.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(runEvents.length).toBe(sent);
  });

  it('JWT: a signed operator token mutates; an expired or wrongly signed one is refused', async () => {
    const secret = new TextEncoder().encode('0123456789abcdef0123456789abcdef');
    const jwtGateway = await startTestGateway({ auth: { jwt: { secret, issuer: 'ada-tests' } } });
    try {
      const sign = (role: string, exp: string | number, key = secret) =>
        new SignJWT({ role })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('alice')
          .setIssuer('ada-tests')
          .setExpirationTime(exp)
          .sign(key);
      const ok = await jwtGateway.gql(
        '{ viewer { subject role } }',
        {},
        await sign('operator', '5m'),
      );
      expect(data(ok.body).viewer).toEqual({ subject: 'alice', role: 'OPERATOR' });
      const expired = await jwtGateway.gql(
        '{ viewer { role } }',
        {},
        await sign('operator', Math.floor(Date.now() / 1000) - 10),
      );
      expect(expired.body.errors![0]).toMatchObject({
        message: 'token expired',
        extensions: { code: 'UNAUTHENTICATED' },
      });
      const forged = await jwtGateway.gql(
        '{ viewer { role } }',
        {},
        await sign('operator', '5m', new TextEncoder().encode('x'.repeat(32))),
      );
      expect(forged.status).toBe(401);
      const viewerToken = await sign('viewer', '5m');
      const denied = await jwtGateway.gql(
        'mutation { cancelRun(id: "r") { id } }',
        {},
        viewerToken,
      );
      expect(codes(denied.body)).toEqual(['FORBIDDEN']);
    } finally {
      await jwtGateway.close();
    }
  });

  it('WebSocket: no or bad credentials close the connection (4403); a viewer cannot mutate over it', async () => {
    for (const token of [null, 'bad-key']) {
      const stream = collect(t.ws(token), 'subscription { runsUpdated { runId } }');
      const error = await stream.done.then(
        () => undefined,
        (e: unknown) => e as { detail?: { code?: number } },
      );
      expect(error?.detail?.code).toBe(4403);
    }
    const mutation = collect(t.ws(t.keys.viewer), 'mutation { cancelRun(id: "r-live") { id } }');
    await expect(mutation.done).rejects.toThrow(/needs the OPERATOR role/);
  });
});

describe('malformed, deep and oversized queries', () => {
  it('a syntax error is 400 GRAPHQL_PARSE_FAILED; an unknown field 400 GRAPHQL_VALIDATION_FAILED', async () => {
    const parse = await t.gql('{ runs { nodes { id }');
    expect(parse.status).toBe(400);
    expect(codes(parse.body)).toEqual(['GRAPHQL_PARSE_FAILED']);
    const unknown = await t.gql('{ runs { nodes { password } } }');
    expect(unknown.status).toBe(400);
    expect(codes(unknown.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const body = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.keys.viewer}` },
      body: '{not json',
    });
    expect(body.status).toBe(400);
  });

  it('too deep: 400 QUERY_TOO_DEEP before any resolver runs', async () => {
    const deep =
      // 5 x (runs, nodes, experiment) + id: depth 16, cost small (first: 1 throughout).
      `{ ${'runs(first: 1) { nodes { experiment { '.repeat(5)}id${' } } }'.repeat(5)} }`;
    const { status, body } = await t.gql(deep);
    expect(status).toBe(400);
    expect(body.errors![0], JSON.stringify(body)).toMatchObject({
      extensions: { code: 'QUERY_TOO_DEEP', limit: 12 },
    });
    expect(body.data).toBeUndefined();
  });

  it("too costly: a page of 100 runs each listing 100 of its experiment's runs is refused", async () => {
    const { status, body } = await t.gql(
      '{ runs(first: 100) { nodes { experiment { runs(first: 100) { nodes { id setup seed status } } } } } }',
    );
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions!['code']).toBe('QUERY_TOO_COSTLY');
    const viaVariables = await t.gql(
      'query($n: Int) { runs(first: $n) { nodes { experiment { runs(first: $n) { nodes { id } } } } } }',
      { n: 100 },
    );
    expect(codes(viaVariables.body)).toEqual(['QUERY_TOO_COSTLY']);
  });

  it('oversized: a body over the limit is 413 PAYLOAD_TOO_LARGE; page sizes over 100 are input errors', async () => {
    const small = await startTestGateway({ maxBodyBytes: 2048 });
    try {
      const { status, body } = await small.gql(`{ viewer { role } } # ${'x'.repeat(4096)}`);
      expect(status).toBe(413);
      expect(codes(body)).toEqual(['PAYLOAD_TOO_LARGE']);
    } finally {
      await small.close();
    }
    const page = await t.gql('{ runs(first: 1000) { totalCount } }');
    expect(page.body.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'first', code: 'OUT_OF_RANGE' }],
    });
  });
});

describe('production mode and error hygiene', () => {
  it('introspection and the landing page are off in production, on in development', async () => {
    const prod = await startTestGateway({ production: true });
    try {
      const intro = await prod.gql('{ __schema { queryType { name } } }');
      expect(intro.status).toBe(400);
      expect(codes(intro.body).length).toBeGreaterThan(0);
      expect(new Set(codes(intro.body))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
      const landing = await fetch(`${prod.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(await landing.text()).not.toMatch(/<html/i);
    } finally {
      await prod.close();
    }
    const dev = await t.gql('{ __schema { queryType { name } } }');
    expect(data(dev.body).__schema).toEqual({ queryType: { name: 'Query' } });
  });

  it('an internal failure reaches the client as INTERNAL_SERVER_ERROR with an id, no stack, no message', async () => {
    const lines: string[] = [];
    const broken = await startTestGateway({
      log: createLogger({ service: 'gateway', write: (l) => lines.push(l) }),
    });
    try {
      // A record that is not JSON makes the reader fail inside a resolver.
      await broken.store.put(
        'records/v1/runs/bad.json',
        new TextEncoder().encode('{"secret":"s3cr3t"'),
      );
      const { body } = await broken.gql('{ run(id: "bad") { id } }');
      expect(body.errors![0]!.extensions).toEqual({
        code: 'INTERNAL_SERVER_ERROR',
        errorId: expect.any(String),
      });
      expect(body.errors![0]!.message).toBe('internal server error');
      expect(JSON.stringify(body)).not.toMatch(/s3cr3t|stack|at .*\.ts/);
      expect(lines.some((l) => l.includes(String(body.errors![0]!.extensions!['errorId'])))).toBe(
        true,
      );
      expect(lines.join('\n')).not.toMatch(/\n\s+at /);
    } finally {
      await broken.close();
    }
  });

  it('/healthz and /readyz answer', async () => {
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      status: 'ok',
      service: 'gateway',
      subscriptions: expect.any(Number),
    });
    const ready = await fetch(`${t.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', service: 'gateway' });
  });
});

describe('CORS (opt-in allow-list of origins)', () => {
  let c: TestGateway;
  beforeAll(async () => {
    c = await startTestGateway({ corsOrigins: ['https://dash.example.com'] });
  });
  afterAll(async () => {
    await c?.close();
  });
  const request = (base: string, method: string, headers: Record<string, string>) =>
    fetch(`${base}/graphql`, {
      method,
      headers,
      ...(method === 'POST' ? { body: JSON.stringify({ query: '{ viewer { role } }' }) } : {}),
    });
  const preflight = {
    origin: 'https://dash.example.com',
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'authorization, content-type',
  };

  it('a listed origin: its preflight is answered 204, its requests carry Access-Control-Allow-Origin', async () => {
    const pre = await request(c.url, 'OPTIONS', preflight);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://dash.example.com');
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
    const res = await request(c.url, 'POST', {
      origin: 'https://dash.example.com',
      'content-type': 'application/json',
      authorization: `Bearer ${c.keys.viewer}`,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { viewer: { role: 'VIEWER' } } });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://dash.example.com');
    expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
  });

  it('an unlisted origin, or a gateway without a list: no CORS header, the preflight is refused', async () => {
    for (const [base, origin] of [
      [c.url, 'https://evil.example.com'],
      [t.url, 'https://dash.example.com'],
    ] as const) {
      const pre = await request(base, 'OPTIONS', { ...preflight, origin });
      expect(pre.status).toBe(405);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      const res = await request(base, 'POST', {
        origin,
        'content-type': 'application/json',
        authorization: `Bearer ${base === c.url ? c.keys.viewer : t.keys.viewer}`,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('ADA_GATEWAY_CORS_ORIGINS: a list of origins; empty means none; a path or wildcard names the variable', () => {
    const env = {
      KAFKA_BROKERS: '127.0.0.1:9092',
      ADA_GATEWAY_API_KEYS: `ci:OPERATOR:${'a'.repeat(64)}`,
    };
    expect(loadGatewayConfig(env).corsOrigins).toEqual([]);
    expect(loadGatewayConfig({ ...env, ADA_GATEWAY_CORS_ORIGINS: '' }).corsOrigins).toEqual([]);
    expect(
      loadGatewayConfig({
        ...env,
        ADA_GATEWAY_CORS_ORIGINS: 'https://Dash.example.com, http://localhost:5173',
      }).corsOrigins,
    ).toEqual(['https://dash.example.com', 'http://localhost:5173']);
    for (const bad of ['*', 'https://dash.example.com/app', 'dash.example.com']) {
      expect(() => loadGatewayConfig({ ...env, ADA_GATEWAY_CORS_ORIGINS: bad })).toThrow(
        /ADA_GATEWAY_CORS_ORIGINS entry 1 must be an origin/,
      );
    }
  });
});
