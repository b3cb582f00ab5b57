import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend.ts';
import { relativeError, runOn, seededValues } from '../kernels/test_util.ts';
import { inspectNativePackage } from '../native.ts';
import { batchNormTrainingNative } from './batch_norm_training.ts';

const require = createRequire(import.meta.url);
const nativeBuilt = ((): boolean => {
  try {
    return inspectNativePackage(dirname(require.resolve('@tensorflow/tfjs-node/package.json')))
      .addonPresent;
  } catch {
    return false;
  }
})();

const SHAPE: [number, number, number, number] = [3, 5, 4, 6];
const inputs = (): [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.Tensor] => [
  tf.tensor4d(seededValues(3 * 5 * 4 * 6, 1), SHAPE),
  tf.tensor1d(seededValues(6, 2)),
  tf.tensor1d(seededValues(6, 3)),
  tf.tensor4d(seededValues(3 * 5 * 4 * 6, 4), SHAPE),
];

/** The composite definition the classifiers used before: moments + batchNorm4d, tfjs's gradients. */
function reference(): tf.Tensor[] {
  const [x, g, b, r] = inputs();
  const f = (a: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor): tf.Tensor => {
    const m = tf.moments(a, [0, 1, 2]);
    return tf.sum(
      tf.mul(
        tf.batchNorm4d(
          a as tf.Tensor4D,
          m.mean as tf.Tensor1D,
          m.variance as tf.Tensor1D,
          bb as tf.Tensor1D,
          gg as tf.Tensor1D,
          1e-5,
        ),
        r,
      ),
    );
  };
  const n = 3 * 5 * 4;
  const m = tf.moments(x, [0, 1, 2]);
  const y = tf.batchNorm4d(x, m.mean as tf.Tensor1D, m.variance as tf.Tensor1D, b, g, 1e-5);
  return [y, m.mean, tf.mul(m.variance, n / (n - 1)), ...tf.grads(f)([x, g, b])];
}

function native(): tf.Tensor[] {
  const [x, g, b, r] = inputs();
  let stats: tf.Tensor[] = [];
  const f = (a: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor): tf.Tensor => {
    const out = batchNormTrainingNative(
      a as tf.Tensor4D,
      gg as tf.Tensor1D,
      bb as tf.Tensor1D,
      1e-5,
    )!;
    // tf.grads disposes what f made; keep copies (the stats are the caller's to dispose).
    stats = [out.y, out.mean, out.unbiasedVariance].map((t) => tf.keep(t.clone()));
    tf.dispose([out.mean, out.unbiasedVariance]);
    return tf.sum(tf.mul(out.y, r));
  };
  const grads = tf.grads(f)([x, g, b]);
  return [...stats, ...grads];
}

describe('batchNormTrainingNative', () => {
  it('returns undefined off the native backend, so callers keep the composite path', async () => {
    await initBackend({ backend: 'cpu', log: false });
    const [x, g, b, r] = inputs();
    expect(batchNormTrainingNative(x, g, b, 1e-5)).toBeUndefined();
    tf.dispose([x, g, b, r]);
  });

  it.runIf(nativeBuilt)(
    'x [3,5,4,6]: y, batch mean, unbiased variance and the gradients of x, gamma, beta match the composite path on cpu',
    async () => {
      await initBackend({ backend: 'tensorflow', log: false });
      const before = tf.memory().numTensors;
      const got = await runOn('tensorflow', native);
      expect(tf.memory().numTensors).toBe(before);
      const want = await runOn('cpu', reference);
      expect(got).toHaveLength(6);
      for (let i = 0; i < 6; i++) expect(relativeError(got[i]!, want[i]!)).toBeLessThan(1e-4);
    },
  );

  it.runIf(nativeBuilt)(
    'the Relu gradient (one ReluGrad kernel natively) matches cpu',
    async () => {
      await initBackend({ backend: 'tensorflow', log: false });
      const f = (): tf.Tensor => {
        const x = tf.tensor1d([-2, -0.5, 0, 0.5, 3]);
        return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.relu(a), tf.tensor1d([1, 2, 3, 4, 5]))))(
          x,
        );
      };
      const got = await runOn('tensorflow', f);
      const want = await runOn('cpu', f);
      expect(Array.from(got[0]!)).toEqual([0, 0, 0, 4, 5]);
      expect(Array.from(want[0]!)).toEqual([0, 0, 0, 4, 5]);
    },
  );
});
