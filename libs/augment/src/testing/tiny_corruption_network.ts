import { RandomState } from '@ada/data';
import type { ApplyOptions, CorruptionNetwork, ParamBlock } from '@ada/models';
import * as tf from '@tensorflow/tfjs-core';

/**
 * A small residual image-to-image network implementing `CorruptionNetwork`, for tests of the
 * DeepAugment code that must not wait for (or load) the pretrained EDSR/RDN/CAE models:
 * head conv 3->c, two body convs c->c with a ReLU and a skip, tail conv c->3, output
 * x + tail(...). Weights are seeded normals (std 0.1). Shared parameters only.
 */
export function tinyCorruptionNetwork(seed = 0, channels = 8): CorruptionNetwork {
  const c = channels;
  const blocks: ParamBlock[] = [
    { name: 'head/kernel', kind: 'weight', shape: [3, 3, 3, c] },
    { name: 'head/bias', kind: 'bias', shape: [c] },
    { name: 'body0/kernel', kind: 'weight', shape: [3, 3, c, c] },
    { name: 'body0/bias', kind: 'bias', shape: [c] },
    { name: 'body1/kernel', kind: 'weight', shape: [3, 3, c, c] },
    { name: 'body1/bias', kind: 'bias', shape: [c] },
    { name: 'tail/kernel', kind: 'weight', shape: [3, 3, c, 3] },
    { name: 'tail/bias', kind: 'bias', shape: [3] },
  ];
  const rng = new RandomState(seed);
  const params = blocks.map((b) => {
    const size = b.shape.reduce((a, d) => a * d, 1);
    return tf.tensor(
      Float32Array.from({ length: size }, () => 0.1 * rng.standardNormal()),
      [...b.shape],
    );
  });
  return {
    name: `tiny-${c}`,
    blocks,
    params,
    apply(x: tf.Tensor4D, p: readonly tf.Tensor[], options?: ApplyOptions): tf.Tensor4D {
      if (options?.perExample) throw new Error(`'tiny' network supports shared parameters only`);
      return tf.tidy(() => {
        const conv = (t: tf.Tensor4D, k: number): tf.Tensor4D =>
          tf.add(tf.conv2d(t, p[k] as tf.Tensor4D, 1, 'same'), p[k + 1]!) as tf.Tensor4D;
        const f = conv(x, 0);
        const r = conv(tf.relu(conv(f, 2)), 4);
        return tf.add(x, conv(tf.add(f, r) as tf.Tensor4D, 6)) as tf.Tensor4D;
      });
    },
    dispose(): void {
      tf.dispose(params);
    },
  };
}

/** A deterministic small image set (uint8 [n, size, size, 3], labels i % 10) for tests. */
export function tinySourceImages(n: number, size: number) {
  const images = new Uint8Array(n * size * size * 3);
  for (let i = 0; i < images.length; i++) images[i] = (i * 37 + (i >> 5) * 11) % 256;
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  return {
    name: 'tiny',
    images,
    labels,
    shape: [n, size, size, 3] as const,
    classNames: Array.from({ length: 10 }, (_, i) => `c${i}`),
  };
}
