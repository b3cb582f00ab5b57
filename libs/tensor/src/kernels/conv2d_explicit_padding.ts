import * as tf from '@tensorflow/tfjs-core';
import { backend_util, Conv2DBackpropFilter, Conv2DBackpropInput } from '@tensorflow/tfjs-core';
import type {
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropInputAttrs,
  KernelConfig,
  KernelFunc,
  NamedAttrMap,
  Tensor,
  TensorInfo,
} from '@tensorflow/tfjs-core';

type KernelArgs = Parameters<KernelFunc>[0];

/** The four pads of an NHWC conv's `pad` attr, or undefined for 'valid' / 'same'. */
function explicitPads(
  pad: Conv2DBackpropInputAttrs['pad'],
  inShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  strides: [number, number] | number,
  dimRoundingMode: Conv2DBackpropInputAttrs['dimRoundingMode'],
): { top: number; bottom: number; left: number; right: number } | undefined {
  if (pad === 'valid' || pad === 'same') return undefined;
  const { padInfo } = backend_util.computeConv2DInfo(
    inShape,
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  return padInfo;
}

function requireNhwc(kernel: string, dataFormat: 'NHWC' | 'NCHW' | undefined): void {
  if (backend_util.convertConv2DDataFormat(dataFormat ?? 'NHWC') !== 'channelsLast') {
    throw new Error(
      `Argument 'dataFormat' passed to '${kernel}' with explicit padding must be 'NHWC', but got '${dataFormat}'`,
    );
  }
}

/**
 * Wraps the native (`tensorflow`) backend's `Conv2DBackpropInput` so that it accepts explicit
 * padding, which tfjs-node refuses ("TF Backend supports only 'valid' and 'same'
 * padding"; its forward `Conv2D` accepts them, so every network with an explicitly padded
 * convolution failed in its first backward pass). Inputs and attrs as tfjs's
 * `conv2DBackpropInput` (`dy` [N, Ho, Wo, Cout], `filter` [kh, kw, Cin, Cout], NHWC); output dx
 * of `inputShape`. How: the forward conv is a 'valid' conv of the zero-padded input, so dx is
 * the 'valid' input gradient over the padded shape, with the padding sliced off.
 *
 * ```ts
 * registerKernel(explicitPaddingBackpropInput(getKernel('Conv2DBackpropInput', 'tensorflow')!));
 * ```
 */
export function explicitPaddingBackpropInput(original: KernelConfig): KernelConfig {
  if (original.kernelName !== Conv2DBackpropInput) {
    throw new Error(
      `Argument 'original' passed to 'explicitPaddingBackpropInput' must be the Conv2DBackpropInput kernel, but is '${original.kernelName}'`,
    );
  }
  const kernelFunc = (args: KernelArgs): TensorInfo | TensorInfo[] => {
    const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
    const filter = args.inputs.filter as TensorInfo;
    const pads = explicitPads(
      attrs.pad,
      attrs.inputShape,
      filter.shape as [number, number, number, number],
      attrs.strides,
      attrs.dimRoundingMode,
    );
    if (pads === undefined) return original.kernelFunc(args);
    requireNhwc(Conv2DBackpropInput, attrs.dataFormat);
    const [n, h, w, c] = attrs.inputShape;
    const padded = original.kernelFunc({
      ...args,
      attrs: {
        ...attrs,
        pad: 'valid',
        inputShape: [n, h + pads.top + pads.bottom, w + pads.left + pads.right, c],
      } as unknown as NamedAttrMap,
    }) as Tensor;
    const dx = tf.slice(padded, [0, pads.top, pads.left, 0], [n, h, w, c]);
    padded.dispose();
    return dx;
  };
  return { ...original, kernelFunc };
}

/**
 * Wraps the native backend's `Conv2DBackpropFilter` so that it accepts explicit padding
 * (see `explicitPaddingBackpropInput`). Inputs `x` [N, H, W, Cin], `dy`; output dW of
 * `filterShape`. How: dW of the conv equals dW of a 'valid' conv over the zero-padded `x`.
 */
export function explicitPaddingBackpropFilter(original: KernelConfig): KernelConfig {
  if (original.kernelName !== Conv2DBackpropFilter) {
    throw new Error(
      `Argument 'original' passed to 'explicitPaddingBackpropFilter' must be the Conv2DBackpropFilter kernel, but is '${original.kernelName}'`,
    );
  }
  const kernelFunc = (args: KernelArgs): TensorInfo | TensorInfo[] => {
    const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
    const x = args.inputs.x as Tensor;
    const pads = explicitPads(
      attrs.pad,
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      attrs.dimRoundingMode,
    );
    if (pads === undefined) return original.kernelFunc(args);
    requireNhwc(Conv2DBackpropFilter, attrs.dataFormat);
    const xp = tf.pad(x, [
      [0, 0],
      [pads.top, pads.bottom],
      [pads.left, pads.right],
      [0, 0],
    ]);
    const dw = original.kernelFunc({
      ...args,
      inputs: { ...args.inputs, x: xp },
      attrs: { ...attrs, pad: 'valid' } as unknown as NamedAttrMap,
    });
    xp.dispose();
    return dw;
  };
  return { ...original, kernelFunc };
}
