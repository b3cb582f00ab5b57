import * as tf from '@tensorflow/tfjs-core';
import type { BenchRow, BenchSuite } from '../types.ts';

/** [m, k] x [k, n] products: a square one, a classifier head, a tall-skinny one. */
const CASES: Array<{ m: number; k: number; n: number; quick: boolean }> = [
  { m: 512, k: 512, n: 512, quick: true },
  { m: 256, k: 512, n: 10, quick: false },
  { m: 8192, k: 64, n: 64, quick: false },
];

export const matMulSuite: BenchSuite = {
  name: 'matMul',
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const { m, k, n, quick } of CASES) {
      if (ctx.quick && !quick) continue;
      const a = tf.randomUniform([m, k], -1, 1, 'float32', 1);
      const b = tf.randomUniform([k, n], -1, 1, 'float32', 2);
      const dy = tf.randomUniform([m, n], -1, 1, 'float32', 3);
      // The upstream gradient dy is passed to tf.grads, so only the product's backward is timed.
      const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
        tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D),
      );
      try {
        rows.push({
          case: `matMul [${m},${k}] x [${k},${n}]`,
          forwardMs: await ctx.time(() => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D)),
          forwardFlops: 2 * m * k * n,
          forwardBackwardMs: await ctx.time(() => grads([a, b], dy)),
        });
      } finally {
        tf.dispose([a, b, dy]);
      }
    }
    return rows;
  },
};
