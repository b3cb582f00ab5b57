import * as tf from '@tensorflow/tfjs-core';

/**
 * Converts `n` RGB images of `h` x `w` pixels stored as uint8 NHWC bytes (the wire and disk
 * format: CIFAR-10 binary batches after reordering, `.npy` arrays, decoded PNGs) into the
 * in-code format: a float32 tensor of shape [n, h, w, 3] with values `byte / 255` in [0, 1].
 *
 * ```ts
 * const x = imagesFromUint8(bytes, 8, 32, 32); // Tensor4D [8, 32, 32, 3], float32
 * ```
 */
export function imagesFromUint8(data: Uint8Array, n: number, h: number, w: number): tf.Tensor4D {
  for (const [name, value] of [
    ['n', n],
    ['h', h],
    ['w', w],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(
        `Argument '${name}' passed to 'imagesFromUint8' must be a non-negative integer, but got ${value}`,
      );
    }
  }
  if (!(data instanceof Uint8Array) || data.length !== n * h * w * 3) {
    throw new Error(
      `Argument 'data' passed to 'imagesFromUint8' must be a Uint8Array of n*h*w*3 = ${n * h * w * 3} bytes, but got ${data instanceof Uint8Array ? `${data.length} bytes` : typeof data}`,
    );
  }
  const values = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) values[i] = data[i]! / 255;
  return tf.tensor4d(values, [n, h, w, 3], 'float32');
}
