import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@ada/tensor';
import type { Dataset } from '@ada/data';
import type { AttackModel } from '@ada/attacks';
import { evaluateLpRobustness, threatLabel } from './evaluate.ts';

beforeAll(async () => {
  await initBackend({ log: false });
});

/**
 * A linear two-class model with a closed-form answer: the logits are -m and m with m the mean of
 * (x - 0.5) over the image (a mean, not a sum: large logits saturate the cross-entropy and its
 * gradient underflows to zero in float32, which would mask the attack). A flat grey image at 0.5 + d (class 1) or 0.5 - d (class 0) is
 * misclassified by some l_inf perturbation of radius eps exactly when eps >= d.
 */
const linear: AttackModel = {
  apply: (x) =>
    tf.tidy(() => {
      const s = tf.mean(tf.sub(x, 0.5), [1, 2, 3]).reshape([-1, 1]);
      return tf.concat([tf.neg(s), s], 1) as tf.Tensor2D;
    }),
};

function flatImages(values: number[], labels: number[]): Dataset {
  const size = 8 * 8 * 3;
  const images = new Uint8Array(values.length * size);
  values.forEach((v, i) => images.fill(v, i * size, (i + 1) * size));
  return {
    name: 'flat',
    images,
    labels: Uint8Array.from(labels),
    shape: [values.length, 8, 8, 3],
    classNames: ['dark', 'bright'],
  };
}

describe('evaluateLpRobustness', () => {
  // Margins d: 5/255 + 0.5/255 for 133 and 122, 26.5/255 for 154 and 101.
  const ds = flatImages([133, 154, 122, 101], [1, 1, 0, 0]);

  it('matches the closed form of a linear model: robust iff eps < margin', () => {
    const out = evaluateLpRobustness(
      linear,
      ds,
      {
        examples: 4,
        attacks: ['apgd-ce'],
        iterations: 20,
        threats: [
          { norm: 'linf', eps: 2 / 255 },
          { norm: 'linf', eps: 8 / 255 },
          { norm: 'linf', eps: 40 / 255 },
        ],
      },
      0,
    );
    expect(out).toEqual({ 'linf 2/255': 1, 'linf 8/255': 0.5, 'linf 40/255': 0 });
  });

  it('attacks only the first `examples` images and reports progress', () => {
    const seen: string[] = [];
    const out = evaluateLpRobustness(
      linear,
      ds,
      { examples: 2, attacks: ['apgd-ce'], iterations: 5, threats: [{ norm: 'l2', eps: 0.5 }] },
      1,
      (threat) => seen.push(threat),
    );
    // l2 0.5 over 192 values moves the mean by at most 0.5 / sqrt(192) = 0.036: more than the
    // margin 5.5/255 = 0.022 of the first image, less than the 26.5/255 = 0.104 of the second.
    expect(out).toEqual({ 'l2 0.5': 0.5 });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]).toMatch(/^l2 0.5 apgd-ce$/);
  });

  it('is off without examples or threats', () => {
    const lp = { examples: 0, attacks: [], iterations: 0, threats: [] };
    expect(evaluateLpRobustness(linear, ds, lp, 0)).toEqual({});
  });

  it('leaves no tensors behind (inputs, adversarial batches and logits are disposed)', () => {
    const lp = {
      examples: 4,
      attacks: ['apgd-ce', 'square'] as const,
      iterations: 5,
      threats: [
        { norm: 'linf' as const, eps: 8 / 255 },
        { norm: 'l2' as const, eps: 0.5 },
      ],
    };
    evaluateLpRobustness(linear, ds, { ...lp, attacks: [...lp.attacks] }, 0); // warm-up
    const before = tf.memory().numTensors;
    const out = evaluateLpRobustness(linear, ds, { ...lp, attacks: [...lp.attacks] }, 0);
    expect(Object.keys(out)).toEqual(['linf 8/255', 'l2 0.5']);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('labels threats as Table 2 does', () => {
    expect(threatLabel({ norm: 'l2', eps: 0.5 })).toBe('l2 0.5');
    expect(threatLabel({ norm: 'linf', eps: 1 / 255 })).toBe('linf 1/255');
  });
});
