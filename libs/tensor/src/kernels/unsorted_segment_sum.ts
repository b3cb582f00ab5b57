import { UnsortedSegmentSum, util } from '@tensorflow/tfjs-core';
import type {
  KernelConfig,
  KernelFunc,
  TensorInfo,
  UnsortedSegmentSumAttrs,
  UnsortedSegmentSumInputs,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * `UnsortedSegmentSum` for the wasm backend, which ships none; `tf.gather`'s gradient needs it
 * (e.g. a loss that picks logits by label index).
 *
 * Inputs: `x` [S0, ...rest] float32 or int32 and `segmentIds` [S0] int32; attr `numSegments`.
 * Output [numSegments, ...rest], same dtype: out[s] = sum of x[i] over i with segmentIds[i] = s;
 * ids outside [0, numSegments) are dropped, as in TensorFlow. Only the 1-D ids of the gather
 * gradient are supported. Plain JS on the wasm heap.
 *
 * ```ts
 * tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3]), tf.tensor1d([0, 1, 0], 'int32'), 2); // [4, 2]
 * ```
 */
export function unsortedSegmentSumWasm(args: {
  inputs: UnsortedSegmentSumInputs;
  backend: BackendWasm;
  attrs: UnsortedSegmentSumAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, segmentIds } = inputs;
  if (x === undefined || segmentIds === undefined) {
    throw new Error("Arguments 'x' and 'segmentIds' passed to 'UnsortedSegmentSum' are required");
  }
  const { numSegments } = attrs;
  if (segmentIds.shape.length !== 1 || segmentIds.shape[0] !== x.shape[0]) {
    throw new Error(
      `Argument 'segmentIds' passed to 'UnsortedSegmentSum' on wasm must have shape [${x.shape[0]}], but got [${segmentIds.shape.join(',')}]`,
    );
  }
  const inner = util.sizeFromShape(x.shape.slice(1));
  const out = backend.makeOutput([numSegments, ...x.shape.slice(1)], x.dtype);
  const dst = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  const src = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const ids = backend.typedArrayFromHeap(segmentIds) as Int32Array;
  dst.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i]!;
    if (s < 0 || s >= numSegments) continue;
    const from = i * inner;
    const to = s * inner;
    for (let k = 0; k < inner; k++) dst[to + k] += src[from + k]!;
  }
  return out;
}

export const unsortedSegmentSumWasmConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSumWasm as unknown as KernelFunc,
};
