import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdaAugmenter } from './augmenter.ts';
import { chooseNu, measureAdaStrength, metricValue } from './calibrate.ts';
import { createToyCorruptionNetwork } from './testing/toy_corruption_network.ts';
import { colourClassifier, smoothImages } from './testing/toy_inputs.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('chooseNu', () => {
  const ssimCurve = [
    { nu: 0.002, value: 0.985 },
    { nu: 0.001, value: 0.995 },
    { nu: 0.004, value: 0.95 },
  ];
  it('interpolates linearly in nu on the first segment that straddles the target', () => {
    const c = chooseNu(ssimCurve, 'ssim-residual', 0.99);
    expect(c.how).toBe('interpolated');
    expect(c.nu).toBeCloseTo(0.0015, 12);
    expect(chooseNu(ssimCurve, 'ssim-clean', 0.985)).toEqual({ nu: 0.002, how: 'exact' });
  });
  it('l2 grows with nu: the same rule with the direction turned', () => {
    const l2 = [
      { nu: 0.001, value: 0.5 },
      { nu: 0.003, value: 1.5 },
    ];
    expect(chooseNu(l2, 'l2-base', 1).nu).toBeCloseTo(0.002, 12);
  });
  it('says when the sweep does not bracket the target', () => {
    expect(chooseNu(ssimCurve, 'ssim-residual', 0.9)).toEqual({ nu: 0.004, how: 'too-weak' });
    expect(chooseNu(ssimCurve, 'ssim-residual', 0.999)).toEqual({ nu: 0.001, how: 'too-strong' });
    expect(() => chooseNu([], 'accuracy', 0.5)).toThrow(/'curve' passed to 'chooseNu'/);
  });
});

describe('measureAdaStrength ([5,12,12,3], toy network, batch 2)', () => {
  const setup = () => {
    const net = createToyCorruptionNetwork({ hidden: 4, seed: 2 });
    const colour = colourClassifier();
    const x = smoothImages(5, 12, 4);
    return { net, x, w: colour, clf: colour.fn, labels: [0, 1, 0, 1, 1] };
  };

  it('nu 0: AdA(x) = base, so SSIM to base and the residual SSIM are 1 and l2 to base is 0', () => {
    const { net, x, w, clf, labels } = setup();
    const before = tf.memory().numTensors;
    const p = measureAdaStrength(
      new AdaAugmenter(net),
      x,
      labels,
      clf,
      { nu: 0, steps: 2 },
      {
        batch: 2,
      },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(p.n).toBe(5);
    expect(p.ssimBase.mean).toBeCloseTo(1, 6);
    expect(p.ssimResidual.min).toBeCloseTo(1, 6);
    expect(p.l2Base).toBeCloseTo(0, 5);
    expect(p.ssimClean.mean).toBeLessThan(1); // the toy network is not the identity
    expect(p.l2Clean).toBeGreaterThan(0);
    expect(p.accuracy).toBe(p.baseAccuracy);
    x.dispose();
    w.dispose();
    net.dispose();
  });

  it('grows with nu under both step rules; residual form: SSIM to clean = residual SSIM', () => {
    const { net, x, w, clf, labels } = setup();
    const ada = new AdaAugmenter(net);
    for (const stepRule of ['sign', 'l2-block'] as const) {
      const [weak, strong] = [0.05, 0.4].map((nu) =>
        measureAdaStrength(ada, x, labels, clf, { nu, steps: 3, stepRule }, { batch: 2 }),
      );
      expect(strong!.ssimResidual.mean).toBeLessThan(weak!.ssimResidual.mean);
      expect(strong!.l2Base).toBeGreaterThan(weak!.l2Base);
      expect(metricValue(strong!, 'l2-base')).toBe(strong!.l2Base);
    }
    const r = measureAdaStrength(ada, x, labels, clf, { nu: 0.2, steps: 2, residual: true });
    expect(r.ssimClean.mean).toBeCloseTo(r.ssimResidual.mean, 6);
    expect(r.ssimBase.mean).toBeCloseTo(r.ssimClean.mean, 6);
    expect(r.baseAccuracy).toBe(r.cleanAccuracy);
    expect(() => measureAdaStrength(ada, x, [0], clf, {})).toThrow(/'images' and 'labels'/);
    x.dispose();
    w.dispose();
    net.dispose();
  });
});
