/**
 * Where a classifier training step's time goes: wall-clock ms per call and the kernels it runs
 * (count and kernel time per kernel name, from `tf.profile`), for one training step (forward in
 * training mode, cross-entropy, gradients of every trainable variable, SGD Nesterov update) and
 * for one inference forward, batch 64.
 *
 * ```sh
 * npx tsx bench/diagnostics/train_step_kernels.ts [tensorflow|wasm] [resnet18-w0.125|resnet18-w0.25]
 * ```
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@ada/tensor';
import { createClassifier } from '@ada/models';
import type { ClassifierPreset } from '@ada/models';
import { crossEntropy, SgdNesterov, PAPER_SGD } from '@ada/training';
const backend = (process.argv[2] ?? 'tensorflow') as 'tensorflow' | 'wasm';
await initBackend({ backend, log: false });
const preset = (process.argv[3] ?? 'resnet18-w0.125') as ClassifierPreset;
const model = createClassifier(preset, { seed: 1 });
const x = tf.randomUniform([64, 32, 32, 3]) as tf.Tensor4D;
const labels = tf.tensor1d(
  Array.from({ length: 64 }, (_, i) => i % 10),
  'int32',
);
const opt = new SgdNesterov(PAPER_SGD);
const trainable = new Set(model.trainableVariables);
const params = Object.entries(model.getWeights())
  .filter(([, t]) => trainable.has(t as tf.Variable))
  .map(([name, t]) => ({ name, variable: t as tf.Variable }));
const step = async () => {
  const { value, grads } = tf.variableGrads(
    () => crossEntropy(model.apply(x, { training: true }) as tf.Tensor2D, labels),
    params.map((p) => p.variable),
  );
  opt.step(
    params.map((p) => ({ ...p, grad: grads[p.variable.name]! })),
    0.01,
  );
  await value.data();
  tf.dispose([value, ...Object.values(grads)]);
};
const fwd = async () => {
  const y = model.apply(x, { training: false });
  await y.data();
  y.dispose();
};
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
  const by = new Map<string, [number, number]>();
  for (const k of prof.kernels) {
    const e = by.get(k.name) ?? [0, 0];
    e[0]++;
    e[1] += k.kernelTimeMs as number;
    by.set(k.name, e);
  }
  const total = prof.kernels.reduce((a, k) => a + (k.kernelTimeMs as number), 0);
  console.log(
    `${backend} ${name}: ${ms.toFixed(1)} ms/call, ${prof.kernels.length} kernels, kernel time ${total.toFixed(1)} ms`,
  );
  console.log(
    [...by.entries()]
      .sort((a, b) => b[1][1] - a[1][1])
      .slice(0, 12)
      .map(([n, [c, t]]) => `  ${n} x${c} ${t.toFixed(1)}ms`)
      .join('\n'),
  );
}
