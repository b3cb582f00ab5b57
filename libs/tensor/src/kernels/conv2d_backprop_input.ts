import { backend_util, Conv2DBackpropInput, util } from '@tensorflow/tfjs-core';
import type {
  Conv2DBackpropInputAttrs,
  Conv2DBackpropInputInputs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callWasm, release } from './wasm_call.ts';

/** How one output phase (rows `a`, `a + s`, `a + 2s`, ...) of the input gradient is computed. */
interface PhasePlan {
  /** Output rows in this phase: ceil((H - a) / s). */
  count: number;
  /** Filter taps i = first, first + s, ..., `taps` of them, that reach this phase. */
  first: number;
  taps: number;
  /** dy rows [begin, end] read, and the zero rows to add before and after them. */
  begin: number;
  end: number;
  padBefore: number;
  padAfter: number;
}

/**
 * Along one axis, the rows of dx with index = a (mod s) only receive filter taps i with
 * i = a + padTop (mod s): dx[s*u + a] = sum_t dy[u + c - t] * w[first + s*t], c = floor((a + padTop) / s).
 * That is a stride-1 correlation of dy with the reversed sub-filter, starting at row c - taps + 1.
 */
function planPhase(
  a: number,
  s: number,
  k: number,
  top: number,
  inSize: number,
  outSize: number,
): PhasePlan {
  const count = Math.ceil((inSize - a) / s);
  const first = (a + top) % s;
  const taps = first < k ? Math.ceil((k - first) / s) : 0;
  const c = Math.floor((a + top) / s);
  const lo = c - taps + 1;
  const hi = count - 1 + c;
  return {
    count,
    first,
    taps,
    begin: Math.max(0, lo),
    end: Math.min(outSize - 1, hi),
    padBefore: Math.max(0, -lo),
    padAfter: Math.max(0, hi - (outSize - 1)),
  };
}

/**
 * `Conv2DBackpropInput` for the wasm backend, replacing the shipped kernel, which runs about
 * 9x slower than the forward convolution of the same size.
 *
 * Inputs: `dy` [N, Ho, Wo, Cout] and `filter` [kh, kw, Cin, Cout], float32, NHWC; attrs as tfjs's
 * `conv2DBackpropInput` (`inputShape` [N, H, W, Cin], `strides`, `pad` 'same' | 'valid' | number
 * | explicit, `dimRoundingMode`). Output: dx [N, H, W, Cin]. Dilation is 1; NCHW is rejected.
 * Also serves `tf.conv2dTranspose`, which is this kernel.
 *
 * How: the input gradient is a forward convolution of dy with the spatially flipped filter,
 * its in/out channels swapped, run by the backend's XNNPACK `Conv2D`. With stride s > 1 the
 * usual zero-insertion would waste (1 - 1/s^2) of the work, so dx is split into s*s phases
 * (rows = a mod s, columns = b mod s): each phase is a stride-1 convolution of dy with the taps
 * that reach it (for 3x3 stride 2: 2x2, 2x1, 1x2 and 1x1 sub-filters, 9 taps in all, exactly the
 * forward FLOPs), and the phases are interleaved into dx with one pass of JS copies on the wasm
 * heap. Taps that reach no phase (e.g. 1x1 stride 2: odd rows) leave zeros.
 *
 * ```ts
 * const dx = tf.conv2dTranspose(dy, w, [8, 32, 32, 64], 2, 'same'); // runs this kernel on wasm
 * ```
 */
