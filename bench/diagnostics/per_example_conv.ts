/**
 * Per-example convolutions (AdA's inner loop with per-example offsets) on each backend, rounds
 * alternating: `conv2dPerExample` as a loop of batch-1 convs and as one batched matMul over
 * patches, beside one shared-kernel conv of the same size; forward and forward+backward
 * (gradients of x and w), median ms.
 *
 * ```sh
 * npx tsx bench/diagnostics/per_example_conv.ts [--backends tensorflow,wasm] [--rounds 3] [--shape 8,32,32,32]
 * ```
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { conv2dPerExample, initBackend, isBackendName } from '@ada/tensor';
import type { BackendName, PerExampleConvImpl } from '@ada/tensor';

const { values: o } = parseArgs({
  options: {
    backends: { type: 'string', default: 'tensorflow,wasm' },
    rounds: { type: 'string', default: '3' },
    shape: { type: 'string', default: '8,32,32,32' },
  },
});
const backends = o.backends!.split(',').filter((b): b is BackendName => isBackendName(b));
const rounds = Number(o.rounds);
const [b, hw, ci] = o.shape!.split(',').map(Number) as [number, number, number];
const co = ci;
const variants = ['shared', 'loop', 'batched'] as const;
type Variant = (typeof variants)[number];

function run(variant: Variant, backward: boolean): () => tf.Tensor[] {
  return () => {
    const x = tf.randomUniform([b, hw, hw, ci], -1, 1, 'float32', 1) as tf.Tensor4D;
    const w =
      variant === 'shared'
        ? (tf.randomUniform([3, 3, ci, co], -0.1, 0.1, 'float32', 2) as tf.Tensor4D)
        : (tf.randomUniform([b, 3, 3, ci, co], -0.1, 0.1, 'float32', 2) as tf.Tensor5D);
    const f = (a: tf.Tensor, k: tf.Tensor): tf.Tensor =>
      variant === 'shared'
        ? tf.conv2d(a as tf.Tensor4D, k as tf.Tensor4D, 1, 'same')
        : conv2dPerExample(a as tf.Tensor4D, k as tf.Tensor5D, undefined, {
            impl: variant as PerExampleConvImpl,
          });
    return backward ? tf.grads((a: tf.Tensor, k: tf.Tensor) => tf.sum(f(a, k)))([x, w]) : [f(x, w)];
  };
}

async function timeOnce(fn: () => tf.Tensor[]): Promise<number> {
  const t0 = performance.now();
  const outs = tf.tidy(fn);
  for (const t of outs) await t.data();
  tf.dispose(outs);
  return performance.now() - t0;
}

const times = new Map<string, number[]>();
for (let r = 0; r < rounds; r++) {
  for (const backend of r % 2 ? [...backends].reverse() : backends) {
    await initBackend({ backend, log: false });
    for (const variant of variants) {
      for (const backward of [false, true]) {
        const fn = run(variant, backward);
        if (r === 0) await timeOnce(fn);
        const key = `${backend} ${variant} ${backward ? 'fwd+bwd' : 'fwd'}`;
        times.set(key, [...(times.get(key) ?? []), await timeOnce(fn)]);
      }
    }
  }
}
const median = (xs: number[]): number => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)]!;
process.stdout.write(
  `per-example conv b${b} ${hw}x${hw} ${ci}->${co} 3x3, median of ${rounds} rounds\n`,
);
for (const [key, ts] of times) process.stdout.write(`${key}: ${median(ts).toFixed(1)} ms\n`);
