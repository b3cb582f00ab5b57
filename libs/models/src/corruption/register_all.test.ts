import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORRUPTION_NETWORK_NAMES } from './names.ts';
import type { CorruptionNetworkName } from './names.ts';
import { CORRUPTION_NETWORK_LOADERS, loadCorruptionNetwork } from './register_all.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('loadCorruptionNetwork', () => {
  it('wires every name of names.ts and nothing else', () => {
    expect(Object.keys(CORRUPTION_NETWORK_LOADERS).sort()).toEqual(
      [...CORRUPTION_NETWORK_NAMES].sort(),
    );
  });

  it.each(['rdn-slim-x2', 'rdn-slim-x4', 'edsr', 'cae'] as const)(
    '%s maps [1, 16, 16, 3] to [1, 16, 16, 3]',
    async (name) => {
      const options =
        name === 'edsr'
          ? {
              edsr: {
                numBlocks: 1,
                features: 8,
                resScale: 1,
                scale: 2 as const,
                rgbRange: 255,
                rgbMean: [0.4488, 0.4371, 0.404] as [number, number, number],
              },
            }
          : {};
      const net = await loadCorruptionNetwork(name, options);
      expect(net.name).toBe(name);
      const x = tf.randomUniform([1, 16, 16, 3], 0, 1, 'float32', 1) as Tensor4D;
      const y = net.apply(x, net.params);
      expect(y.shape).toEqual([1, 16, 16, 3]);
      expect(net.blocks.length).toBe(net.params.length);
      expect(net.blocks.every((b) => /\/(kernel|bias)$/.test(b.name))).toBe(true);
      tf.dispose([x, y]);
      net.dispose();
    },
  );

  it('rejects an unknown name', async () => {
    await expect(loadCorruptionNetwork('srgan' as CorruptionNetworkName)).rejects.toThrow(
      /Argument 'name' passed to 'loadCorruptionNetwork' must be one of rdn-default-x2/,
    );
  });
});
