import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '@ada/service-kit';
import { InProcessBus } from '@ada/bus';
import { loadCorruptionNetwork, type CorruptionNetworkName } from '@ada/models';
import { RunRecordsReader } from '@ada/records';
import { FsArtifactStore } from '@ada/store';
import { initBackend } from '@ada/tensor';
import { fileCheckpointIO, runExperiment, type ExperimentConfig } from '@ada/training';
// The services' embeddable factories (the type:testing tag allows type:service).
import { createCorruptionService } from '@ada/corruption-service';
import { createMetricsService } from '@ada/metrics-service';
import {
  clusterExperimentId,
  createTrainerService,
  parseRunSpec,
  resolveRun,
  type RunConfigInput,
} from '@ada/trainer-service';

/**
 * One run core for both modes: the same config and seed trained through `ada run`'s path
 * (`runExperiment`, in-process AdA and evaluation) and through the trainer-service with the
 * metrics-service on the in-process bus end with the
 * same clean accuracy and mCE, to the last digit, and with run records of the same config hash.
 */
const dir = mkdtempSync(join(tmpdir(), 'ada-identity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await initBackend({ log: false });
});

const base: Omit<RunConfigInput, 'setup'> = {
  preset: 'quick',
  data: { trainSize: 64, testSize: 16 },
  train: { batchSize: 16, epochs: 1, checkpointEvery: 1 },
  eval: { benchmarkSize: 8 },
  remote: { lookahead: 0, maxStaleness: 0, batchTimeoutMs: 120_000 },
};

async function viaAdaRun(config: ExperimentConfig, out: string) {
  const result = await runExperiment(
    config,
    {
      loadCorruptionNetwork: (name) => loadCorruptionNetwork(name as CorruptionNetworkName),
      checkpoints: fileCheckpointIO(),
    },
    { runDir: out, log: () => undefined, progress: () => undefined },
  );
  const run = result.runs[0]!;
  const [record] = await new RunRecordsReader(new FsArtifactStore({ root: out })).listRuns();
  return { clean: run.cleanAccuracy, mce: run.mce, record: record! };
}

async function viaServices(runId: string, config: RunConfigInput) {
  const bus = new InProcessBus();
  const store = new FsArtifactStore({ root: join(dir, `${runId}-store`) });
  const corruption = createCorruptionService({
    bus,
    store,
    config: { workerId: 'identity-0' },
    log: createLogger({ service: 'corruption-service', level: 'warn' }),
  });
  const metrics = createMetricsService({ bus, store, log: silentLogger() });
  await corruption.start();
  await metrics.start();
  try {
    const trainer = createTrainerService({ bus, store, log: silentLogger() });
    await trainer.init();
    expect((await trainer.run({ runId, seed: 0, config })).status).toBe('completed');
    const reader = new RunRecordsReader(store);
    const record = await reader.getRun(runId);
    expect(record.experimentId).toBe(clusterExperimentId(runId));
    const result = (await reader.getResult(runId))!;
    return { clean: result.table1.clean, mce: result.table1.mce, record };
  } finally {
    await corruption.drain();
    await corruption.stop();
    await metrics.drain();
    await bus.close();
  }
}

describe('the same run through ada run and through the services (64 demo images, batch 16, 1 epoch)', () => {
  // AdA is left out: on the cluster the corruption-service returns AdA images as uint8 and
  // computes them against the newest checkpoint, not the live model, so the AdA runs of the two
  // modes differ today (docs/run-core.md, 'What is not identical yet').
  for (const setup of ['nominal'] as const) {
    it(`${setup}: identical clean accuracy and mCE, same config hash`, async () => {
      const input: RunConfigInput = { ...base, setup };
      const resolved = resolveRun(parseRunSpec({ runId: `id-${setup}`, seed: 0, config: input }));
      const local = await viaAdaRun(
        { ...resolved.experiment, setups: [setup], seeds: [0] },
        join(dir, `ada-run-${setup}`),
      );
      const cluster = await viaServices(`id-${setup}`, input);
      expect(cluster.record.status).toBe('SUCCEEDED');
      expect(local.record.status).toBe('SUCCEEDED');
      expect(cluster.record.configHash).toBe(local.record.configHash);
      expect(cluster.clean).toBe(local.clean);
      expect(cluster.mce).toBe(local.mce);
    });
  }
});
