import '@tensorflow/tfjs-backend-cpu';
import { RandomState } from '@ada/data';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFixtureJson, loadFixtureNpy } from '../testing/fixtures.ts';
import { applyAugMixPlan, augmix, sampleAugMixPlan } from './augment_and_mix.ts';

interface Meta {
  mix: { seeds: number[]; input_index: number[] };
}

const inputs = loadFixtureNpy('augmix/inputs.npy');
const mixed = loadFixtureNpy('augmix/mix.npy');
const { mix } = loadFixtureJson<Meta>('augmix/cases.json');
const [, h, w] = inputs.shape as [number, number, number, number];
const size = h * w * 3;

function inputFloat(i: number): Float32Array {
  const u8 = (inputs.data as Uint8Array).subarray(i * size, (i + 1) * size);
  return Float32Array.from(u8, (v) => Math.fround(v / 255));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('augment_and_mix vs the reference (severity 3, width 3, depth 1..3)', () => {
  it('reproduces np.random.seed(s); augment_and_mix(x) for 8 seeds on 32x32x3 images', () => {
    mix.seeds.forEach((seed, k) => {
      const plan = sampleAugMixPlan(new RandomState(seed), {});
      const out = applyAugMixPlan(inputFloat(mix.input_index[k]!), h, w, plan);
      const ref = (mixed.data as Float32Array).subarray(k * size, (k + 1) * size);
      let maxDiff = 0;
      for (let j = 0; j < size; j++) maxDiff = Math.max(maxDiff, Math.abs(out[j]! - ref[j]!));
      expect(maxDiff).toBeLessThan(1e-5);
    });
  });

  it('draws the weights, skip and chain lengths within their ranges', () => {
    for (let s = 0; s < 50; s++) {
      const plan = sampleAugMixPlan(new RandomState(s), {});
      expect(plan.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      expect(plan.skip).toBeGreaterThanOrEqual(0);
      expect(plan.skip).toBeLessThanOrEqual(1);
      expect(plan.chains).toHaveLength(3);
      for (const chain of plan.chains) {
        expect(chain.length).toBeGreaterThanOrEqual(1);
        expect(chain.length).toBeLessThanOrEqual(3);
      }
    }
  });

  it('depth 2, width 4 gives 4 chains of 2 steps', () => {
    const plan = sampleAugMixPlan(new RandomState(3), { width: 4, depth: 2 });
    expect(plan.weights).toHaveLength(4);
    expect(plan.chains.map((c) => c.length)).toEqual([2, 2, 2, 2]);
  });

  it('rejects bad settings with the argument named', () => {
    expect(() => sampleAugMixPlan(new RandomState(0), { severity: 11 })).toThrow(/'severity'/);
    expect(() => sampleAugMixPlan(new RandomState(0), { depth: 0 })).toThrow(/'depth'/);
    expect(() => sampleAugMixPlan(new RandomState(0), { width: 0 })).toThrow(/'width'/);
  });
});

describe('augmix on a batch [3, 32, 32, 3]', () => {
  it('equals the per-image result for each seed, independently of the batch', () => {
    const pixels = new Float32Array(3 * size);
    for (let b = 0; b < 3; b++) pixels.set(inputFloat(b), b * size);
    const x = tf.tensor4d(pixels, [3, h, w, 3]);
    const seeds = [101, 202, 303];
    const y = augmix(x, seeds);
    expect(y.shape).toEqual([3, h, w, 3]);
    const single = augmix(tf.slice(x, [1, 0, 0, 0], [1, h, w, 3]) as tf.Tensor4D, [202]);
    const ySlice = tf.slice(y, [1, 0, 0, 0], [1, h, w, 3]);
    expect(Array.from(ySlice.dataSync())).toEqual(Array.from(single.dataSync()));
    const data = y.dataSync();
    expect(Math.min(...data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...data)).toBeLessThanOrEqual(1);
    tf.dispose([x, y, single, ySlice]);
  });

  it('does not leak tensors', () => {
    const x = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    tf.dispose(augmix(x, [1, 2]));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('rejects a seed count that does not match the batch', () => {
    const x = tf.zeros([2, 8, 8, 3]) as tf.Tensor4D;
    expect(() => augmix(x, [1])).toThrow(/'seeds'/);
    x.dispose();
  });
});
