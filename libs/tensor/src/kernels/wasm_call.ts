import { getKernel } from '@tensorflow/tfjs-core';
import type {
  KernelBackend,
  NamedAttrMap,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs-core';

/**
 * Runs one of the wasm backend's own kernels (`Conv2D`, `Transpose`, `Slice`, ...) on
 * TensorInfos, below the engine: nothing is taped or tracked, so the caller must free every
 * intermediate with `release`. This is how our JS kernels compose the backend's fast XNNPACK
 * kernels, as the backends' own composite kernels do.
 *
 * ```ts
 * const t = callWasm('Transpose', { x }, { perm: [3, 1, 2, 0] }, backend);
 * release(backend, t);
 * ```
 */
export function callWasm(
  kernelName: string,
  inputs: NamedTensorInfoMap,
  attrs: object,
  backend: KernelBackend,
): TensorInfo {
  return callKernel('wasm', kernelName, inputs, attrs, backend);
}

/** `callWasm` for any backend: runs `backendName`'s own `kernelName` kernel below the engine. */
export function callKernel(
  backendName: string,
  kernelName: string,
  inputs: NamedTensorInfoMap,
  attrs: object,
  backend: KernelBackend,
): TensorInfo {
  const kernel = getKernel(kernelName, backendName);
  if (kernel === undefined) {
    throw new Error(`The ${backendName} backend has no '${kernelName}' kernel`);
  }
  const out = kernel.kernelFunc({ inputs, attrs: attrs as NamedAttrMap, backend });
  if (Array.isArray(out)) {
    throw new Error(`callKernel expects '${kernelName}' to return one tensor, not ${out.length}`);
  }
  return out as TensorInfo;
}

/** Frees intermediates made by `callWasm` or `backend.makeOutput` (reference counted). */
export function release(backend: KernelBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}
