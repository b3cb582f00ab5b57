import * as tf from '@tensorflow/tfjs-core';
import { AdaAugmenter } from '@ada/ada';
import type { OffsetMode } from '@ada/ada';
import { createClassifier, loadUpscalerNetwork } from '@ada/models';
import { conv2dPerExample } from '@ada/tensor';
import type { PerExampleConvImpl } from '@ada/tensor';
import type { BenchContext, BenchRow, BenchSuite } from '../types.ts';

/** The AdA corruption network and classifier of the benchmark (the "RDN + narrow ResNet-18"). */
const NETWORK = 'rdn-slim-x2';
const CLASSIFIER = 'resnet18-w0.25';

/**
 * "AdA augment" rows: one `AdaAugmenter.augment` call (random start, FGSM steps through the RDN
 * corruption network and the classifier, SSIM line search) per timed run, per-example and
 * batch-shared offsets; images/s in the note. Then the per-example convolution implementations
 * side by side with one shared batched convolution of the same size.
 */
export const adaSuite: BenchSuite = {
  name: 'ada',
  async run(ctx) {
    return [...(await augmentRows(ctx)), ...(await perExampleConvRows(ctx))];
  },
};

async function augmentRows(ctx: BenchContext): Promise<BenchRow[]> {
  const batch = ctx.quick ? 2 : 8;
  const steps = ctx.quick ? 2 : 10;
  const net = await loadUpscalerNetwork(NETWORK);
  const clf = createClassifier(CLASSIFIER);
  const x = tf.randomUniform([batch, 32, 32, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
  const labels = Array.from({ length: batch }, (_, i) => i % 10);
  const ada = new AdaAugmenter(net);
  const rows: BenchRow[] = [];
  try {
    for (const offsets of ['per-example', 'shared'] as OffsetMode[]) {
      const ms = await ctx.time(
        () =>
          ada.augment(x, labels, (v) => clf.apply(v, { training: false }), { steps, offsets }, 1)
            .images,
        { warmup: ctx.quick ? 0 : 1, reps: ctx.quick ? 1 : 2 },
      );
      rows.push({
        case: `AdA augment ${NETWORK} + ${CLASSIFIER}, b${batch} 32x32, ${steps} steps, ${offsets}`,
        forwardMs: ms,
        note: `${((1000 * batch) / ms).toFixed(2)} images/s`,
      });
    }
  } finally {
    tf.dispose(x);
    clf.dispose();
    net.dispose();
  }
  return rows;
}

async function perExampleConvRows(ctx: BenchContext): Promise<BenchRow[]> {
  const [b, hw, ci, co, k] = ctx.quick ? [4, 16, 32, 32, 3] : [16, 32, 64, 64, 3];
  const x = tf.randomUniform([b, hw, hw, ci], -1, 1, 'float32', 2) as tf.Tensor4D;
  const w = tf.randomUniform([b, k, k, ci, co], -0.1, 0.1, 'float32', 3) as tf.Tensor5D;
  const w0 = tf.randomUniform([k, k, ci, co], -0.1, 0.1, 'float32', 4) as tf.Tensor4D;
  const flops = 2 * b * hw * hw * ci * co * k * k;
  const shape = `b${b} ${hw}x${hw} ${ci}->${co} ${k}x${k}`;
  const rows: BenchRow[] = [];
  try {
    rows.push({
      case: `conv2d shared kernel ${shape} (reference)`,
      forwardMs: await ctx.time(() => tf.conv2d(x, w0, 1, 'same')),
      forwardFlops: flops,
      forwardBackwardMs: await ctx.time(() =>
        tf.grads((a: tf.Tensor, c: tf.Tensor) =>
          tf.sum(tf.conv2d(a as tf.Tensor4D, c as tf.Tensor4D, 1, 'same')),
        )([x, w0]),
      ),
    });
    for (const impl of ['loop', 'batched'] as PerExampleConvImpl[]) {
      const run = (a: tf.Tensor, c: tf.Tensor): tf.Tensor4D =>
        conv2dPerExample(a as tf.Tensor4D, c as tf.Tensor5D, undefined, { impl });
      rows.push({
        case: `conv2dPerExample ${impl} ${shape}`,
        forwardMs: await ctx.time(() => run(x, w)),
        forwardFlops: flops,
        forwardBackwardMs: await ctx.time(() =>
          tf.grads((a: tf.Tensor, c: tf.Tensor) => tf.sum(run(a, c)))([x, w]),
        ),
      });
    }
  } finally {
    tf.dispose([x, w, w0]);
  }
  return rows;
}
