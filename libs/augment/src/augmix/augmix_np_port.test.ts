import '@tensorflow/tfjs-backend-cpu';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFixtureNpy } from '../testing/fixtures.ts';
import { augmix } from './augment_and_mix.ts';

// The GPU port's NumPy AugMix (bench/gpu/augmix_np.py) against this implementation: the same
// seeds must give the same images, so the port's AugMix setups train on what `ada run`'s do.
const gpu = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'bench', 'gpu');
// ADA_PYTHON: a Python with NumPy (test/run-all.sh sets one up when python3 has none).
const python = process.env.ADA_PYTHON || 'python3';
const numpy = spawnSync(python, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

describe('bench/gpu/augmix_np.py', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.skipIf(!numpy)('passes its own tests (ops and mixes against the Pillow fixtures)', () => {
    const r = spawnSync(python, [join(gpu, 'test_augmix_np.py')], { encoding: 'utf8' });
    expect(r.stderr).toMatch(/OK/);
    expect(r.status).toBe(0);
  });

  it.skipIf(!numpy)('gives the TypeScript augmix output for the same seeds', () => {
    const inputs = loadFixtureNpy('augmix/inputs.npy');
    const [n, h, w] = inputs.shape as [number, number, number, number];
    const seeds = Array.from({ length: n }, (_, i) => 1000 + 37 * i);
    const x = tf.tensor4d(
      Float32Array.from(inputs.data as Uint8Array, (v) => Math.fround(v / 255)),
      [n, h, w, 3],
    );
    const want = augmix(x, seeds, { severity: 3, width: 3, depth: -1 });
    const wantData = want.dataSync() as Float32Array;
    tf.dispose([x, want]);
    const script = [
      'import json, sys',
      `sys.path.insert(0, ${JSON.stringify(gpu)})`,
      'import numpy as np',
      'from augmix_np import augmix_batch',
      `x = np.load(${JSON.stringify(join(gpu, '..', '..', 'libs', 'augment', 'fixtures', 'augmix', 'inputs.npy'))})`,
      'x = (x.astype(np.float32) / np.float32(255)).astype(np.float32)',
      `y = augmix_batch(x, ${JSON.stringify(seeds)})`,
      'print(json.dumps([float(v) for v in y.reshape(-1)]))',
    ].join('\n');
    const r = spawnSync(python, ['-c', script], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const got = JSON.parse(r.stdout) as number[];
    expect(got.length).toBe(wantData.length);
    let maxDiff = 0;
    for (let i = 0; i < got.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs(got[i]! - wantData[i]!));
    // float32 rounding of the mix only: an op or a draw that differs moves pixels by >= 1/255
    expect(maxDiff).toBeLessThan(1e-6);
  });
});
