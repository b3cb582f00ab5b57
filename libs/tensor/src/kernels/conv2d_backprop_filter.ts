import { backend_util, Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
import type {
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropFilterInputs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import type { KernelBackend } from '@tensorflow/tfjs-core';
import { callKernel, release } from './wasm_call.ts';

/**
 * `Conv2DBackpropFilter` for the wasm backend, which ships none (so no convolutional network
 * could be trained on it), and for the cpu backend, whose own is about 40x slower than a forward
 * convolution. `backendName` says whose kernels it composes.
 *
 * Inputs: `x` [N, H, W, Cin] and `dy` [N, Ho, Wo, Cout], float32, NHWC; attrs as tfjs's
 * `conv2DBackpropFilter` (`strides`, `pad` 'same' | 'valid' | number | explicit,
 * `dimRoundingMode`, `filterShape` [kh, kw, Cin, Cout]). Output: dW [kh, kw, Cin, Cout].
 * Dilation is 1 (tfjs refuses gradients of dilated convolutions anyway); NCHW is rejected.
 *
 * How: the filter gradient is itself a convolution,
 * `dW[i, j, ci, co] = sum_{n, y, x} x[n, s*y + i - top, s*x + j - left, ci] * dy[n, y, x, co]`,
 * so with `x` transposed to [Cin, H, W, N] (channels become the batch, the batch becomes the
 * contraction channel) and `dy` transposed to [Ho, Wo, N, Cout] (used as a filter with
 * dilation = stride), one call of the backend's `Conv2D` (XNNPACK on wasm) computes [Cin, kh, kw, Cout]
 * with the same FLOPs as the forward pass. The conv's explicit padding replaces a pad copy.
 * Input rows past the last one the forward pass read (`valid`, or a stride that does not divide
 * evenly) would widen the result: those few extra output taps are computed and dropped, which
 * is cheaper than cropping `x`. Per-tap matrix products over shifted input slices measured
 * slower here, as wasm's 4-D slices cost about as much as the products.
 *
 * ```ts
 * const dW = tf.conv2DBackpropFilter(x, dy, [3, 3, 64, 64], 1, 'same'); // runs this kernel on wasm
 * ```
 */
export function conv2DBackpropFilterViaConv(
  backendName: 'wasm' | 'cpu',
  args: {
    inputs: Conv2DBackpropFilterInputs;
    backend: KernelBackend;
    attrs: Conv2DBackpropFilterAttrs;
  },
): TensorInfo {
  const { inputs, backend, attrs } = args;
  const call = (name: string, ins: Parameters<typeof callKernel>[2], at: object): TensorInfo =>
    callKernel(backendName, name, ins, at, backend);
  const { x, dy } = inputs;
  if (x === undefined || dy === undefined) {
    throw new Error("Arguments 'x' and 'dy' passed to 'Conv2DBackpropFilter' are required");
  }
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== 'channelsLast') {
    throw new Error(
      `Argument 'dataFormat' passed to 'Conv2DBackpropFilter' on wasm must be 'NHWC', but got '${dataFormat}'`,
    );
  }
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    format,
  );
  const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth, inChannels, outChannels, padInfo } = info;
  if (dy.shape[1] !== outHeight || dy.shape[2] !== outWidth || dy.shape[3] !== outChannels) {
    throw new Error(
      `Argument 'dy' passed to 'Conv2DBackpropFilter' must have shape [${info.batchSize},${outHeight},${outWidth},${outChannels}], but got [${dy.shape.join(',')}]`,
    );
  }
  // Rows (columns) of the padded input the forward pass read: strideHeight*(Ho-1)+kh.
  const bottom = strideHeight * (outHeight - 1) + filterHeight - padInfo.top - inHeight;
  const right = strideWidth * (outWidth - 1) + filterWidth - padInfo.left - inWidth;
  const extraH = Math.max(0, -bottom);
  const extraW = Math.max(0, -right);

  const xt = call('Transpose', { x }, { perm: [3, 1, 2, 0] }); // [Cin, H, W, N]
  const dyt = call('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }); // [Ho, Wo, N, Cout]
  const explicit: backend_util.ExplicitPadding = [
    [0, 0],
    [padInfo.top, Math.max(0, bottom)],
    [padInfo.left, Math.max(0, right)],
    [0, 0],
  ];
  let grad = call(
    'Conv2D',
    { x: xt, filter: dyt },
    { strides: [1, 1], pad: explicit, dataFormat: 'NHWC', dilations: [strideHeight, strideWidth] },
  ); // [Cin, kh + extraH, kw + extraW, Cout]
  release(backend, xt, dyt);
  if (extraH > 0 || extraW > 0) {
    const cropped = call(
      'Slice',
      { x: grad },
      { begin: [0, 0, 0, 0], size: [inChannels, filterHeight, filterWidth, outChannels] },
    );
    release(backend, grad);
    grad = cropped;
  }
  const out = call('Transpose', { x: grad }, { perm: [1, 2, 0, 3] });
  release(backend, grad);
  return out;
}

export const conv2DBackpropFilterWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ((args: Parameters<typeof conv2DBackpropFilterViaConv>[1]) =>
    conv2DBackpropFilterViaConv('wasm', args)) as unknown as KernelFunc,
};

/**
 * The same kernel for the cpu backend, whose own `Conv2DBackpropFilter` runs about 40x slower
 * than its forward convolution (measured: 11.4 s vs 0.29 s, x [2,32,32,64], 3x3 64->64); its
 * im2col `Conv2D` handles the dilated formulation at forward speed.
 */
export const conv2DBackpropFilterCpuConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'cpu',
  kernelFunc: ((args: Parameters<typeof conv2DBackpropFilterViaConv>[1]) =>
    conv2DBackpropFilterViaConv('cpu', args)) as unknown as KernelFunc,
};
