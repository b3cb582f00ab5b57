/** @ada/tensor: TensorFlow.js backend selection, wasm kernel gaps, image tensor helpers. */
export { describeBackend, initBackend } from './backend.ts';
export type { BackendInfo, InitBackendOptions } from './backend.ts';
export { BACKEND_NAMES, BACKEND_CANDIDATES, isBackendName } from './names.ts';
export type { BackendName, BackendCandidate } from './names.ts';
export {
  inspectNativePackage,
  nativeBuildKey,
  nativeCacheRoot,
  NATIVE_MARKER,
  TENSORFLOW_VERSION,
  TFJS_NODE_VERSION,
} from './native.ts';
export type { NativeFlavour, NativeInstall, NativeMarker } from './native.ts';
export {
  registerWasmKernels,
  registerCpuKernels,
  registerTensorflowKernels,
  TENSORFLOW_KERNEL_WRAPPERS,
  WASM_KERNELS,
  WASM_KERNEL_WRAPPERS,
  CPU_KERNELS,
} from './kernels/register_all.ts';
export { registerMissingGradients, MISSING_GRADIENTS } from './gradients/register_all.ts';
export { spaceToDepth } from './gradients/depth_to_space_grad.ts';
export { assertImageBatch } from './images/assert_image_batch.ts';
export { imagesFromUint8 } from './images/images_from_uint8.ts';
export { imagesToUint8 } from './images/images_to_uint8.ts';
export { batchNormTrainingNative } from './ops/batch_norm_training.ts';
export type { BatchNormTrainingResult } from './ops/batch_norm_training.ts';
export { TensorPacker } from './ops/tensor_packer.ts';
export { conv2dPerExample, defaultPerExampleConvImpl } from './ops/conv2d_per_example.ts';
export type {
  Conv2dPerExampleOptions,
  PerExampleConvImpl,
  PerExamplePad,
} from './ops/conv2d_per_example.ts';
export { timeMs } from './bench/time_ms.ts';
export { countNativeOps } from './bench/count_native_ops.ts';
export type { TimeOptions } from './bench/time_ms.ts';
export {
  benchmarkConv,
  convFlops,
  describeConv,
  formatHeadline,
  HEADLINE_CONV,
} from './bench/conv_benchmark.ts';
export type { ConvSpec, ConvTiming } from './bench/conv_benchmark.ts';
