import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';

/** What a parameter block is, for the per-block radii of AdA (weights and biases apart). */
export type ParamKind = 'weight' | 'bias';

/** One perturbable parameter block of a corruption network (e.g. `conv1/kernel`). */
export interface ParamBlock {
  /** Unique, stable name, e.g. `rdb0/conv1/kernel`. */
  readonly name: string;
  readonly kind: ParamKind;
  /** Shape of the block without any batch dimension, e.g. [3, 3, 64, 64] or [64]. */
  readonly shape: readonly number[];
}

export interface ApplyOptions {
  /**
   * When true, every `params[i]` carries a leading batch dimension equal to the batch size of
   * `x`, and example b is computed with `params[i][b]` (AdA's per-example offsets). When false
   * (default), `params[i]` has exactly `blocks[i].shape` and is shared by the whole batch.
   */
  perExample?: boolean;
}

/**
 * A pretrained image-to-image network c_phi with explicit parameters, so that AdA can evaluate
 * c_(phi + beta)(x) for offsets beta and differentiate with respect to them.
 *
 * Images are NHWC float32 in [0, 1]; `apply` returns an image batch of the same shape (32x32 in,
 * 32x32 out for the CIFAR setting), not clipped unless the network documents it.
 *
 * ```ts
 * const net = await loadCorruptionNetwork('rdn-slim-x2');
 * const y = net.apply(x, net.params);                       // c_phi(x), close to x
 * const beta = net.params.map((p) => tf.zerosLike(p));     // shared offsets
 * const z = net.apply(x, net.params.map((p, i) => p.add(beta[i])));
 * ```
 */
export interface CorruptionNetwork {
  readonly name: string;
  /** Parameter blocks in a fixed order; `params[i]` has shape `blocks[i].shape`. */
  readonly blocks: readonly ParamBlock[];
  /** phi, the pretrained parameters, one tensor per block. Owned by the network. */
  readonly params: readonly Tensor[];
  /** c_params(x). Pure: no state is changed, so it can run inside `tf.grad`. */
  apply(x: Tensor4D, params: readonly Tensor[], options?: ApplyOptions): Tensor4D;
  /** Frees `params` and anything else the network holds. */
  dispose(): void;
}
