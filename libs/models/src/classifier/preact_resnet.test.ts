import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClassifier } from './create_classifier.ts';
import { createPreActResNet, preActResNetConfig } from './preact_resnet.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Trainable parameter count of the standard PyTorch CIFAR `PreActResNet` (kuangliu/pytorch-cifar,
 * `models/preact_resnet.py`: PreActBlock / PreActBottleneck, 1x1 conv shortcut without BN when
 * stride or width change, no conv biases), by formula: conv k*k*cin*cout, BN 2*c (gamma, beta;
 * running statistics are buffers), linear cin*classes + classes. `finalBn` adds the final BN-ReLU
 * of He et al. that our model has (2 * last width). Width 1, 10 classes: ResNet-18 11,171,146
 * (+1,024 = 11,172,170), ResNet-50 23,509,066 (+4,096 = 23,513,162).
 */
function referenceParamCount(
  depth: 18 | 50,
  width: number,
  classes: number,
  finalBn: boolean,
): number {
  const w = [64, 128, 256, 512].map((c) => Math.max(1, Math.round(c * width)));
  const blocks = depth === 18 ? [2, 2, 2, 2] : [3, 4, 6, 3];
  let n = 3 * 3 * 3 * w[0]!;
  let cin = w[0]!;
  blocks.forEach((count, s) => {
    const p = w[s]!;
    const cout = depth === 50 ? 4 * p : p;
    for (let b = 0; b < count; b++) {
      const stride = b === 0 && s > 0 ? 2 : 1;
      n +=
        depth === 50
          ? 2 * cin + cin * p + 2 * p + 9 * p * p + 2 * p + p * cout
          : 2 * cin + 9 * cin * p + 2 * p + 9 * p * p;
      if (stride !== 1 || cin !== cout) n += cin * cout;
      cin = cout;
    }
  });
  return n + (finalBn ? 2 * cin : 0) + cin * classes + classes;
}

const countTrainable = (vars: readonly Tensor[]): number => vars.reduce((a, v) => a + v.size, 0);

describe('PreActResNet parameter counts', () => {
  it('depth 18 width 1 has 11,172,170 trainable parameters (kuangliu 11,171,146 + final BN)', () => {
    expect(referenceParamCount(18, 1, 10, false)).toBe(11_171_146);
    const net = createClassifier('resnet18');
    expect(countTrainable(net.trainableVariables)).toBe(referenceParamCount(18, 1, 10, true));
    expect(countTrainable(net.trainableVariables)).toBe(11_172_170);
    net.dispose();
  });

  it('depth 50 width 1 has 23,513,162 trainable parameters (kuangliu 23,509,066 + final BN)', () => {
    expect(referenceParamCount(50, 1, 10, false)).toBe(23_509_066);
    const net = createClassifier('resnet50');
    expect(countTrainable(net.trainableVariables)).toBe(23_513_162);
    net.dispose();
  });

  it.each([
    [18, 0.25, 10],
    [18, 0.5, 100],
    [50, 0.25, 10],
  ] as const)('depth %d width %d classes %d matches the formula', (depth, width, classes) => {
    const net = createPreActResNet(preActResNetConfig(depth, { width, numClasses: classes }));
    expect(countTrainable(net.trainableVariables)).toBe(
      referenceParamCount(depth, width, classes, true),
    );
    // running mean and variance: 2 per BN channel, not trainable
    const all = Object.values(net.getWeights()).reduce((a, t) => a + t.size, 0);
    expect(all).toBeGreaterThan(countTrainable(net.trainableVariables));
    net.dispose();
  });
});

