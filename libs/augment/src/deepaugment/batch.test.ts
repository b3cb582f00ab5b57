import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyCorruptionNetwork } from '../testing/tiny_corruption_network.ts';
import { deepAugmentBatch } from './batch.ts';
import { groupInstance } from './generate.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('deepAugmentBatch ([5, 8, 8, 3], group size 2)', () => {
  it('image i uses instance floor(i / 2), clipped to [0, 1]; no leak', () => {
    const nets = [tinyCorruptionNetwork(1), tinyCorruptionNetwork(2)];
    const x = tf.randomUniform([5, 8, 8, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const y = deepAugmentBatch(nets, x, 11, { groupSize: 2 });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(y.shape).toEqual([5, 8, 8, 3]);
    const { net, params } = groupInstance(nets, 11, 1);
    const want = tf.clipByValue(
      net.apply(tf.slice(x, [2, 0, 0, 0], [2, -1, -1, -1]), params),
      0,
      1,
    );
    const got = tf.slice(y, [2, 0, 0, 0], [2, -1, -1, -1]);
    expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
    const data = y.dataSync();
    expect(Math.min(...data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...data)).toBeLessThanOrEqual(1);
    tf.dispose([x, y, want, got, ...params]);
    nets.forEach((n) => n.dispose());
  });
});