export function conv2DBackpropInputWasm(args: {
  inputs: Conv2DBackpropInputInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropInputAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs;
  if (dy === undefined || filter === undefined) {
    throw new Error("Arguments 'dy' and 'filter' passed to 'Conv2DBackpropInput' are required");
  }
  const { inputShape, strides, pad, dataFormat, dimRoundingMode } = attrs;
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== 'channelsLast') {
    throw new Error(
      `Argument 'dataFormat' passed to 'Conv2DBackpropInput' on wasm must be 'NHWC', but got '${dataFormat}'`,
    );
  }
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    format,
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, padInfo } = info;
  if (dy.shape[1] !== outHeight || dy.shape[2] !== outWidth || dy.shape[3] !== outChannels) {
    throw new Error(
      `Argument 'dy' passed to 'Conv2DBackpropInput' must have shape [${batchSize},${outHeight},${outWidth},${outChannels}], but got [${dy.shape.join(',')}]`,
    );
  }
  const w = backend.readSync(filter.dataId) as Float32Array; // [kh, kw, Cin, Cout], small

  const phaseOutputs: Array<{ a: number; b: number; out: TensorInfo } | undefined> = [];
  for (let a = 0; a < sh; a++) {
    const rows = planPhase(a, sh, kh, padInfo.top, inHeight, outHeight);
    for (let b = 0; b < sw; b++) {
      const cols = planPhase(b, sw, kw, padInfo.left, inWidth, outWidth);
      if (rows.count <= 0 || cols.count <= 0) continue;
      if (rows.taps === 0 || cols.taps === 0 || rows.end < rows.begin || cols.end < cols.begin) {
        phaseOutputs.push(undefined); // no tap reaches this phase: zeros
        continue;
      }
      // Sub-filter [taps_r, taps_c, Cout, Cin], reversed in space, channels swapped.
      const sub = new Float32Array(rows.taps * cols.taps * outChannels * inChannels);
      let o = 0;
      for (let t = 0; t < rows.taps; t++) {
        const i = rows.first + sh * (rows.taps - 1 - t);
        for (let r = 0; r < cols.taps; r++) {
          const j = cols.first + sw * (cols.taps - 1 - r);
          const base = (i * kw + j) * inChannels * outChannels;
          for (let co = 0; co < outChannels; co++) {
            for (let ci = 0; ci < inChannels; ci++) sub[o++] = w[base + ci * outChannels + co]!;
          }
        }
      }
      const subFilter = backend.makeOutput(
        [rows.taps, cols.taps, outChannels, inChannels],
        'float32',
        undefined,
        sub,
      );
      const cropped =
        rows.begin > 0 || rows.end < outHeight - 1 || cols.begin > 0 || cols.end < outWidth - 1;
      const source = cropped
        ? callWasm(
            'Slice',
            { x: dy },
            {
              begin: [0, rows.begin, cols.begin, 0],
              size: [batchSize, rows.end - rows.begin + 1, cols.end - cols.begin + 1, outChannels],
            },
            backend,
          )
        : dy;
      const out = callWasm(
        'Conv2D',
        { x: source, filter: subFilter },
        {
          strides: [1, 1],
          pad: [
            [0, 0],
            [rows.padBefore, rows.padAfter],
            [cols.padBefore, cols.padAfter],
            [0, 0],
          ],
          dataFormat: 'NHWC',
          dilations: [1, 1],
        },
        backend,
      );
      release(backend, subFilter);
      if (cropped) release(backend, source);
      if (sh === 1 && sw === 1) return out; // one phase: it is dx
      phaseOutputs.push({ a, b, out });
    }
  }

  // Interleave the phases: dx[n, s*u + a, s*v + b, :] = phase_ab[n, u, v, :].
  const dx = backend.makeOutput([batchSize, inHeight, inWidth, inChannels], 'float32');
  // Views on the wasm heap are taken after the last allocation, which may grow (move) the heap.
  const dst = backend.typedArrayFromHeap(dx) as Float32Array;
  if (phaseOutputs.includes(undefined)) dst.fill(0);
  const c = inChannels;
  for (const phase of phaseOutputs) {
    if (phase === undefined) continue;
    const { a, b, out } = phase;
    const src = backend.typedArrayFromHeap(out) as Float32Array;
    const [, rowsU, colsV] = out.shape as [number, number, number, number];
    for (let n = 0; n < batchSize; n++) {
      for (let u = 0; u < rowsU; u++) {
        let s = (n * rowsU + u) * colsV * c;
        let d = ((n * inHeight + sh * u + a) * inWidth + b) * c;
        const step = sw * c;
        if (c >= 32) {
          for (let v = 0; v < colsV; v++, s += c, d += step) dst.set(src.subarray(s, s + c), d);
        } else {
          for (let v = 0; v < colsV; v++, d += step - c) {
            for (let k = 0; k < c; k++) dst[d++] = src[s++]!;
          }
        }
      }
    }
    release(backend, out);
  }
  util.assert(dx.shape.length === 4, () => 'dx must be rank 4');
  return dx;
}

export const conv2DBackpropInputWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInputWasm as unknown as KernelFunc,
};
