import * as tf from '@tensorflow/tfjs-core';

/**
 * Test helpers shared by the kernel tests (not exported from the package): deterministic
 * inputs, running one computation on two backends, and the error measure the gradient
 * checks use.
 */

/** Deterministic values in [-1, 1) from a 32-bit LCG, so both backends see the same inputs. */
export function seededValues(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/** Runs `f` on `backend` inside `tidy` and reads back every output tensor. */
export async function runOn(
  backend: 'wasm' | 'cpu' | 'tensorflow',
  f: () => tf.Tensor | tf.Tensor[],
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(() => {
    const r = f();
    return Array.isArray(r) ? r : [r];
  });
  const data = await Promise.all(outs.map(async (t) => Float32Array.from(await t.data())));
  tf.dispose(outs);
  return data;
}

/** max |a - b| / max |b|: the relative error the kernel checks hold below 1e-4. */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

/**
 * Runs `f` on wasm and on cpu and returns the largest relative error over its outputs;
 * `f` must build its inputs itself (e.g. with `seededValues`), so each backend owns them.
 */
export async function wasmVsCpu(f: () => tf.Tensor | tf.Tensor[]): Promise<number> {
  const wasm = await runOn('wasm', f);
  const cpu = await runOn('cpu', f);
  await tf.setBackend('wasm');
  return Math.max(...wasm.map((w, i) => relativeError(w, cpu[i]!)));
}
