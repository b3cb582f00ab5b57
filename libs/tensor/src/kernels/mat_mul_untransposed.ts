import { BatchMatMul, _FusedMatMul } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callWasm, release } from './wasm_call.ts';

/** Swaps the last two axes of `x` with the backend's `Transpose` kernel. */
function swapLastTwo(x: TensorInfo, backend: BackendWasm): TensorInfo {
  const r = x.shape.length;
  const perm = [...Array(r - 2).keys(), r - 1, r - 2];
  return callWasm('Transpose', { x }, { perm }, backend);
}

/**
 * Wraps the wasm backend's `BatchMatMul` or `_FusedMatMul` so that it only ever multiplies
 * untransposed operands. The shipped kernels use XNNPACK only when neither operand is
 * transposed and fall back to a loop 20-50x slower otherwise (measured: [256,512] x [512,512]
 * takes 4.8 ms plain, 270 ms with `transposeA`), and every matMul gradient multiplies by a
 * transposed operand (dA = dY B^T, dB = A^T dY). An explicit `Transpose` of the operand costs
 * O(size), far below the product. Inputs, attrs and outputs are those of the wrapped kernel
 * ([..., M, K] x [..., K, N] -> [..., M, N], float32), with `transposeA`/`transposeB` honoured.
 *
 * ```ts
 * registerKernel(untransposedMatMul(getKernel('BatchMatMul', 'wasm')!));
 * tf.matMul(a, b, true, false); // now a Transpose and an XNNPACK product
 * ```
 */
export function untransposedMatMul(original: KernelConfig): KernelConfig {
  if (original.kernelName !== BatchMatMul && original.kernelName !== _FusedMatMul) {
    throw new Error(
      `Argument 'original' passed to 'untransposedMatMul' must be the BatchMatMul or _FusedMatMul kernel, but is '${original.kernelName}'`,
    );
  }
  const kernelFunc = (args: {
    inputs: Record<string, TensorInfo | undefined>;
    backend: BackendWasm;
    attrs: NamedAttrMap;
  }): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = attrs as { transposeA?: boolean; transposeB?: boolean };
    const { a, b } = inputs;
    if ((!transposeA && !transposeB) || a === undefined || b === undefined) {
      return original.kernelFunc(args as Parameters<KernelFunc>[0]) as TensorInfo;
    }
    const a2 = transposeA ? swapLastTwo(a, backend) : a;
    const b2 = transposeB ? swapLastTwo(b, backend) : b;
    const out = original.kernelFunc({
      inputs: { ...inputs, a: a2, b: b2 },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    } as Parameters<KernelFunc>[0]) as TensorInfo;
    if (transposeA) release(backend, a2);
    if (transposeB) release(backend, b2);
    return out;
  };
  return {
    kernelName: original.kernelName,
    backendName: 'wasm',
    ...(original.setupFunc ? { setupFunc: original.setupFunc } : {}),
    ...(original.disposeFunc ? { disposeFunc: original.disposeFunc } : {}),
    kernelFunc: kernelFunc as unknown as KernelFunc,
  };
}