describe('PreActResNet forward', () => {
  it.each([
    ['resnet18-w0.25', 2, 32],
    ['resnet50-w0.25', 1, 32],
    ['resnet18-w0.125', 3, 16],
  ] as const)('%s maps [%d, %d, %d, 3] to logits [B, 10]', (preset, b, size) => {
    const net = createClassifier(preset);
    const x = tf.randomUniform([b, size, size, 3], 0, 1, 'float32', 1) as Tensor4D;
    const y = net.apply(x);
    expect(y.shape).toEqual([b, 10]);
    expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([x, y]);
    net.dispose();
  });

  it('rejects inputs that are not [B, H, W, 3] float32', () => {
    const net = createClassifier('resnet18-w0.125');
    const x = tf.zeros([1, 8, 8, 1]) as Tensor4D;
    expect(() => net.apply(x)).toThrow(
      /Argument 'x' passed to 'PreActResNet.apply' must be \[B, H, W, 3\]/,
    );
    const xi = tf.zeros([1, 8, 8, 3], 'int32') as Tensor4D;
    expect(() => net.apply(xi)).toThrow(/must be float32/);
    tf.dispose([x, xi]);
    net.dispose();
  });

  it('rejects an unknown preset and bad configs', () => {
    expect(() => createClassifier('resnet34' as 'resnet18')).toThrow(/Argument 'preset'/);
    expect(() => createPreActResNet(preActResNetConfig(18, { width: 0 }))).toThrow(/config.width/);
    expect(() => createPreActResNet(preActResNetConfig(34 as 18))).toThrow(/config.depth/);
  });

  it('is deterministic in its seed', () => {
    const a = createClassifier('resnet18-w0.125', { seed: 3 });
    const b = createClassifier('resnet18-w0.125', { seed: 3 });
    const c = createClassifier('resnet18-w0.125', { seed: 4 });
    const k = (n: typeof a): Float32Array =>
      n.getWeights()['stage2/block0/conv1/kernel']!.dataSync() as Float32Array;
    expect(k(a)).toEqual(k(b));
    expect(k(a)).not.toEqual(k(c));
    [a, b, c].forEach((n) => n.dispose());
  });
});

describe('PreActResNet batch normalisation modes', () => {
  it('training=true updates running averages with momentum 0.9; training=false changes nothing', () => {
    const net = createClassifier('resnet18-w0.125');
    const x = tf.randomUniform([4, 16, 16, 3], 0, 1, 'float32', 2) as Tensor4D;
    const w = net.getWeights();
    // expected first-BN statistics: the stem output, computed here independently
    const { mean: bm, variance: bv } = tf.tidy(() => {
      const norm = tf.div(tf.sub(x, [0.4914, 0.4822, 0.4465]), [0.247, 0.2435, 0.2616]);
      const stem = tf.conv2d(norm as Tensor4D, w['stem/conv/kernel'] as Tensor4D, 1, 'same');
      return tf.moments(stem, [0, 1, 2]);
    });
    const n = 4 * 16 * 16;
    const before = w['stage1/block0/bn1/moving_mean']!.arraySync() as number[];
    expect(before.every((v) => v === 0)).toBe(true);

    tf.dispose(net.apply(x, { training: false }));
    expect(w['stage1/block0/bn1/moving_mean']!.arraySync()).toEqual(before);

    tf.dispose(net.apply(x, { training: true }));
    const mean = w['stage1/block0/bn1/moving_mean']!.dataSync();
    const variance = w['stage1/block0/bn1/moving_variance']!.dataSync();
    const em = bm.dataSync();
    const ev = bv.dataSync();
    for (let c = 0; c < em.length; c++) {
      expect(mean[c]).toBeCloseTo(0.1 * em[c]!, 5);
      expect(variance[c]).toBeCloseTo(0.9 + 0.1 * ev[c]! * (n / (n - 1)), 4);
    }
    tf.dispose([x, bm, bv]);
    net.dispose();
  });

  it('eval logits of an example do not depend on the batch; training logits do', () => {
    const net = createClassifier('resnet18-w0.125');
    const x = tf.randomUniform([3, 16, 16, 3], 0, 1, 'float32', 5) as Tensor4D;
    const first = tf.slice(x, [0, 0, 0, 0], [1, 16, 16, 3]) as Tensor4D;
    const evalAll = net.apply(x).arraySync()[0]!;
    const evalOne = net.apply(first).arraySync()[0]!;
    evalAll.forEach((v, i) => expect(v).toBeCloseTo(evalOne[i]!, 4));
    const trainAll = net.apply(x, { training: true }).arraySync()[0]!;
    const trainOne = net.apply(first, { training: true }).arraySync()[0]!;
    expect(Math.max(...trainAll.map((v, i) => Math.abs(v - trainOne[i]!)))).toBeGreaterThan(1e-3);
    tf.dispose([x, first]);
    net.dispose();
  });
});

