import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToyCorruptionNetwork } from '@ada/ada/testing';
import { COMMON_CORRUPTIONS } from '@ada/corruptions';
import { makeDemoDataset } from '@ada/data';
import type { CorruptionNetwork } from '@ada/models';
import { ADA_SSIM_BINS, RunRecordsReader } from '@ada/records';
import { FsArtifactStore } from '@ada/store';
import { initBackend } from '@ada/tensor';
import { evaluateHistory, historyDue, historySet } from './epoch_history.ts';
import type { ExperimentProgress } from './experiment.ts';
import { buildSetupPipeline } from './pipeline.ts';
import { presetConfig } from './presets.ts';
import { executeRun } from './run_core.ts';
import { parseSetup } from './setups.ts';

/** What the evaluator hook returns: 10% error under every common corruption. */
const EVALUATION = {
  cleanAccuracy: 0.5,
  corruptionErrors: Object.fromEntries(
    COMMON_CORRUPTIONS.map((c) => [c, [0.1, 0.1, 0.1, 0.1, 0.1]]),
  ),
};
let dir: string;
let net: CorruptionNetwork;
beforeAll(async () => {
  await initBackend({ log: false });
  dir = await mkdtemp(join(tmpdir(), 'ada-run-core-'));
  net = createToyCorruptionNetwork({ hidden: 4, seed: 2 });
});
afterAll(async () => {
  net.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('executeRun with an AdA warm start (8 images, batch 4: 2 steps per epoch, 3 epochs)', () => {
  it.each([
    [2, 'epochs 1-2 train'],
    [1, 'epoch 1 trains'],
  ])(
    'warm-up %i: logs when AdA starts, shows AdA off/on in the progress fields',
    async (warmup, first) => {
      const config = presetConfig('quick');
      config.setups = ['ada'];
      config.seeds = [0];
      config.model = 'resnet18-w0.125';
      config.train = { ...config.train, batchSize: 4, epochs: 3, checkpointEvery: 100 };
      config.ada = { ...config.ada, steps: 1, nu: 0.05, warmupEpochs: warmup };
      const setup = parseSetup('ada');
      const lines: string[] = [];
      const fields: ExperimentProgress['fields'][] = [];
      const outcome = await executeRun({
        store: new FsArtifactStore({ root: dir }),
        experiment: {
          id: 'exp',
          name: 'exp',
          source: 'test',
          config: {},
          setups: ['ada'],
          seeds: [0],
        },
        run: { runId: `r${warmup}`, setup, seed: 0, config, source: 'test' },
        train: makeDemoDataset({ split: 'train', size: 8, seed: 0 }),
        checkpoints: { load: async () => undefined, save: async () => ({ key: 'none' }) },
        pipeline: (model) => buildSetupPipeline(setup, config, 0, { model, adaNetwork: net }),
        evaluate: async () => ({
          cleanAccuracy: 0.1,
          corruptionErrors: Object.fromEntries(
            COMMON_CORRUPTIONS.map((c) => [c, [0.9, 0.9, 0.9, 0.9, 0.9]]),
          ),
        }),
        progress: (p) => {
          if (p.phase.startsWith('train')) fields.push(p.fields);
        },
        log: (line) => lines.push(line),
      });
      expect(outcome.status).toBe('completed');
      const start = 2 * warmup;
      expect(lines).toContain(
        `r${warmup}: warm start: ${first} nominally (no AdA); AdA starts at epoch ${warmup + 1} (step ${start})`,
      );
      expect(lines).toContain(
        `r${warmup}: nominal warm-up done after epoch ${warmup}; AdA starts now (epoch ${warmup + 1}, step ${start})`,
      );
      expect(fields.map((f) => f?.['ada'])).toEqual([
        ...Array<string>(start).fill('off (warm-up)'),
        ...Array<string>(6 - start).fill('on'),
      ]);
    },
  );
});

describe('executeRun with l_p robustness (Table 2)', () => {
  it("records Table 2 under the records' threat names (l2_0.5), where it used to fail the run at its end", async () => {
    const config = presetConfig('quick');
    config.setups = ['nominal'];
    config.seeds = [0];
    config.model = 'resnet18-w0.125';
    config.train = { ...config.train, batchSize: 4, epochs: 1, checkpointEvery: 100 };
    const setup = parseSetup('nominal');
    const store = new FsArtifactStore({ root: dir });
    const outcome = await executeRun({
      store,
      experiment: {
        id: 'exp-lp',
        name: 'exp-lp',
        source: 'test',
        config: {},
        setups: ['nominal'],
        seeds: [0],
      },
      run: { runId: 'r-lp', setup, seed: 0, config, source: 'test' },
      train: makeDemoDataset({ split: 'train', size: 4, seed: 0 }),
      checkpoints: { load: async () => undefined, save: async () => ({ key: 'none' }) },
      pipeline: (model) => buildSetupPipeline(setup, config, 0, { model }),
      evaluate: async () => ({
        cleanAccuracy: 0.5,
        corruptionErrors: Object.fromEntries(
          COMMON_CORRUPTIONS.map((c) => [c, [0.5, 0.5, 0.5, 0.5, 0.5]]),
        ),
        // As `evaluateLpRobustness` labels the threats.
        lpRobustAccuracy: { 'l2 0.5': 0.25, 'linf 1/255': 0.125 },
      }),
      progress: () => undefined,
      log: () => undefined,
    });
    expect(outcome.status).toBe('completed');
    const result = await new RunRecordsReader(store).getResult('r-lp');
    expect(result?.table2).toEqual({ 'l2_0.5': 0.25, 'linf_1/255': 0.125 });
  });
});

/** A one-run experiment of `setup`, created by the run core. */
const experimentOf = (id: string, setup: string) => ({
  id,
  name: id,
  source: 't',
  config: {},
  setups: [setup],
  seeds: [0],
});

describe('executeRun: what the run core records through training', () => {
  it('ada, 16 images, batch 8, fraction 0.5, 2 epochs: Figure 2 per epoch and a sampled SSIM histogram per epoch', async () => {
    const config = presetConfig('quick');
    config.data = { ...config.data, trainSize: 16, testSize: 4 };
    config.train = { ...config.train, batchSize: 8, epochs: 2, checkpointEvery: 100 };
    config.ada = { ...config.ada, fraction: 0.5, steps: 1, nu: 0.05 };
    config.eval = { ...config.eval, historyEvery: 1, historySize: 4 };
    const setup = parseSetup('ada');
    const train = makeDemoDataset({ split: 'train', size: 16, seed: 0 });
    const history = historySet(makeDemoDataset({ split: 'test', size: 4, seed: 0 }), 4);
    const store = new FsArtifactStore({ root: dir });
    const before = tf.memory().numTensors;
    const out = await executeRun({
      store,
      experiment: experimentOf('e-ssim', 'ada'),
      run: { runId: 'ssim-ada', setup, seed: 0, config, source: 't' },
      train,
      checkpoints: {
        load: async () => undefined,
        save: async (state) => ({ key: `ck/${state.step}/manifest.json` }),
      },
      pipeline: (model) => buildSetupPipeline(setup, config, 0, { model, adaNetwork: net }),
      onEpochEnd: async (epoch, _loss, model) =>
        historyDue(epoch, config.eval.historyEvery, config.train.epochs)
          ? evaluateHistory(model, history)
          : {},
      evaluate: async () => EVALUATION,
      adaSsimSampleLimit: 5,
      log: () => undefined,
    });
    expect(out.status).toBe('completed');
    expect(tf.memory().numTensors).toBe(before);
    const reader = new RunRecordsReader(store);
    // Figure 2: clean and the 15 common corruptions at the end of each epoch.
    const epochs = await reader.metricHistory('ssim-ada', { by: 'epoch' });
    expect(epochs.map((p) => [p.epoch, p.step])).toEqual([
      [1, 2],
      [2, 4],
    ]);
    for (const p of epochs) {
      expect(Object.keys(p.values).sort()).toEqual(['clean', 'loss', ...COMMON_CORRUPTIONS].sort());
    }
    // Figure 1b: 4 AdA images per step, 2 steps per epoch: 8 seen, 5 sampled, in fixed bins.
    const ssim = await reader.getAdaSsim('ssim-ada');
    expect(ssim).toMatchObject({ sampleLimit: 5, bins: ADA_SSIM_BINS });
    expect(ssim!.epochs.map((e) => [e.epoch, e.step, e.seen, e.sampled])).toEqual([
      [1, 2, 8, 5],
      [2, 4, 8, 5],
    ]);
    for (const e of ssim!.epochs) {
      expect(e.counts.reduce((s, c) => s + c, 0)).toBe(5);
      expect(e.min).toBeGreaterThan(0);
      expect(e.max).toBeLessThanOrEqual(1);
    }
  });

  it('nominal: no AdA images, no SSIM record', async () => {
    const config = presetConfig('quick');
    config.data = { ...config.data, trainSize: 8, testSize: 4 };
    config.train = { ...config.train, batchSize: 8, epochs: 1, checkpointEvery: 100 };
    const setup = parseSetup('nominal');
    const store = new FsArtifactStore({ root: dir });
    await executeRun({
      store,
      experiment: experimentOf('e2', 'nominal'),
      run: { runId: 'ssim-nominal', setup, seed: 0, config, source: 't' },
      train: makeDemoDataset({ split: 'train', size: 8, seed: 0 }),
      checkpoints: {
        load: async () => undefined,
        save: async (state) => ({ key: `ck/${state.step}/manifest.json` }),
      },
      evaluate: async () => EVALUATION,
      log: () => undefined,
    });
    expect(await new RunRecordsReader(store).getAdaSsim('ssim-nominal')).toBeUndefined();
  });
});
