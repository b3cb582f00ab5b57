/**
 * Where a classifier training step's time goes: wall-clock ms per call and the kernels it runs
 * (count and kernel time per kernel name, from `tf.profile`), for one training step (forward in
 * training mode, cross-entropy, gradients of every trainable variable, SGD Nesterov update) and
 * for one inference forward, batch 64. On the native backend it also counts the TensorFlow ops
 * the addon executes (`binding.executeOp` calls): `tf.profile` lists tfjs kernels only, not the
 * ops that the project's native helpers (batch norm, the fused SGD update's pack and unpack)
 * call directly.
 *
 * ```sh
 * npx tsx bench/diagnostics/train_step_kernels.ts [tensorflow|wasm] [resnet18-w0.125|resnet18-w0.25] [auto|fused|per-tensor]
 * ```
 */
import * as tf from '@tensorflow/tfjs-core';
import { countNativeOps, initBackend } from '@ada/tensor';
import type { ClassifierPreset } from '@ada/models';
import type { SgdUpdateMode } from '@ada/training';
import { makeTrainStep } from './train_step.ts';

const backend = (process.argv[2] ?? 'tensorflow') as 'tensorflow' | 'wasm';
await initBackend({ backend, log: false });
const preset = (process.argv[3] ?? 'resnet18-w0.125') as ClassifierPreset;
const update = (process.argv[4] ?? 'auto') as SgdUpdateMode;
const { step, forward: fwd } = makeTrainStep(preset, update);
await step();
await step();
await fwd();
for (const [name, f] of [
  ['step', step],
  ['fwd', fwd],
] as const) {
  const t0 = performance.now();
  for (let i = 0; i < 3; i++) await f();
  const ms = (performance.now() - t0) / 3;
  const prof = await tf.profile(f);
  const tfOps =
    backend === 'tensorflow'
      ? `, ${(await countNativeOps(async () => void (await f()))).ops} TensorFlow ops`
      : '';
  const by = new Map<string, [number, number]>();
  for (const k of prof.kernels) {
    const e = by.get(k.name) ?? [0, 0];
    e[0]++;
    e[1] += k.kernelTimeMs as number;
    by.set(k.name, e);
  }
  const total = prof.kernels.reduce((a, k) => a + (k.kernelTimeMs as number), 0);
  console.log(
    `${backend} ${name} (${update} update): ${ms.toFixed(1)} ms/call, ${prof.kernels.length} kernels${tfOps}, kernel time ${total.toFixed(1)} ms`,
  );
  console.log(
    [...by.entries()]
      .sort((a, b) => b[1][1] - a[1][1])
      .slice(0, 12)
      .map(([n, [c, t]]) => `  ${n} x${c} ${t.toFixed(1)}ms`)
      .join('\n'),
  );
}