describe('PreActResNet gradients and weights', () => {
  it('every trainable variable receives a finite, non-zero gradient (training mode)', () => {
    const net = createClassifier('resnet18-w0.125');
    const x = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 7) as Tensor4D;
    const labels = tf.oneHot([1, 7], 10);
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(labels, net.apply(x, { training: true })) as tf.Scalar,
      net.trainableVariables as tf.Variable[],
    );
    expect(Object.keys(grads)).toHaveLength(net.trainableVariables.length);
    for (const g of Object.values(grads)) {
      const norm = tf.norm(g).dataSync()[0]!;
      expect(Number.isFinite(norm)).toBe(true);
      expect(norm).toBeGreaterThan(0);
    }
    tf.dispose([x, labels, value, ...Object.values(grads)]);
    net.dispose();
  });

  it('input gradient matches central finite differences (eval mode)', () => {
    const net = createClassifier('resnet18-w0.125', { seed: 9 });
    const x = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 8) as Tensor4D;
    const dir = tf.randomUniform([1, 8, 8, 3], -1, 1, 'float32', 9) as Tensor4D;
    const f = (z: Tensor): tf.Scalar => tf.sum(tf.mul(net.apply(z as Tensor4D), tf.range(1, 11)));
    const g = tf.grad(f)(x);
    const analytic = tf.sum(tf.mul(g, dir)).dataSync()[0]!;
    // float32 and ReLU kinks limit the agreement of a deep net: small step, 10% tolerance
    const eps = 1e-3;
    const numeric = tf.tidy(
      () =>
        (f(tf.add(x, tf.mul(dir, eps))).dataSync()[0]! -
          f(tf.sub(x, tf.mul(dir, eps))).dataSync()[0]!) /
        (2 * eps),
    );
    expect(Math.abs(analytic - numeric)).toBeLessThan(0.1 * Math.max(1, Math.abs(numeric)));
    tf.dispose([x, dir, g]);
    net.dispose();
  });

  it('setWeights(getWeights()) of another seed reproduces its logits, running stats included', () => {
    const a = createClassifier('resnet18-w0.125', { seed: 1 });
    const b = createClassifier('resnet18-w0.125', { seed: 2 });
    const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 3) as Tensor4D;
    tf.dispose(a.apply(x, { training: true })); // moves a's running statistics
    b.setWeights(a.getWeights());
    const ya = a.apply(x).arraySync();
    const yb = b.apply(x).arraySync();
    expect(yb).toEqual(ya);
    tf.dispose(x);
    a.dispose();
    b.dispose();
  });

  it('setWeights rejects missing, unknown and mis-shaped tensors naming them', () => {
    const net = createClassifier('resnet18-w0.125');
    const w = { ...net.getWeights() };
    const extra = tf.zeros([1]);
    expect(() => net.setWeights({ ...w, 'bogus/kernel': extra })).toThrow(
      /unknown: \[bogus\/kernel\]/,
    );
    const { 'head/bias': headBias, ...rest } = w;
    expect(headBias).toBeDefined();
    expect(() => net.setWeights(rest)).toThrow(/missing: \[head\/bias\]/);
    const wrong = tf.zeros([3]);
    expect(() => net.setWeights({ ...w, 'head/bias': wrong })).toThrow(
      /'head\/bias' must be float32 \[10\]/,
    );
    tf.dispose([extra, wrong]);
    net.dispose();
  });

  it('does not leak tensors in apply (both modes), gradients and dispose', () => {
    const start = tf.memory().numTensors;
    const net = createClassifier('resnet18-w0.125');
    const x = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 1) as Tensor4D;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) {
      tf.dispose(net.apply(x, { training: true }));
      tf.dispose(net.apply(x, { training: false }));
      const { value, grads } = tf.variableGrads(
        () => tf.sum(net.apply(x, { training: true })),
        net.trainableVariables as tf.Variable[],
      );
      tf.dispose([value, ...Object.values(grads)]);
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    net.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});
