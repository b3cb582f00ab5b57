import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import { nativeBackend, type NativeBackend } from './native_backend.ts';

/** The int32 tensors the native path feeds its ops, made once per backend and kept. */
interface NativeCache {
  backend: NativeBackend;
  /** DynamicStitch's `indices`: tensor i holds positions offset_i .. offset_i + size_i - 1 in shape i. */
  positions: Tensor[];
  /** SplitV's `size_splits` [N] and `split_dim`. */
  sizeSplits: Tensor1D;
  axis: Scalar;
  /** Reshape's `shape` of every tensor. */
  shapes: Tensor1D[];
}

/**
 * Packs a fixed list of float32 tensors into one flat float32 tensor (row-major, in list order)
 * and unpacks such a flat tensor back into tensors of the original shapes. For elementwise work
 * over many tensors at once (an optimizer's update), so that it runs as a handful of kernels on
 * one flat tensor instead of a handful per tensor.
 *
 * Shapes are given once. On the native backend `pack` is one TensorFlow `DynamicStitch` and
 * `unpack` one `SplitV` plus one `Reshape` per tensor, fed from int32 tensors made on first use
 * and kept (freed by `dispose`): N + 1 kernels for both directions and no upload per call. On
 * other backends it is `concat` of reshapes and `split` then reshapes (a reshape there shares the
 * data). Not differentiable: the native calls bypass the gradient tape.
 *
 * Inputs of `pack`: N float32 tensors with exactly the given shapes. Output: float32 [total
 * size]. `unpack` takes float32 [total size] and returns N new tensors; both leave their
 * inputs alone and dispose their intermediates.
 *
 * ```ts
 * const packer = new TensorPacker([[3, 3, 4, 8], [8]]);
 * const flat = packer.pack([w, b]); // [296]
 * const [w2, b2] = packer.unpack(tf.mul(flat, 2)); // [3, 3, 4, 8], [8]
 * packer.dispose();
 * ```
 */
export class TensorPacker {
  readonly shapes: readonly (readonly number[])[];
  readonly sizes: readonly number[];
  /** Number of elements of the flat tensor. */
  readonly size: number;
  private native: NativeCache | undefined;

  constructor(shapes: readonly (readonly number[])[]) {
    if (shapes.length === 0) {
      throw new RangeError("Argument 'shapes' passed to 'TensorPacker' must not be empty");
    }
    shapes.forEach((shape, i) => {
      if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
        throw new RangeError(
          `Argument 'shapes[${i}]' passed to 'TensorPacker' must hold integers >= 0, got [${shape.join(', ')}]`,
        );
      }
    });
    this.shapes = shapes.map((s) => [...s]);
    this.sizes = shapes.map((s) => s.reduce((a, d) => a * d, 1));
    this.size = this.sizes.reduce((a, n) => a + n, 0);
  }

  /** One flat float32 tensor [size] holding `tensors` in order. */
  pack(tensors: readonly Tensor[]): Tensor1D {
    this.checkParts(tensors);
    const native = this.nativeCache();
    if (native) {
      const b = native.backend.binding;
      return native.backend.executeSingleOutput(
        'DynamicStitch',
        [
          { name: 'N', type: b.TF_ATTR_INT, value: tensors.length },
          { name: 'T', type: b.TF_ATTR_TYPE, value: b.TF_FLOAT },
        ],
        [...native.positions, ...tensors],
      ) as Tensor1D;
    }
    return tf.tidy(() => tf.concat(tensors.map((t) => tf.reshape(t, [-1])))) as Tensor1D;
  }

  /** New tensors of the packed shapes from a flat float32 tensor [size]. */
  unpack(flat: Tensor): Tensor[] {
    if (flat.rank !== 1 || flat.shape[0] !== this.size || flat.dtype !== 'float32') {
      throw new Error(
        `Argument 'flat' passed to 'TensorPacker.unpack' must be float32 [${this.size}], got ${flat.dtype} [${flat.shape.join(', ')}]`,
      );
    }
    const native = this.nativeCache();
    if (native) {
      const b = native.backend.binding;
      const parts = native.backend.executeMultipleOutputs(
        'SplitV',
        [
          { name: 'num_split', type: b.TF_ATTR_INT, value: this.sizes.length },
          { name: 'T', type: b.TF_ATTR_TYPE, value: b.TF_FLOAT },
          { name: 'Tlen', type: b.TF_ATTR_TYPE, value: b.TF_INT32 },
        ],
        [flat, native.sizeSplits, native.axis],
        this.sizes.length,
      );
      const reshapeAttrs = [
        { name: 'T', type: b.TF_ATTR_TYPE, value: b.TF_FLOAT },
        { name: 'Tshape', type: b.TF_ATTR_TYPE, value: b.TF_INT32 },
      ];
      const out = parts.map((p, i) =>
        native.backend.executeSingleOutput('Reshape', reshapeAttrs, [p, native.shapes[i]!]),
      );
      tf.dispose(parts);
      return out;
    }
    return tf.tidy(() =>
      tf.split(flat, [...this.sizes]).map((p, i) => tf.reshape(p, [...this.shapes[i]!])),
    );
  }

  /** Frees the kept int32 tensors of the native path. */
  dispose(): void {
    if (this.native) {
      const { positions, sizeSplits, axis, shapes } = this.native;
      tf.dispose([...positions, sizeSplits, axis, ...shapes]);
      this.native = undefined;
    }
  }

  private checkParts(tensors: readonly Tensor[]): void {
    if (tensors.length !== this.shapes.length) {
      throw new Error(
        `Argument 'tensors' passed to 'TensorPacker.pack' must hold ${this.shapes.length} tensors, got ${tensors.length}`,
      );
    }
    tensors.forEach((t, i) => {
      const want = this.shapes[i]!;
      if (
        t.dtype !== 'float32' ||
        t.rank !== want.length ||
        !t.shape.every((d, k) => d === want[k])
      ) {
        throw new Error(
          `Argument 'tensors[${i}]' passed to 'TensorPacker.pack' must be float32 [${want.join(', ')}], got ${t.dtype} [${t.shape.join(', ')}]`,
        );
      }
    });
  }

  /** The native path's kept tensors, made on first use on tfjs-node; undefined on other backends. */
  private nativeCache(): NativeCache | undefined {
    const backend = nativeBackend();
    if (backend === undefined) return undefined;
    if (this.native?.backend === backend) return this.native;
    this.dispose();
    // Kept: made inside the caller's tidy, they live until `dispose`.
    let offset = 0;
    const positions = this.shapes.map((shape, i) => {
      const ids = new Int32Array(this.sizes[i]!);
      for (let k = 0; k < ids.length; k++) ids[k] = offset + k;
      offset += ids.length;
      return tf.keep(tf.tensor(ids, [...shape], 'int32'));
    });
    this.native = {
      backend,
      positions,
      sizeSplits: tf.keep(tf.tensor1d([...this.sizes], 'int32')),
      axis: tf.keep(tf.scalar(0, 'int32')),
      shapes: this.shapes.map((s) => tf.keep(tf.tensor1d([...s], 'int32'))),
    };
    return this.native;
  }
}
