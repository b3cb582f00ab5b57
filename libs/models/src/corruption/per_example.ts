import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import type { ParamBlock } from './types.ts';

/**
 * The first checks of a `CorruptionNetwork.apply`: the network `name` is not disposed and `x` is
 * an image batch [B, H, W, 3]. Throws an error naming the argument.
 */
export function checkImageBatch(name: string, disposed: boolean, x: Tensor4D): void {
  if (disposed) throw new Error(`The corruption network '${name}' has been disposed`);
  if (x.rank !== 4 || x.shape[3] !== 3) {
    throw new Error(
      `Argument 'x' passed to '${name}.apply' must be [B, H, W, 3], got [${x.shape.join(', ')}]`,
    );
  }
}

/**
 * Checks the params handed to a `CorruptionNetwork.apply`: one tensor per block, each of the
 * block's shape, with a leading batch dimension equal to `batch` when `perExample`.
 */
export function checkParams(
  fn: string,
  blocks: readonly ParamBlock[],
  params: readonly Tensor[],
  perExample: boolean,
  batch: number,
): void {
  if (params.length !== blocks.length) {
    throw new Error(
      `Argument 'params' passed to '${fn}' must hold ${blocks.length} tensors, got ${params.length}`,
    );
  }
  blocks.forEach((block, i) => {
    const p = params[i] as Tensor;
    const want = perExample ? [batch, ...block.shape] : [...block.shape];
    if (!tf.util.arraysEqual(p.shape, want)) {
      throw new Error(
        `Argument 'params[${i}]' (${block.name}) passed to '${fn}' must be [${want.join(', ')}]` +
          `${perExample ? ' (perExample)' : ''}, got [${p.shape.join(', ')}]`,
      );
    }
  });
}

/**
 * Runs a shared-parameter forward once per example with that example's parameters
 * (`params[i][b]`) and stacks the results: the reference implementation of
 * `ApplyOptions.perExample` for any network, differentiable with respect to x and params.
 *
 * x: [B, H, W, C]; params[i]: [B, ...blocks[i].shape]; returns what `forward` returns, stacked.
 */
export function applyPerExampleByLoop(
  forward: (x: Tensor4D, params: readonly Tensor[]) => Tensor4D,
  x: Tensor4D,
  params: readonly Tensor[],
): Tensor4D {
  return tf.tidy(() => {
    const batch = x.shape[0];
    const xs = tf.split(x, batch, 0) as Tensor4D[];
    const ps = params.map((p) => tf.unstack(p, 0));
    const outs = xs.map((xb, b) =>
      forward(
        xb,
        ps.map((list) => list[b] as Tensor),
      ),
    );
    return tf.concat4d(outs, 0);
  });
}
