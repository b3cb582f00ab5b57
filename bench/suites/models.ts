import * as tf from '@tensorflow/tfjs-core';
import { createClassifier, loadCorruptionNetwork } from '@ada/models';
import type { ClassifierPreset, CorruptionNetworkName } from '@ada/models';
import type { BenchContext, BenchRow, BenchSuite } from '../types.ts';

/**
 * Throughput of the models: classifier forward (eval mode) and forward+backward (training mode,
 * cross-entropy, gradients of every trainable variable), and corruption-network forward and
 * forward+backward (gradients of every parameter block, shared and per-example parameters, as
 * AdA differentiates them), on 32x32 images. Images/s in the note.
 */
export const modelsSuite: BenchSuite = {
  name: 'models',
  async run(ctx) {
    return [...(await classifierRows(ctx)), ...(await corruptionRows(ctx))];
  },
};

const rate = (batch: number, fwd: number, fb?: number): string =>
  `${((1000 * batch) / fwd).toFixed(1)} images/s forward` +
  (fb === undefined ? '' : `, ${((1000 * batch) / fb).toFixed(1)} images/s forward+backward`);

async function classifierRows(ctx: BenchContext): Promise<BenchRow[]> {
  const cases: Array<[ClassifierPreset, number]> = ctx.quick
    ? [['resnet18-w0.25', 4]]
    : [
        ['resnet18-w0.25', 32],
        ['resnet18-w0.5', 32],
        ['resnet50-w0.25', 16],
      ];
  const rows: BenchRow[] = [];
  for (const [preset, batch] of cases) {
    const net = createClassifier(preset);
    const x = tf.randomUniform([batch, 32, 32, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const labels = tf.oneHot(
      tf.tensor1d(
        Array.from({ length: batch }, (_, i) => i % 10),
        'int32',
      ),
      10,
    );
    try {
      const forwardMs = await ctx.time(() => net.apply(x, { training: false }));
      const forwardBackwardMs = await ctx.time(() => {
        const { value, grads } = tf.variableGrads(
          () =>
            tf.losses.softmaxCrossEntropy(labels, net.apply(x, { training: true })) as tf.Scalar,
          net.trainableVariables as tf.Variable[],
        );
        return [value, ...Object.values(grads)];
      });
      rows.push({
        case: `classifier ${preset} b${batch} 32x32`,
        forwardMs,
        forwardBackwardMs,
        note: rate(batch, forwardMs, forwardBackwardMs),
      });
    } finally {
      tf.dispose([x, labels]);
      net.dispose();
    }
  }
  return rows;
}

async function corruptionRows(ctx: BenchContext): Promise<BenchRow[]> {
  const batch = ctx.quick ? 2 : 8;
  const names: CorruptionNetworkName[] = ctx.quick
    ? ['rdn-slim-x2']
    : ['rdn-slim-x2', 'rdn-medium-x2', 'edsr', 'cae'];
  const rows: BenchRow[] = [];
  const x = tf.randomUniform([batch, 32, 32, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
  try {
    for (const name of names) {
      const net = await loadCorruptionNetwork(name);
      const perExample = tf.tidy(() =>
        net.params.map((p) => tf.stack(Array.from({ length: batch }, () => p))),
      );
      try {
        const forwardMs = await ctx.time(() => net.apply(x, net.params));
        const sharedFb = await ctx.time(() =>
          tf.grads((...ps: tf.Tensor[]) => tf.sum(net.apply(x, ps)))([...net.params]),
        );
        const perExampleFb = await ctx.time(() =>
          tf.grads((...ps: tf.Tensor[]) => tf.sum(net.apply(x, ps, { perExample: true })))(
            perExample,
          ),
        );
        rows.push({
          case: `corruption ${name} b${batch} 32x32, grads of shared params`,
          forwardMs,
          forwardBackwardMs: sharedFb,
          note: rate(batch, forwardMs, sharedFb),
        });
        rows.push({
          case: `corruption ${name} b${batch} 32x32, grads of per-example params`,
          forwardMs,
          forwardBackwardMs: perExampleFb,
          note: rate(batch, forwardMs, perExampleFb),
        });
      } finally {
        tf.dispose(perExample);
        net.dispose();
      }
    }
  } finally {
    x.dispose();
  }
  return rows;
}
