/**
 * Do AdA images carry model-specific or universal damage? Makes AdA images of the demo test set
 * against one trained classifier (the source: 1 FGSM step, one offset shared by 8 images, as
 * `ada run`'s quick and cpu-full presets train) and measures every listed classifier on the clean
 * images, on the unperturbed corruption network's output (0 steps) and on those AdA images.
 * A drop on the other models means the images lost what every model reads, not only what the
 * source model reads.
 *
 * ```sh
 * npx tsx bench/diagnostics/ada_transfer.ts --n 256 [--nu 0.015] [--residual] \
 *   RUN_DIR/nominal/seed-0/checkpoint RUN_DIR/nominal/seed-1/checkpoint RUN_DIR/ada/seed-0/checkpoint
 * ```
 *
 * Positional arguments: checkpoint directories of `ada run` (latest checkpoint each); the first
 * is the source.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { AdaAugmenter } from '@ada/ada';
import { makeDemoDataset } from '@ada/data';
import { loadCorruptionNetwork, type Classifier } from '@ada/models';
import { initBackend } from '@ada/tensor';
import { loadClassifierAt } from './checkpoint_arg.ts';

const { values: o, positionals: dirs } = parseArgs({
  options: {
    n: { type: 'string', default: '256' },
    nu: { type: 'string', default: '0.015' },
    residual: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const n = Number(o.n);
if (!Number.isInteger(n) || n < 8 || n % 8 !== 0)
  throw new RangeError(`--n must be a positive multiple of 8, got ${o.n}`);
if (dirs.length === 0) throw new Error('give at least one checkpoint directory (the source)');

await initBackend({ log: false });
const test = makeDemoDataset({ split: 'test', size: n, seed: 0 });
const x = tf.tensor4d(
  Float32Array.from(test.images, (v) => v / 255),
  [n, 32, 32, 3],
);
const source = await loadClassifierAt(dirs[0]!);
const ada = new AdaAugmenter(await loadCorruptionNetwork('rdn-slim-x2'));
const classify = (t: tf.Tensor4D): tf.Tensor2D => source.apply(t, { training: false });
const attacked: tf.Tensor4D[] = [];
const unperturbed: tf.Tensor4D[] = [];
for (let s = 0; s < n; s += 8) {
  const xb = tf.slice(x, [s, 0, 0, 0], [8, -1, -1, -1]) as tf.Tensor4D;
  const labels = Array.from(test.labels.subarray(s, s + 8));
  const cfg = { nu: Number(o.nu), offsets: 'shared' as const, residual: o.residual };
  attacked.push(ada.augment(xb, labels, classify, { ...cfg, steps: 1 }, s).images);
  unperturbed.push(ada.augment(xb, labels, classify, { ...cfg, nu: 0, steps: 0 }, s).images);
  xb.dispose();
}
const adv = tf.concat(attacked, 0);
const id = tf.concat(unperturbed, 0);
tf.dispose([...attacked, ...unperturbed]);

const accuracy = (m: Classifier, t: tf.Tensor4D): string => {
  const pred = tf.tidy(() => tf.argMax(m.apply(t, { training: false }), 1).dataSync());
  return ((100 * Array.from(test.labels).filter((y, i) => pred[i] === y).length) / n).toFixed(1);
};
console.log(
  `AdA images against ${dirs[0]} (nu ${o.nu}, 1 step, shared by 8${o.residual ? ', residual' : ''}), ${n} demo test images, accuracy %:`,
);
console.log('| model | clean | network, unperturbed | AdA (source) |');
console.log('| ----- | ----: | -------------------: | -----------: |');
for (const dir of dirs) {
  const m = dir === dirs[0] ? source : await loadClassifierAt(dir);
  console.log(`| ${dir} | ${accuracy(m, x)} | ${accuracy(m, id)} | ${accuracy(m, adv)} |`);
  if (m !== source) m.dispose();
}
