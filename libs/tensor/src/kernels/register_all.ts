import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterWasmConfig } from './conv2d_backprop_filter.ts';
import { conv2DBackpropInputWasmConfig } from './conv2d_backprop_input.ts';
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

let registered = false;

/**
 * Registers `WASM_KERNELS` for the wasm backend, replacing any kernel of the same name that
 * the backend ships. Idempotent. Called by `initBackend`; call it directly only when you set
 * the wasm backend yourself.
 */
export function registerWasmKernels(): void {
  if (registered) return;
  for (const config of WASM_KERNELS) {
    if (getKernel(config.kernelName, 'wasm') !== undefined) {
      unregisterKernel(config.kernelName, 'wasm');
    }
    registerKernel(config);
  }
  registered = true;
}
