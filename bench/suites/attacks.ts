import * as tf from '@tensorflow/tfjs-core';
import { apgdCe, square } from '@ada/attacks';
import { createClassifier } from '@ada/models';
import type { BenchContext, BenchRow, BenchSuite } from '../types.ts';

const CLASSIFIER = 'resnet18-w0.125';

/**
 * The l_p attacks on the narrow ResNet-18: one `apgdCe` call (l_inf, eps 0, labels = the
 * model's predictions, so no example is ever fooled and every iteration runs: the per-iteration
 * cost without APGD's early stop) and one `square` call of the same kind. Images/s (whole
 * attack) and gradient (or query) evaluations/s in the note.
 */
export const attacksSuite: BenchSuite = {
  name: 'attacks',
  async run(ctx) {
    const batch = ctx.quick ? 4 : 32;
    const iterations = ctx.quick ? 2 : 10;
    const queries = ctx.quick ? 5 : 100;
    const net = createClassifier(CLASSIFIER, { seed: 1 });
    const x = tf.randomUniform([batch, 32, 32, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const labels = Array.from(tf.tidy(() => tf.argMax(net.apply(x), 1).dataSync()));
    const rows: BenchRow[] = [];
    try {
      const apgdMs = await ctx.time(
        () =>
          apgdCe(net, x, labels, { norm: 'linf', eps: 0, iterations, batchSize: batch })
            .adversarial,
        once(ctx),
      );
      rows.push({
        case: `APGD-CE ${CLASSIFIER} b${batch} 32x32, ${iterations} iterations (+1 start), linf`,
        forwardMs: apgdMs,
        note: `${((1000 * batch) / apgdMs).toFixed(2)} images/s, ${((1000 * batch * (iterations + 1)) / apgdMs).toFixed(1)} gradient evals/s`,
      });
      const squareMs = await ctx.time(
        () =>
          square(net, x, labels, { norm: 'linf', eps: 0, queries, batchSize: batch }).adversarial,
        once(ctx),
      );
      rows.push({
        case: `Square ${CLASSIFIER} b${batch} 32x32, ${queries} queries, linf`,
        forwardMs: squareMs,
        note: `${((1000 * batch) / squareMs).toFixed(2)} images/s, ${((1000 * batch * queries) / squareMs).toFixed(1)} queries/s`,
      });
    } finally {
      x.dispose();
      net.dispose();
    }
    return rows;
  },
};

/** An attack call is long: one warm-up-free timed run beyond the quick policy. */
function once(ctx: BenchContext) {
  return { ...ctx.timeOptions, warmup: ctx.quick ? 0 : 1, reps: 1 };
}
