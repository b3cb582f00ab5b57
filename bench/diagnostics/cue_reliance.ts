/**
 * What a trained classifier relies on, on the demo dataset: its accuracy on the demo test images
 * and on their shape-only copies (same scenes, object hue and texture redrawn independently of
 * the label, `makeDemoDataset({ cues: 'shape-only' })`). A model that reads the shape loses
 * little; one that reads the class-leaning texture and hue loses much.
 *
 * ```sh
 * npx tsx bench/diagnostics/cue_reliance.ts --n 2000 \
 *   nominal-s0=RUN_DIR/nominal/seed-0/checkpoint ada-s0=RUN_DIR/ada/seed-0/checkpoint
 * ```
 *
 * Each positional argument is LABEL=DIR[@KEY]: a checkpoint directory of `ada run` (KEY defaults
 * to the latest checkpoint; see `checkpoint_arg.ts`).
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { makeDemoDataset, type Dataset } from '@ada/data';
import type { Classifier } from '@ada/models';
import { initBackend } from '@ada/tensor';
import { labelled, loadClassifierAt } from './checkpoint_arg.ts';

const { values: o, positionals } = parseArgs({
  options: { n: { type: 'string', default: '2000' }, seed: { type: 'string', default: '0' } },
  allowPositionals: true,
});
const n = Number(o.n);
if (!Number.isInteger(n) || n < 1)
  throw new RangeError(`--n must be a positive integer, got ${o.n}`);
if (positionals.length === 0) throw new Error('give at least one LABEL=DIR[@KEY] checkpoint');

await initBackend({ log: false });
const seed = Number(o.seed);
const cued = makeDemoDataset({ split: 'test', size: n, seed });
const shapeOnly = makeDemoDataset({ split: 'test', size: n, seed, cues: 'shape-only' });

function accuracy(model: Classifier, ds: Dataset): number {
  let ok = 0;
  const per = 32 * 32 * 3;
  for (let s = 0; s < n; s += 200) {
    const size = Math.min(200, n - s);
    const pred = tf.tidy(() => {
      const x = tf.tensor4d(
        Float32Array.from(ds.images.subarray(s * per, (s + size) * per), (v) => v / 255),
        [size, 32, 32, 3],
      );
      return tf.argMax(model.apply(x, { training: false }), 1).dataSync();
    });
    for (let i = 0; i < size; i++) if (pred[i] === ds.labels[s + i]) ok++;
  }
  return ok / n;
}

console.log(`| model | demo test (%) | shape-only copies (%) | kept (%) |`);
console.log(`| ----- | ------------: | --------------------: | -------: |`);
for (const arg of positionals) {
  const { label, at } = labelled(arg);
  const classifier = await loadClassifierAt(at);
  const a = accuracy(classifier, cued);
  const b = accuracy(classifier, shapeOnly);
  console.log(
    `| ${label} | ${(100 * a).toFixed(2)} | ${(100 * b).toFixed(2)} | ${((100 * b) / a).toFixed(1)} |`,
  );
  classifier.dispose();
}
