import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D, Tensor4D, Tensor5D } from '@tensorflow/tfjs-core';
import { RandomState } from '@ada/data';
import { conv2dPerExample } from '@ada/tensor';
import type { ApplyOptions, CorruptionNetwork, ParamBlock } from '@ada/models';

/** Settings of the toy network; weights are N(0, scale^2) from NumPy's `RandomState(seed)`. */
export interface ToyNetworkOptions {
  /** Image channels in and out. Default 3. */
  channels?: number;
  /** Hidden channels. Default 8. */
  hidden?: number;
  /** Odd kernel size. Default 3. */
  kernel?: number;
  /** Std of the kernels. Default 0.1. */
  weightScale?: number;
  /** Std of the biases. Default 0.05. */
  biasScale?: number;
  seed?: number;
}

/**
 * A small residual image-to-image network implementing `CorruptionNetwork`, for tests and
 * examples that must not wait for a pretrained model: y = x + conv2(relu(conv1(x) + b1)) + b2
 * ('same' padding, stride 1), four blocks (two kernels, two biases). Per-example parameters
 * go through `conv2dPerExample`.
 *
 * @returns a network on float32 [B, H, W, channels] images; output same shape, not clipped.
 *
 * ```ts
 * const net = createToyCorruptionNetwork({ hidden: 4, seed: 1 });
 * const y = net.apply(x, net.params);
 * ```
 */
export function createToyCorruptionNetwork(options: ToyNetworkOptions = {}): CorruptionNetwork {
  const c = options.channels ?? 3;
  const h = options.hidden ?? 8;
  const k = options.kernel ?? 3;
  if (!Number.isInteger(k) || k < 1 || k % 2 === 0) {
    throw new RangeError(
      `Option 'kernel' passed to 'createToyCorruptionNetwork' must be an odd integer >= 1, got ${k}`,
    );
  }
  const rng = new RandomState(options.seed ?? 0);
  const blocks: ParamBlock[] = [
    { name: 'conv1/kernel', kind: 'weight', shape: [k, k, c, h] },
    { name: 'conv1/bias', kind: 'bias', shape: [h] },
    { name: 'conv2/kernel', kind: 'weight', shape: [k, k, h, c] },
    { name: 'conv2/bias', kind: 'bias', shape: [c] },
  ];
  const params: Tensor[] = blocks.map((b) => {
    const n = b.shape.reduce((p, v) => p * v, 1);
    const scale = b.kind === 'weight' ? (options.weightScale ?? 0.1) : (options.biasScale ?? 0.05);
    return tf.tensor(
      Float32Array.from(rng.standardNormalArray(n), (v) => v * scale),
      [...b.shape],
    );
  });
  return {
    name: `toy-residual-${h}`,
    blocks,
    params,
    apply(x: Tensor4D, p: readonly Tensor[], applyOptions: ApplyOptions = {}): Tensor4D {
      if (p.length !== 4) {
        throw new Error(`Argument 'params' passed to 'apply' must hold 4 tensors, got ${p.length}`);
      }
      return tf.tidy(() => {
        if (applyOptions.perExample) {
          const z = tf.relu(conv2dPerExample(x, p[0] as Tensor5D, p[1] as Tensor2D));
          return tf.add(x, conv2dPerExample(z, p[2] as Tensor5D, p[3] as Tensor2D));
        }
        const z = tf.relu(tf.add(tf.conv2d(x, p[0] as Tensor4D, 1, 'same'), p[1] as Tensor1D));
        return tf.add(
          x,
          tf.add(tf.conv2d(z as Tensor4D, p[2] as Tensor4D, 1, 'same'), p[3] as Tensor1D),
        );
      });
    },
    dispose(): void {
      tf.dispose(params);
    },
  };
}
