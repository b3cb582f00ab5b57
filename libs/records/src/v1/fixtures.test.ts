import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FsArtifactStore } from '@ada/store';
import { afterAll, describe, expect, it } from 'vitest';
import { configHash, RunRecordsReader } from '../index.ts';

/**
 * Saved v1 records (written once by the v1 writer, then frozen) placed at their keys in a fresh
 * store: the reader must keep reading them. A change that breaks this is a new layout version
 * (`records/v2/`), not an edit of these files.
 */
const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');
const root = mkdtempSync(join(tmpdir(), 'ada-records-fixtures-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

async function savedStore(): Promise<FsArtifactStore> {
  const store = new FsArtifactStore({ root });
  for (const path of files(fixtures)) {
    await store.put(relative(fixtures, path).split(sep).join('/'), readFileSync(path));
  }
  return store;
}

describe('saved v1 records read back as recorded', () => {
  it('experiment, runs, progress, histories, checkpoints, result and tables', async () => {
    const reader = new RunRecordsReader(await savedStore());
    const [experiment] = await reader.listExperiments();
    expect(experiment).toMatchObject({ id: 'exp-quick', setups: ['nominal', 'ada'], seeds: [0] });
    const runs = await reader.listRuns({ experimentId: 'exp-quick' });
    expect(runs.map((r) => [r.id, r.status, r.source])).toEqual([
      ['exp-quick.ada.s0', 'SUCCEEDED', 'ada run'],
      ['exp-quick.nominal.s0', 'FAILED', 'trainer-service'],
    ]);
    expect(runs[1]!.error).toEqual({
      code: 'TRAINING_FAILED',
      message: 'loss is not finite at step 1',
      retriable: false,
    });
    expect(runs[0]!.configHash).toBe(experiment!.configHash);
    // The hash is part of the v1 layout: the same config must keep hashing to the saved value.
    expect(configHash(runs[0]!.config)).toBe(runs[0]!.configHash);
    expect(await reader.getProgress('exp-quick.ada.s0')).toMatchObject({
      step: 2,
      totalSteps: 2,
      imagesPerSecond: 12.5,
    });
    const steps = await reader.metricHistory('exp-quick.ada.s0', { by: 'step' });
    expect(steps.map((p) => p.values)).toEqual([
      { loss: 2.31, lr: 0.1 },
      { loss: 2.25, lr: 0.05 },
    ]);
    const epochs = await reader.metricHistory('exp-quick.ada.s0', { by: 'epoch' });
    expect(epochs).toMatchObject([{ epoch: 1, step: 2, values: { clean: 0.25, fog: 0.125 } }]);
    expect((await reader.listCheckpoints('exp-quick.ada.s0'))[0]?.key).toBe(
      'runs/exp-quick/ada/seed-0/checkpoint/step-2/manifest.json',
    );
    // The AdA SSIM record was added to the v1 layout later: runs saved without it read as none.
    expect(await reader.getAdaSsim('exp-quick.nominal.s0')).toBeUndefined();
    expect(await reader.getAdaSsim('exp-quick.ada.s0')).toMatchObject({
      sampleLimit: 256,
      epochs: [{ epoch: 1, step: 2, seen: 4, sampled: 4, mean: 0.5, min: 0.3, max: 1 }],
    });
    const tables = await reader.experimentTables('exp-quick');
    expect(tables.rows).toHaveLength(1);
    expect(tables.rows[0]).toMatchObject({
      setup: 'ada',
      seeds: [0],
      table1: { clean: { mean: 0.25, n: 1 }, mce: { mean: 0.75 }, cifar101: { mean: 0.2 } },
      table2: { 'l2_0.5': { mean: 0.1 } },
      corruptions: { fog: { mean: { mean: 0.75 } } },
    });
  });
});
