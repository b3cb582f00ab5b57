import { backend_util, MaxPoolGrad } from '@tensorflow/tfjs-core';
import type {
  KernelConfig,
  KernelFunc,
  MaxPoolGradAttrs,
  MaxPoolGradInputs,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * `MaxPoolGrad` for the wasm backend, replacing the shipped kernel, whose results are wrong
 * for strides > 1 (it routes the gradient of a 2x2/2 window to the wrong pixel; measured
 * against the cpu backend and a hand computation).
 *
 * Inputs: `dy` [N, Ho, Wo, C], `input` x [N, H, W, C] (float32, NHWC), `output` (unused);
 * attrs `filterSize`, `strides`, `pad`, `dimRoundingMode` as `tf.maxPool`. Output dx [N, H, W, C]:
 * each dy value is added to the input pixel that was the maximum of its window (the first one
 * in row-major order on ties, as the cpu backend does; padding never wins). Plain JS on the
 * wasm heap: O(N*Ho*Wo*C*kh*kw), fine for the pooling layers of our models.
 *
 * ```ts
 * const g = tf.grad((x) => tf.sum(tf.maxPool(x, 2, 2, 'valid')))(x); // runs this kernel on wasm
 * ```
 */
export function maxPoolGradWasm(args: {
  inputs: MaxPoolGradInputs;
  backend: BackendWasm;
  attrs: MaxPoolGradAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, input } = inputs;
  if (dy === undefined || input === undefined) {
    throw new Error("Arguments 'dy' and 'input' passed to 'MaxPoolGrad' are required");
  }
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  const dx = backend.makeOutput(input.shape, 'float32');
  // Views after the last allocation: a heap growth would detach earlier ones.
  const out = backend.typedArrayFromHeap(dx) as Float32Array;
  const xv = backend.typedArrayFromHeap(input) as Float32Array;
  const dyv = backend.typedArrayFromHeap(dy) as Float32Array;
  out.fill(0);
  for (let n = 0; n < batchSize; n++) {
    for (let y = 0; y < outHeight; y++) {
      const r0 = y * strideHeight - padInfo.top;
      for (let x = 0; x < outWidth; x++) {
        const c0 = x * strideWidth - padInfo.left;
        for (let ch = 0; ch < c; ch++) {
          let best = -Infinity;
          let at = -1;
          for (let i = Math.max(0, r0); i < Math.min(inHeight, r0 + filterHeight); i++) {
            for (let j = Math.max(0, c0); j < Math.min(inWidth, c0 + filterWidth); j++) {
              const k = ((n * inHeight + i) * inWidth + j) * c + ch;
              if (xv[k]! > best || at < 0) {
                best = xv[k]!;
                at = k;
              }
            }
          }
          if (at >= 0) out[at] += dyv[((n * outHeight + y) * outWidth + x) * c + ch]!;
        }
      }
    }
  }
  return dx;
}

export const maxPoolGradWasmConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGradWasm as unknown as KernelFunc,
};
