import {
  BatchMatMul,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  Round,
  _FusedMatMul,
  getKernel,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import {
  conv2DBackpropFilterCpuConfig,
  conv2DBackpropFilterWasmConfig,
} from './conv2d_backprop_filter.ts';
import { conv2DBackpropInputWasmConfig } from './conv2d_backprop_input.ts';
import {
  explicitPaddingBackpropFilter,
  explicitPaddingBackpropInput,
} from './conv2d_explicit_padding.ts';
import { untransposedMatMul } from './mat_mul_untransposed.ts';
import { int32SafeRound } from './round_int32.ts';
import { maxPoolGradWasmConfig } from './max_pool_grad.ts';
import { unsortedSegmentSumWasmConfig } from './unsorted_segment_sum.ts';

/**
 * Every kernel this library adds to or replaces in the wasm backend. One list instead of
 * side-effect imports (like tfjs's `register_all_kernels.ts`).
 */
export const WASM_KERNELS: readonly KernelConfig[] = [
  conv2DBackpropFilterWasmConfig,
  conv2DBackpropInputWasmConfig,
  maxPoolGradWasmConfig,
  unsortedSegmentSumWasmConfig,
];

/** A shipped kernel that is kept but wrapped: `wrap` returns a kernel that calls the original. */
export interface KernelWrapper {
  kernelName: string;
  wrap: (original: KernelConfig) => KernelConfig;
}

/** Shipped wasm kernels that are kept but wrapped. */
export const WASM_KERNEL_WRAPPERS: readonly KernelWrapper[] = [
  { kernelName: BatchMatMul, wrap: untransposedMatMul },
  { kernelName: _FusedMatMul, wrap: untransposedMatMul },
];

/**
 * Native (`tensorflow`) kernels that are kept but wrapped: tfjs-node's conv gradients refuse
 * explicit padding, which the classifiers' convolutions use; TensorFlow 2.21 rounds int32 to
 * 0. None of this library's wasm kernels runs on the native backend.
 */
export const TENSORFLOW_KERNEL_WRAPPERS: readonly KernelWrapper[] = [
  { kernelName: Conv2DBackpropInput, wrap: explicitPaddingBackpropInput },
  { kernelName: Conv2DBackpropFilter, wrap: explicitPaddingBackpropFilter },
  { kernelName: Round, wrap: int32SafeRound },
];

/** Kernels this library replaces in the cpu backend (its own are far slower than needed). */
export const CPU_KERNELS: readonly KernelConfig[] = [conv2DBackpropFilterCpuConfig];

let registered = false;
let cpuRegistered = false;
let tensorflowRegistered = false;

function replace(config: KernelConfig): void {
  if (getKernel(config.kernelName, config.backendName) !== undefined) {
    unregisterKernel(config.kernelName, config.backendName);
  }
  registerKernel(config);
}

/** Replaces each listed kernel of `backendName` with its wrapper around the original. */
function wrapAll(backendName: string, wrappers: readonly KernelWrapper[]): void {
  for (const { kernelName, wrap } of wrappers) {
    const original = getKernel(kernelName, backendName);
    if (original === undefined) {
      throw new Error(`The ${backendName} backend ships no '${kernelName}' kernel to wrap`);
    }
    replace(wrap(original));
  }
}

/**
 * Registers `WASM_KERNELS` and `WASM_KERNEL_WRAPPERS` for the wasm backend, replacing the
 * kernels of the same name that the backend ships. Idempotent. Called by `initBackend`; call it
 * directly only when you set the wasm backend yourself, before its first use (a wrapper keeps
 * the original's setup function, which the engine runs when it starts the backend).
 */
export function registerWasmKernels(): void {
  if (registered) return;
  wrapAll('wasm', WASM_KERNEL_WRAPPERS);
  for (const config of WASM_KERNELS) replace(config);
  registered = true;
}

/** Registers `CPU_KERNELS` for the cpu backend, replacing its own. Idempotent; `initBackend` calls it. */
export function registerCpuKernels(): void {
  if (cpuRegistered) return;
  for (const config of CPU_KERNELS) replace(config);
  cpuRegistered = true;
}

/**
 * Wraps the native backend's kernels listed in `TENSORFLOW_KERNEL_WRAPPERS`. Idempotent; call it
 * after `@tensorflow/tfjs-node` is imported (`initBackend` does).
 */
export function registerTensorflowKernels(): void {
  if (tensorflowRegistered) return;
  wrapAll('tensorflow', TENSORFLOW_KERNEL_WRAPPERS);
  tensorflowRegistered = true;
}
