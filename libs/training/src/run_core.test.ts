import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToyCorruptionNetwork } from '@ada/ada/testing';
import { COMMON_CORRUPTIONS } from '@ada/corruptions';
import { makeDemoDataset } from '@ada/data';
import type { CorruptionNetwork } from '@ada/models';
import { FsArtifactStore } from '@ada/store';
import { initBackend } from '@ada/tensor';
import type { ExperimentProgress } from './experiment.ts';
import { buildSetupPipeline } from './pipeline.ts';
import { presetConfig } from './presets.ts';
import { executeRun } from './run_core.ts';
import { parseSetup } from './setups.ts';

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
