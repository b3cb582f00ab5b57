import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readNpy } from '@ada/data';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveCheckpoint } from '../../checkpoint/checkpoint.ts';
import { fileCheckpointStore } from '../../checkpoint/file_checkpoint_store.ts';
import { corruptionNetworkWeights } from '../converted_weights.ts';
import { expectPerExampleConsistent } from '../testing/expect_per_example.ts';
import { CAE_DEFAULT, createCae } from './cae.ts';
import type { CaeConfig } from './cae.ts';
import { loadCaeWeights } from './load_cae_weights.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TINY: CaeConfig = { residualBlocks: 1, features: 8, codeChannels: 4 };

const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

describe('CAE', () => {
  it('converted PyTorch weights reproduce the NumPy reference forward ([2, 16, 16, 3], code [2, 2, 2, 4])', async () => {
    const net = await loadCaeWeights(fileCheckpointStore(fixtures), 'cae_tiny');
    expect(net.config).toEqual({ residualBlocks: 1, features: 8, codeChannels: 4 });
    const xin = readNpy(await readFile(join(fixtures, 'cae_tiny', 'input.npy')));
    const yref = readNpy(await readFile(join(fixtures, 'cae_tiny', 'expected.npy')));
    const x = tf.tensor4d(xin.data as Float32Array, xin.shape as [number, number, number, number]);
    const y = net.apply(x, net.params);
    const ref = tf.tensor(yref.data as Float32Array, yref.shape);
    expect(y.shape).toEqual(yref.shape);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(y, ref))).dataSync()[0]!)).toBeLessThan(1e-4);
    tf.dispose([x, y, ref]);
    net.dispose();
  });

  it('default config: 3 + 3 residual blocks, code [B, 4, 4, 96] for 32x32, output [B, 32, 32, 3]', () => {
    const net = createCae();
    expect(net.blocks).toHaveLength(2 * (3 + 6 + 3 + 6));
    const conv = (k: number, ci: number, co: number): number => k * k * ci * co + co;
    const expected =
      conv(5, 3, 64) +
      conv(5, 64, 128) +
      12 * conv(3, 128, 128) +
      conv(5, 128, 96) +
      conv(3, 96, 512) +
      conv(3, 128, 256) +
      conv(3, 64, 12);
    expect(net.params.reduce((a, p) => a + p.size, 0)).toBe(expected);
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 1) as Tensor4D;
    const y = net.apply(x, net.params);
    expect(y.shape).toEqual([2, 32, 32, 3]);
    tf.dispose([x, y]);
    net.dispose();
    expect(CAE_DEFAULT.codeChannels).toBe(96);
  });

  it('round trip of generated weights through the checkpoint format', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ada-cae-'));
    try {
      const a = createCae(TINY, { seed: 7 });
      await saveCheckpoint(fileCheckpointStore(root), 'cae', {
        arch: 'cae',
        config: TINY,
        step: 0,
        weights: corruptionNetworkWeights(a),
      });
      const b = await loadCaeWeights(fileCheckpointStore(root), 'cae');
      expect(b.config).toEqual(TINY);
      const x = tf.randomUniform([1, 16, 16, 3], 0, 1, 'float32', 2) as Tensor4D;
      const ya = a.apply(x, a.params);
      const yb = b.apply(x, b.params);
      expect(Array.from(yb.dataSync())).toEqual(Array.from(ya.dataSync()));
      tf.dispose([x, ya, yb]);
      a.dispose();
      b.dispose();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('per-example equals the loop; rounding passes gradients straight through to every block; no leaks', () => {
    const net = createCae(TINY, { seed: 3 });
    const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 4) as Tensor4D;
    const stacked = tf.tidy(() =>
      net.params.map((p, i) => {
        // a random encoder codes everything as 0 after rounding; scale its last conv so the code is non-trivial
        const q = net.blocks[i]!.name === 'enc/conv3/kernel' ? tf.mul(p, 30) : p;
        return tf.add(tf.stack([q, q]), tf.randomNormal([2, ...p.shape], 0, 0.01, 'float32', i));
      }),
    );
    expectPerExampleConsistent(net, x, stacked);
    tf.dispose(stacked);
    x.dispose();
    net.dispose();
  });

  it('rejects sizes that are not multiples of 8 and bad configs', () => {
    const net = createCae(TINY);
    const x = tf.zeros([1, 12, 12, 3]) as Tensor4D;
    expect(() => net.apply(x, net.params)).toThrow(/multiples of 8/);
    expect(() => createCae({ ...TINY, features: 0 })).toThrow(/config.features/);
    x.dispose();
    net.dispose();
  });
});
