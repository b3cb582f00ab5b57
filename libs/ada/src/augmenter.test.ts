import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdaAugmenter } from './augmenter.ts';
import type { AdaConfig } from './config.ts';
import type { ClassifierFn } from './inner_maximisation.ts';
import { createToyCorruptionNetwork } from './testing/toy_corruption_network.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A fixed linear classifier on per-channel means: [B,H,W,3] -> [B,2]. */
function linearClassifier(w: number[][], b: number[]): { fn: ClassifierFn; dispose(): void } {
  const wt = tf.tensor2d(w);
  const bt = tf.tensor1d(b);
  return {
    fn: (x: Tensor4D) =>
      tf.tidy(() => tf.add(tf.matMul(tf.mean(x, [1, 2]) as Tensor2D, wt), bt) as Tensor2D),
    dispose: () => tf.dispose([wt, bt]),
  };
}

const images = (n: number, size: number, seed: number): Tensor4D =>
  tf.tidy(() => {
    const small = tf.randomUniform([n, 4, 4, 3], 0.15, 0.85, 'float32', seed) as Tensor4D;
    return tf.image.resizeBilinear(small, [size, size]) as Tensor4D;
  });

describe('AdaAugmenter.augment ([4,12,12,3], toy network, 3 steps)', () => {
  const cfg: AdaConfig = { nu: 0.1, steps: 3 };

  it('returns images of the input shape in [0, 1] and one full stats record per example', () => {
    const net = createToyCorruptionNetwork({ hidden: 4, seed: 1 });
    const clf = linearClassifier(
      [
        [3, -3],
        [0, 0],
        [-3, 3],
      ],
      [0, 0],
    );
    const x = images(4, 12, 1);
    const { images: out, stats } = new AdaAugmenter(net).augment(x, [0, 1, 0, 1], clf.fn, cfg, 7);
    expect(out.shape).toEqual([4, 12, 12, 3]);
    const v = out.dataSync();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThanOrEqual(1);
    expect(stats).toHaveLength(4);
    for (const s of stats) {
      expect(s.ssim).toBeGreaterThan(0.3);
      expect(s.ssim).toBeLessThanOrEqual(1);
      expect(s.betaNormRatio).toBeGreaterThan(0);
      expect(s.betaNormRatio).toBeLessThanOrEqual(1);
      expect(s.lossAfter).toBeGreaterThan(0);
      expect(s.lineSearchFired).toBe(false);
      expect(s.gamma).toBe(1);
    }
    tf.dispose([x, out]);
    clf.dispose();
    net.dispose();
  });

  it('is deterministic: same seed, same output; another seed, another output', () => {
    const net = createToyCorruptionNetwork({ hidden: 4, seed: 2 });
    const clf = linearClassifier(
      [
        [1, -1],
        [0.5, 0],
        [-1, 1],
      ],
      [0, 0],
    );
    const x = images(4, 12, 2);
    const ada = new AdaAugmenter(net);
    const a = ada.augment(x, [0, 1, 1, 0], clf.fn, cfg, 42);
    const b = ada.augment(x, [0, 1, 1, 0], clf.fn, cfg, 42);
    const c = ada.augment(x, [0, 1, 1, 0], clf.fn, { ...cfg, steps: 0 }, 43);
    expect(Array.from(a.images.dataSync())).toEqual(Array.from(b.images.dataSync()));
    expect(a.stats).toEqual(b.stats);
    expect(Array.from(a.images.dataSync())).not.toEqual(Array.from(c.images.dataSync()));
    tf.dispose([x, a.images, b.images, c.images]);
    clf.dispose();
    net.dispose();
  });

  it.each(['per-example', 'shared'] as const)(
    'leaks no tensors (offsets %s, line search firing)',
    (offsets) => {
      const net = createToyCorruptionNetwork({ hidden: 4, seed: 3, weightScale: 0.5 });
      const clf = linearClassifier(
        [
          [1, -1],
          [0, 0],
          [-1, 1],
        ],
        [0, 0],
      );
      const x = images(3, 12, 3);
      const ada = new AdaAugmenter(net);
      const before = tf.memory().numTensors;
      const r = ada.augment(
        x,
        [1, 0, 1],
        clf.fn,
        { nu: 0.5, steps: 2, offsets, ssimThreshold: 0.95 },
        1,
      );
      r.images.dispose();
      expect(r.stats.some((s) => s.lineSearchFired)).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(x);
      clf.dispose();
      net.dispose();
    },
  );

  it('line search inside augment: fired -> SSIM >= t - 0.02; not fired -> bit-identical to no line search', () => {
    const net = createToyCorruptionNetwork({ hidden: 4, seed: 6, weightScale: 0.3 });
    const clf = linearClassifier(
      [
        [1, -1],
        [0, 0],
        [-1, 1],
      ],
      [0, 0],
    );
    const x = images(4, 12, 6);
    const ada = new AdaAugmenter(net);
    const base = { nu: 0.3, steps: 2 };
    const off = ada.augment(x, [1, 0, 1, 0], clf.fn, { ...base, lineSearch: false }, 9);
    // A threshold between the 2nd and 3rd SSIM, so that two images fire and two do not.
    const sorted = off.stats.map((s) => s.ssim).sort((p, q) => p - q);
    const t = (sorted[1]! + sorted[2]!) / 2;
    const on = ada.augment(x, [1, 0, 1, 0], clf.fn, { ...base, ssimThreshold: t }, 9);
    const a = on.images.arraySync();
    const b = off.images.arraySync();
    expect(on.stats.filter((s) => s.lineSearchFired)).toHaveLength(2);
    on.stats.forEach((s, i) => {
      expect(s.lineSearchFired).toBe(off.stats[i]!.ssim < t);
      if (s.lineSearchFired) expect(s.ssim).toBeGreaterThanOrEqual(t - 0.02);
      else expect(a[i]).toEqual(b[i]);
    });
    tf.dispose([x, on.images, off.images]);
    clf.dispose();
    net.dispose();
  });

  it('shared offsets give every example the same beta ratio; progress is reported per step', () => {
    const net = createToyCorruptionNetwork({ hidden: 4, seed: 4 });
    const clf = linearClassifier(
      [
        [1, -1],
        [0, 0],
        [-1, 1],
      ],
      [0, 0],
    );
    const x = images(3, 12, 4);
    const steps: number[] = [];
    const r = new AdaAugmenter(net).augment(
      x,
      [1, 0, 1],
      clf.fn,
      { ...cfg, offsets: 'shared' },
      5,
      {
        onProgress: (p) => steps.push(p.step),
      },
    );
    expect(steps).toEqual([1, 2, 3]);
    expect(new Set(r.stats.map((s) => s.betaNormRatio)).size).toBe(1);
    tf.dispose([x, r.images]);
    clf.dispose();
    net.dispose();
  });

  it('rejects labels of the wrong length and bad configs, naming them', () => {
    const net = createToyCorruptionNetwork({ hidden: 2, seed: 5 });
    const clf = linearClassifier(
      [
        [1, -1],
        [0, 0],
        [-1, 1],
      ],
      [0, 0],
    );
    const x = images(2, 12, 5);
    const ada = new AdaAugmenter(net);
    expect(() => ada.augment(x, [1], clf.fn)).toThrow(
      /Argument 'labels' passed to 'augment' must hold 2/,
    );
    expect(() => ada.augment(x, [1, 0], clf.fn, { nu: -1 })).toThrow(/Option 'nu'/);
    expect(() => ada.augment(x, [1, 0], clf.fn, { offsets: 'nope' as 'shared' })).toThrow(
      /Option 'offsets'/,
    );
    tf.dispose(x);
    clf.dispose();
    net.dispose();
  });
});

