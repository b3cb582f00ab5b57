import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '@ada/service-kit';
import { InProcessBus, publishEvents, subscribeEvents } from '@ada/bus';
import { runsV1, type RunEventV1 } from '@ada/contracts';
import { FsArtifactStore } from '@ada/store';
import { waitFor } from '@ada/test-helpers';
import { initBackend } from '@ada/tensor';
// The services' embeddable factories (each service package exports its factory; its main.ts is
// the process entry), wired in one process.
import { createCorruptionService, type CorruptionService } from '@ada/corruption-service';
import { createMetricsService, type MetricsService } from '@ada/metrics-service';
import {
  createTrainerService,
  runResultKey,
  type RunConfigInput,
  type RunRecord,
} from '@ada/trainer-service';

// Embedded parity: the factories of the three services wired to the in-process bus and the
// filesystem store in this one process, as `ada` runs them without Kafka or S3.
const dir = mkdtempSync(join(tmpdir(), 'ada-embedded-'));
const bus = new InProcessBus();
const store = new FsArtifactStore({ root: join(dir, 'store') });
let corruption: CorruptionService;
let metrics: MetricsService;
const events: RunEventV1[] = [];

const config: RunConfigInput = {
  preset: 'quick',
  setup: 'ada',
  data: { trainSize: 64, testSize: 16 },
  train: { batchSize: 16, epochs: 1, checkpointEvery: 2 },
  ada: { steps: 1, fraction: 0.125 },
  eval: { benchmarkSize: 8 },
  remote: { lookahead: 2, batchTimeoutMs: 60_000 },
};

beforeAll(async () => {
  await initBackend({ log: false });
  corruption = createCorruptionService({
    bus,
    store,
    config: { workerId: 'embedded-0' },
    log: createLogger({ service: 'corruption-service', level: 'warn' }),
  });
  metrics = createMetricsService({ bus, store, log: silentLogger() });
  await corruption.start();
  await metrics.start();
  await subscribeEvents(bus, {
    contract: runsV1,
    groupId: 'embedded-test-observer',
    handler: async (e) => void events.push(e),
  });
});

afterAll(async () => {
  await corruption?.drain();
  await corruption?.stop();
  await metrics?.drain();
  await bus.close();
  rmSync(dir, { recursive: true, force: true });
});

const readRecord = async (runId: string) =>
  JSON.parse(new TextDecoder().decode(await store.get(runResultKey(runId)))) as RunRecord;

describe('embedded services (in-process bus + filesystem store, 64 demo images, batch 16, AdA on 2 per batch)', () => {
  it('trains every step on the corrupted batches of the corruption service and stores the benchmark table', async () => {
    const trainer = createTrainerService({ bus, store, log: silentLogger() });
    await trainer.init();
    const outcome = await trainer.run({ runId: 'embedded-1', seed: 0, config });
    expect(outcome).toMatchObject({ status: 'completed' });
    const record = await readRecord('embedded-1');
    const remote = record.remote!;
    expect(remote.published).toBe(4);
    expect(remote.used).toEqual(
      [0, 1, 2, 3].map((s) =>
        expect.stringMatching(new RegExp(`^embedded-1\\.[0-9a-f]{8}\\.s${s}$`)),
      ),
    );
    expect(remote.missing).toEqual([]);
    expect(remote.workers).toEqual({ 'embedded-0': 4 });
    expect(remote.maxStalenessSeen).toBeLessThanOrEqual(3);
    expect(record.adaSsimMean).toBeGreaterThan(0);
    expect(record.adaSsimMean).toBeLessThanOrEqual(1);
    expect(record.evaluation?.status).toBe('ok');
    const evaluation = record.evaluation as Extract<RunRecord['evaluation'], { status: 'ok' }>;
    expect(evaluation.metrics.mce).toBeGreaterThanOrEqual(0);
    expect(evaluation.metrics.mce).toBeLessThanOrEqual(1);
    expect(evaluation.table?.columns.slice(0, 2)).toEqual(['clean', 'mce']);
    expect(await store.exists(evaluation.tableKey!)).toBe(true);
    const md = new TextDecoder().decode(
      await store.get(evaluation.tableKey!.replace(/json$/, 'md')),
    );
    expect(md).toMatch(/\| Setup \| Clean \| mCE \|/);
    expect(md).toMatch(/\| ada \|/);
    const types = events.filter((e) => e.runId === 'embedded-1').map((e) => e.type);
    expect(types[0]).toBe('created');
    expect(types).toContain('started');
    expect(types.filter((t) => t === 'progress')).toHaveLength(4);
    expect(types.filter((t) => t === 'checkpoint')).toHaveLength(2);
    expect(types.at(-1)).toBe('completed');
  });

  it('stops after a step with a checkpoint on shutdown and resumes from it in a new trainer', async () => {
    const first = createTrainerService({ bus, store, log: silentLogger() });
    const running = first.run({ runId: 'embedded-2', seed: 1, config });
    // Shut down after the first step: the trainer waits on the single worker, so the second
    // step is in progress; it finishes, and the trainer checkpoints and stops.
    await waitFor(() => events.some((e) => e.runId === 'embedded-2' && e.type === 'progress'));
    await first.hook().drain!();
    expect((await running).status).toBe('interrupted');
    const second = createTrainerService({ bus, store, log: silentLogger() });
    expect((await second.run({ runId: 'embedded-2', seed: 1, config })).status).toBe('completed');
    const record = await readRecord('embedded-2');
    expect(record.training?.resumedFrom).toBeGreaterThanOrEqual(2);
    expect(record.training?.steps).toBe(4);
    // Only the steps after the resume point were exchanged by the second trainer.
    expect(record.remote?.used).toHaveLength(4 - record.training!.resumedFrom);
    expect(record.remote?.missing).toEqual([]);
  });
});

describe('embedded trainer in listen mode (runs announced by created events on ada.runs.v1)', () => {
  it('trains a created run and answers a created run with a bad config by a failed event naming the field', async () => {
    const trainer = createTrainerService({ bus, store, log: silentLogger() });
    await trainer.listen();
    const at = new Date().toISOString();
    await publishEvents(bus, runsV1, [
      {
        eventId: 'embedded-bad:created',
        runId: 'embedded-bad',
        at,
        type: 'created',
        config: { setup: 'ada', train: { batchSize: -1 } },
        seed: 0,
      },
      {
        eventId: 'embedded-3:created',
        runId: 'embedded-3',
        at,
        type: 'created',
        config: { ...config, setup: 'nominal', data: { trainSize: 32, testSize: 8 } },
        seed: 0,
      },
    ]);
    await waitFor(() => events.some((e) => e.runId === 'embedded-3' && e.type === 'completed'));
    const failed = events.find((e) => e.runId === 'embedded-bad' && e.type === 'failed');
    expect(failed).toMatchObject({
      retriable: false,
      reason: expect.stringContaining("'config.train.batchSize'"),
    });
    const record = await readRecord('embedded-3');
    expect(record).toMatchObject({ status: 'completed', setup: 'nominal', training: { steps: 2 } });
    expect(record.remote).toBeUndefined();
    await trainer.hook().drain();
  });
});
