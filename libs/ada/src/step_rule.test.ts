import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Tensor } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdaAugmenter } from './augmenter.ts';
import { resolveAdaConfig } from './config.ts';
import { medianRadius } from './radii.ts';
import { crossEntropyPerExample } from './cross_entropy.ts';
import { ascentStep, signStepRatios, type StepSettings } from './step_rule.ts';
import { createToyCorruptionNetwork } from './testing/toy_corruption_network.ts';
import { colourClassifier, smoothImages } from './testing/toy_inputs.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const settings = (over: Partial<StepSettings>): StepSettings => ({
  rule: 'l2-block',
  stepSize: 0,
  radius: 1,
  l2StepFraction: 0.25,
  perExample: false,
  ...over,
});

describe('ascentStep', () => {
  it('sign: beta + alpha sign(g), zeros of g do not move ([4])', () => {
    const out = ascentStep(
      tf.tensor1d([1, 2, 3, 4]),
      tf.tensor1d([-0.5, 0, 2e-30, 7]),
      settings({ rule: 'sign', stepSize: 0.125 }),
    );
    expect(Array.from(out.dataSync())).toEqual([0.875, 2, 3.125, 4.125]);
  });

  it('l2-block: beta + f r g/||g|| ([2]: g = [3, 4], r = 2, f = 0.25 -> [0.3, 0.4])', () => {
    const out = ascentStep(tf.zeros([2]), tf.tensor1d([3, 4]), settings({ radius: 2 }));
    const v = out.dataSync();
    expect(v[0]).toBeCloseTo(0.3, 6);
    expect(v[1]).toBeCloseTo(0.4, 6);
  });

  it('l2-block per example ([3, 2, 2]): each draw normalised on its own; a zero gradient does not move', () => {
    const g = tf.tensor3d([
      [
        [1, 0],
        [0, 0],
      ],
      [
        [0, 0],
        [0, 0],
      ],
      [
        [1e-25, 1e-25],
        [1e-25, -1e-25],
      ],
    ]);
    const beta = tf.ones([3, 2, 2]);
    const out = ascentStep(beta, g, settings({ radius: 4, l2StepFraction: 0.5, perExample: true }));
    expect(Array.from(out.dataSync())).toEqual([3, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 0]);
    // Shared (perExample false): one norm over all 12 entries.
    const shared = ascentStep(tf.zeros([3, 2, 2]), g, settings({ radius: 1 }));
    expect(Math.hypot(...shared.dataSync())).toBeCloseTo(0.25, 6);
  });

  it('rejects a gradient of another shape, naming both', () => {
    expect(() => ascentStep(tf.zeros([2]), tf.zeros([3]), settings({}))).toThrow(
      /'beta' and 'grad' passed to 'ascentStep'.*\[2\] and \[3\]/,
    );
  });

  it('l2-block moves along the gradient: finite-difference slope along the step = ||g|| (toy net, [2,12,12,3])', () => {
    const net = createToyCorruptionNetwork({ hidden: 4, seed: 5 });
    const x = smoothImages(2, 12, 9);
    const labels = tf.tensor1d([0, 1], 'int32');
    const colour = colourClassifier();
    const loss = (b: Tensor): tf.Scalar =>
      tf.tidy(() => {
        const params = net.params.map((p, i) => (i === 0 ? tf.add(p, b) : p));
        const logits = colour.fn(net.apply(x, params));
        return tf.sum(crossEntropyPerExample(logits, labels));
      });
    const beta = tf.mul(tf.randomNormal(net.params[0]!.shape, 0, 1, 'float32', 2), 0.01);
    const { value, grad } = tf.valueAndGrad(loss)(beta);
    const gnorm = tf.norm(grad).dataSync()[0]!;
    const step = tf.sub(ascentStep(beta, grad, settings({ radius: 1, l2StepFraction: 1 })), beta);
    expect(tf.norm(step).dataSync()[0]).toBeCloseTo(1, 5);
    const h = 1e-2;
    const up = loss(tf.add(beta, tf.mul(step, h))).dataSync()[0]!;
    const down = loss(tf.sub(beta, tf.mul(step, h))).dataSync()[0]!;
    expect(gnorm).toBeGreaterThan(1e-3);
    expect((up - down) / (2 * h)).toBeCloseTo(gnorm, 2);
    expect(up).toBeGreaterThan(value.dataSync()[0]!);
    colour.dispose();
    net.dispose();
  });
});

describe('signStepRatios', () => {
  it('alpha sqrt(d_i) / nu_i per block; Infinity for a zero radius', () => {
    expect(signStepRatios([4, 100, 9], [0.2, 1, 0], 0.1)).toEqual([1, 1, Infinity]);
    expect(() => signStepRatios([1], [], 1)).toThrow(/'sizes' and 'radii'/);
  });
});

describe('AdaConfig step rules', () => {
  it("defaults to 'sign' at fraction 0.25 and rejects bad values, naming the option", () => {
    expect(resolveAdaConfig({})).toMatchObject({ stepRule: 'sign', l2StepFraction: 0.25 });
    expect(() => resolveAdaConfig({ stepRule: 'adam' as never })).toThrow(/'stepRule'/);
    expect(() => resolveAdaConfig({ stepRule: 'l2-block', stepSize: 0.1 })).toThrow(
      /'stepSize'.*l2-block/,
    );
    expect(() => resolveAdaConfig({ l2StepFraction: 0 })).toThrow(/'l2StepFraction'/);
  });

  it('one step from zero: sign lands every block on its sphere, l2-block moves it 0.25 nu_i; no leaks', () => {
    // Toy blocks: d = 108, 4, 108, 3 at weight scale 0.1, bias 0.05: sign ratios > 1 everywhere.
    const net = createToyCorruptionNetwork({ hidden: 4, seed: 1 });
    const ada = new AdaAugmenter(net);
    const x = smoothImages(2, 12, 3);
    const colour = colourClassifier();
    const clf = colour.fn;
    const nu = 0.02;
    const radii = ada.radii(nu);
    const sizes = net.blocks.map((b) => b.shape.reduce((p, v) => p * v, 1));
    const ratiosOf = (betas: readonly Tensor[]): number[][] =>
      betas.map((b, i) => {
        const v = b.dataSync();
        const d = sizes[i]!;
        return [0, 1].map((k) => Math.hypot(...v.subarray(k * d, (k + 1) * d)) / radii[i]!);
      });
    const before = tf.memory().numTensors;
    let sign: number[][] = [];
    let l2: number[][] = [];
    const common = { nu, steps: 1, init: 'zero', lineSearch: false } as const;
    const a = ada.augment(x, [0, 1], clf, { ...common, stepRule: 'sign' }, 0, {
      onStep: (info) => (sign = ratiosOf(info.betas)),
    });
    const b = ada.augment(x, [0, 1], clf, { ...common, stepRule: 'l2-block' }, 0, {
      onStep: (info) => (l2 = ratiosOf(info.betas)),
    });
    tf.dispose([a.images, b.images]);
    expect(tf.memory().numTensors).toBe(before);
    // The premise: one sign step is longer than every block's radius (ratio > 1).
    expect(Math.min(...signStepRatios(sizes, radii, medianRadius(radii) / 4))).toBeGreaterThan(1);
    for (const r of sign.flat()) expect(r).toBeCloseTo(1, 4);
    for (const r of l2.flat()) expect(r).toBeCloseTo(0.25, 4);
    x.dispose();
    colour.dispose();
    net.dispose();
  });
});