describe('feasibility (property): no block offset ever leaves its l2 ball', () => {
  it('random toy networks x random configs, checked after every step', () => {
    fc.assert(
      fc.property(
        fc.record({
          hidden: fc.integer({ min: 1, max: 4 }),
          kernel: fc.constantFrom(1, 3),
          weightScale: fc.double({ min: 0.01, max: 2, noNaN: true }),
          biasScale: fc.constantFrom(0, 0.01, 0.5),
          netSeed: fc.integer({ min: 0, max: 1000 }),
          nu: fc.double({ min: 0.001, max: 2, noNaN: true }),
          steps: fc.integer({ min: 0, max: 3 }),
          stepScale: fc.constantFrom(undefined, 0.01, 10),
          stepRule: fc.constantFrom('sign', 'l2-block'),
          l2StepFraction: fc.constantFrom(undefined, 0.25, 3),
          init: fc.constantFrom('uniform', 'zero'),
          offsets: fc.constantFrom('per-example', 'shared'),
          batch: fc.integer({ min: 1, max: 3 }),
          seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        }),
        (p) => {
          const net = createToyCorruptionNetwork({
            hidden: p.hidden,
            kernel: p.kernel,
            weightScale: p.weightScale,
            biasScale: p.biasScale,
            seed: p.netSeed,
          });
          const clf = linearClassifier(
            [
              [2, -1],
              [0, 1],
              [-2, 1],
            ],
            [0.1, 0],
          );
          const x = images(p.batch, 11, p.netSeed);
          const ada = new AdaAugmenter(net);
          const radii = ada.radii(p.nu);
          const perExample = p.offsets === 'per-example';
          let worst = 0;
          const check = (betas: readonly Tensor[]): void => {
            betas.forEach((beta, i) => {
              const v = beta.dataSync();
              const draws = perExample ? p.batch : 1;
              const d = v.length / draws;
              for (let k = 0; k < draws; k++) {
                let s = 0;
                for (let j = k * d; j < (k + 1) * d; j++) s += v[j]! * v[j]!;
                const r = radii[i]!;
                worst = Math.max(worst, r > 0 ? Math.sqrt(s) / r : Math.sqrt(s) > 0 ? Infinity : 0);
              }
            });
          };
          const cfg: AdaConfig = {
            nu: p.nu,
            steps: p.steps,
            init: p.init as 'uniform' | 'zero',
            offsets: p.offsets as 'per-example' | 'shared',
            stepRule: p.stepRule as 'sign' | 'l2-block',
            ...(p.stepRule === 'sign'
              ? {
                  stepSize:
                    p.stepScale === undefined ? undefined : p.stepScale * Math.max(...radii),
                }
              : { l2StepFraction: p.l2StepFraction }),
          };
          const r = ada.augment(
            x,
            Array.from({ length: p.batch }, (_, i) => i % 2),
            clf.fn,
            cfg,
            p.seed,
            {
              onStep: (info) => check(info.betas),
            },
          );
          const reported = Math.max(...r.stats.map((s) => s.betaNormRatio));
          tf.dispose([x, r.images]);
          clf.dispose();
          net.dispose();
          expect(worst).toBeLessThanOrEqual(1);
          expect(reported).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 30, seed: 20220425 },
    );
  });
});

describe('AdaAugmenter.augment with residual corruptions ([3,12,12,3], toy network)', () => {
  const clfWeights = [
    [3, -3],
    [0, 0],
    [-3, 3],
  ];

  it('nu 0: returns the clean images exactly (the network reconstruction gap is removed)', () => {
    const net = createToyCorruptionNetwork({ hidden: 4, seed: 2 });
    const clf = linearClassifier(clfWeights, [0, 0]);
    const x = images(3, 12, 4);
    const ada = new AdaAugmenter(net);
    const plain = ada.augment(x, [0, 1, 0], clf.fn, { nu: 0, steps: 2 }, 3);
    const before = tf.memory().numTensors;
    const res = ada.augment(x, [0, 1, 0], clf.fn, { nu: 0, steps: 2, residual: true }, 3);
    // only the returned images stay: the residual gap is freed
    expect(tf.memory().numTensors).toBe(before + 1);
    // the toy network is not the identity, so the paper's form differs from x
    expect(tf.max(tf.abs(tf.sub(plain.images, x))).dataSync()[0]).toBeGreaterThan(1e-3);
    expect(tf.max(tf.abs(tf.sub(res.images, x))).dataSync()[0]).toBeLessThan(1e-6);
    for (const s of res.stats) expect(s.ssim).toBeCloseTo(1, 5);
    tf.dispose([x, plain.images, res.images]);
    clf.dispose();
    net.dispose();
  });

  it('nu 0.1, same seed: residual output = paper output + (x - c_phi(x)) (clip off)', () => {
    const net = createToyCorruptionNetwork({ hidden: 4, seed: 2 });
    const clf = linearClassifier(clfWeights, [0, 0]);
    const x = images(3, 12, 5);
    const ada = new AdaAugmenter(net);
    const cfg: AdaConfig = { nu: 0.1, steps: 2, clip: false, lineSearch: false };
    const plain = ada.augment(x, [1, 0, 1], clf.fn, cfg, 9);
    const res = ada.augment(x, [1, 0, 1], clf.fn, { ...cfg, residual: true }, 9);
    const gap = tf.sub(x, net.apply(x, net.params));
    const want = tf.add(plain.images, gap);
    // With two classes the sign of d CE / d beta is sign(p0 - y0) times a term that does not
    // depend on the logits, so the constant shift x - c_phi(x) leaves every FGSM step unchanged.
    expect(tf.max(tf.abs(tf.sub(res.images, want))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, plain.images, res.images, gap, want]);
    clf.dispose();
    net.dispose();
  });

  it("rejects a non-boolean 'residual' by name", () => {
    const net = createToyCorruptionNetwork({ hidden: 4, seed: 2 });
    const clf = linearClassifier(clfWeights, [0, 0]);
    const x = images(1, 12, 6);
    expect(() =>
      new AdaAugmenter(net).augment(x, [0], clf.fn, { residual: 'yes' as unknown as boolean }),
    ).toThrow(/Option 'residual' of the AdA config must be true or false, got yes/);
    x.dispose();
    clf.dispose();
    net.dispose();
  });
});
