import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { readNpy } from '@ada/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveCheckpoint } from '../../checkpoint/checkpoint.ts';
import { fileCheckpointStore } from '../../checkpoint/file_checkpoint_store.ts';
import { corruptionNetworkWeights } from '../converted_weights.ts';
import { expectPerExampleConsistent } from '../testing/expect_per_example.ts';
import { EDSR_BASELINE, createEdsr } from './edsr.ts';
import type { EdsrConfig } from './edsr.ts';
import { loadEdsrWeights } from './load_edsr_weights.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const TINY: EdsrConfig = { ...EDSR_BASELINE, numBlocks: 2, features: 8 };
const maxAbs = (a: Tensor, b: Tensor): number =>
  tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('EDSR', () => {
  it('baseline has 16 blocks x 2 convs + head, body end, upsampler, tail: 1,369,859 parameters', () => {
    const net = createEdsr();
    expect(net.blocks).toHaveLength(2 * (1 + 32 + 1 + 1 + 1));
    // official EDSR baseline x2 without the fixed mean shifts: 1,369,859 (by formula)
    const conv = (ci: number, co: number): number => 9 * ci * co + co;
    const expected = conv(3, 64) + 33 * conv(64, 64) + conv(64, 256) + conv(64, 3);
    expect(expected).toBe(1_369_859);
    expect(net.params.reduce((a, p) => a + p.size, 0)).toBe(expected);
    net.dispose();
  });

  it('converted PyTorch weights reproduce the NumPy reference forward (x2, [1, 8, 8, 3] -> [1, 16, 16, 3])', async () => {
    const net = await loadEdsrWeights(fileCheckpointStore(fixtures), 'edsr_tiny');
    const xin = readNpy(await readFile(join(fixtures, 'edsr_tiny', 'input.npy')));
    const yref = readNpy(await readFile(join(fixtures, 'edsr_tiny', 'expected.npy')));
    const x = tf.tensor4d(xin.data as Float32Array, xin.shape as [number, number, number, number]);
    const y = net.superResolve(x, net.params);
    expect(y.shape).toEqual(yref.shape);
    const ref = tf.tensor(yref.data as Float32Array, yref.shape);
    expect(maxAbs(y, ref)).toBeLessThan(1e-4);
    const down = net.apply(x, net.params);
    expect(down.shape).toEqual([1, 8, 8, 3]);
    tf.dispose([x, y, ref, down]);
    net.dispose();
  });

  it('weights saved from TS load back into the same network (round trip)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ada-edsr-'));
    try {
      const a = createEdsr(TINY, { seed: 5 });
      await saveCheckpoint(fileCheckpointStore(root), 'edsr', {
        arch: 'edsr',
        config: TINY,
        step: 0,
        weights: corruptionNetworkWeights(a),
      });
      const b = await loadEdsrWeights(fileCheckpointStore(root), 'edsr');
      const x = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 1) as Tensor4D;
      const ya = a.apply(x, a.params);
      const yb = b.apply(x, b.params);
      expect(Array.from(yb.dataSync())).toEqual(Array.from(ya.dataSync()));
      await saveCheckpoint(fileCheckpointStore(root), 'cae', {
        arch: 'cae',
        config: TINY,
        step: 0,
        weights: corruptionNetworkWeights(a),
      });
      await expect(loadEdsrWeights(fileCheckpointStore(root), 'cae')).rejects.toThrow(
        /architecture 'cae', expected 'edsr'/,
      );
      tf.dispose([x, ya, yb]);
      a.dispose();
      b.dispose();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('per-example params equal the per-example loop; gradients reach every block; no leaks', () => {
    const net = createEdsr(TINY, { seed: 2 });
    const x = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 3) as Tensor4D;
    const stacked = tf.tidy(() =>
      net.params.map((p, i) =>
        tf.add(tf.stack([p, p]), tf.randomNormal([2, ...p.shape], 0, 0.01, 'float32', i)),
      ),
    );
    expectPerExampleConsistent(net, x, stacked);
    tf.dispose(stacked);
    x.dispose();
    net.dispose();
  });

  it('rejects bad configs and inputs', () => {
    expect(() => createEdsr({ ...TINY, scale: 5 as 2 })).toThrow(/config.scale/);
    expect(() => createEdsr({ ...TINY, features: 0 })).toThrow(/config.features/);
    const net = createEdsr(TINY);
    const x = tf.zeros([1, 8, 8, 4]) as Tensor4D;
    expect(() => net.apply(x, net.params)).toThrow(/must be \[B, H, W, 3\]/);
    x.dispose();
    net.dispose();
  });
});
