import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '@ada/data';
import { AdaError } from '@ada/errors';
import type { Classifier } from '@ada/models';
import { corruptBatch, type CorruptionName } from '@ada/corruptions';
import { formatEps, robustAccuracy, type AttackModel, type Norm } from '@ada/attacks';
import type { LpEvalConfig } from './presets.ts';

/**
 * Arg-max predictions of `model` (inference mode) on uint8 NHWC images, in batches.
 * @param images `[n, h, w, 3]` uint8 values back to back
 */
export async function predictLabels(
  model: Classifier,
  images: Uint8Array,
  shape: readonly [number, number, number, 3],
  batchSize = 256,
): Promise<Int32Array> {
  const [n, h, w] = shape;
  const size = h * w * 3;
  if (images.length !== n * size) {
    throw new RangeError(
      `Argument 'images' passed to 'predictLabels' must hold [${shape.join(', ')}] = ${n * size} values, got ${images.length}`,
    );
  }
  const out = new Int32Array(n);
  const buf = new Float32Array(Math.min(batchSize, n) * size);
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const view = buf.subarray(0, count * size);
    const src = images.subarray(start * size, (start + count) * size);
    for (let j = 0; j < view.length; j++) view[j] = src[j]! / 255;
    const pred = tf.tidy(() => {
      const x = tf.tensor4d(view, [count, h, w, 3]);
      return tf.argMax(model.apply(x, { training: false }), -1);
    });
    out.set((await pred.data()) as Int32Array, start);
    pred.dispose();
  }
  return out;
}

/** Top-1 accuracy in [0, 1] of `model` on `ds`. */
export async function evaluateAccuracy(
  model: Classifier,
  ds: Dataset,
  batchSize = 256,
): Promise<number> {
  const pred = await predictLabels(model, ds.images, ds.shape, batchSize);
  return agreement(pred, ds.labels);
}

function agreement(pred: Int32Array, labels: ArrayLike<number>): number {
  let hits = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) hits++;
  return pred.length > 0 ? hits / pred.length : NaN;
}

/** One corrupted copy of a test set: corruption `name` at `severity` (1..5). */
export interface CorruptedSet {
  corruption: CorruptionName;
  severity: number;
  images: Uint8Array;
}

/** A CIFAR-10-C style benchmark: corrupted copies of one test set, sharing its labels. */
export interface CorruptionBenchmark {
  /** Where it came from, e.g. `generated from demo-test (seed 0)` or `CIFAR-10-C files in DIR`. */
  source: string;
  shape: [number, number, number, 3];
  labels: Uint8Array;
  sets: CorruptedSet[];
}

/**
 * Generates the corruption benchmark of `test`: every corruption of `corruptions` at severities
 * 1..5, seeded per image (`corruptBatch`'s per-image seeding), the layout of CIFAR-10-C.
 */
interface BenchmarkOptions {
  seed?: number;
  severities?: readonly number[];
  onProgress?(done: number, total: number, name: string): void;
}

/** The benchmark's sets one at a time (what both generators below step through). */
function* corruptedSets(
  test: Dataset,
  corruptions: readonly CorruptionName[],
  options: BenchmarkOptions,
): Generator<CorruptedSet> {
  const [n, h, w] = test.shape;
  const severities = options.severities ?? [1, 2, 3, 4, 5];
  const total = corruptions.length * severities.length;
  let done = 0;
  for (const corruption of corruptions) {
    for (const severity of severities) {
      const images = corruptBatch(corruption, test.images, n, h, w, severity, {
        seed: options.seed ?? 0,
      });
      yield { corruption, severity, images };
      options.onProgress?.(++done, total, `${corruption}/${severity}`);
    }
  }
}

function benchmarkOf(test: Dataset, sets: CorruptedSet[], seed = 0): CorruptionBenchmark {
  const [n, h, w] = test.shape;
  return {
    source: `generated from ${test.name} (seed ${seed})`,
    shape: [n, h, w, 3],
    labels: test.labels,
    sets,
  };
}

export function generateCorruptionBenchmark(
  test: Dataset,
  corruptions: readonly CorruptionName[],
  options: BenchmarkOptions = {},
): CorruptionBenchmark {
  return benchmarkOf(test, [...corruptedSets(test, corruptions, options)], options.seed);
}

/**
 * `generateCorruptionBenchmark` that lets the event loop run between sets (minutes of work at
 * `cpu-full`'s size) and stops with `BenchmarkStoppedError` once `signal` is aborted, so Ctrl-C and
 * SIGTERM are answered while the benchmark is built, not after it.
 */
export async function generateCorruptionBenchmarkAsync(
  test: Dataset,
  corruptions: readonly CorruptionName[],
  options: BenchmarkOptions & { signal?: AbortSignal } = {},
): Promise<CorruptionBenchmark> {
  const sets: CorruptedSet[] = [];
  const stopped = (): BenchmarkStoppedError =>
    new BenchmarkStoppedError(
      `stopped while generating the corruption benchmark (${sets.length} of ${corruptions.length * (options.severities ?? [1, 2, 3, 4, 5]).length} sets; nothing trained yet, so there is nothing to checkpoint)`,
    );
  for (const set of corruptedSets(test, corruptions, options)) {
    sets.push(set);
    await new Promise<void>((done) => setImmediate(done));
    if (options.signal?.aborted) throw stopped();
  }
  return benchmarkOf(test, sets, options.seed);
}

/** A run stopped on request before it trained anything (see `generateCorruptionBenchmarkAsync`). */
export class BenchmarkStoppedError extends AdaError {
  constructor(message: string) {
    super(message, { code: 'STOPPED' });
  }
}

/** Top-1 error per corruption, one entry per severity in the benchmark's order. */
export type CorruptionErrors = Partial<
  Record<CorruptionName, { severity: number; error: number }[]>
>;

/** Top-1 error of `model` on every set of `bench`. */
export async function evaluateCorruptionBenchmark(
  model: Classifier,
  bench: CorruptionBenchmark,
  options: {
    batchSize?: number;
    onProgress?(done: number, total: number, name: string): void;
  } = {},
): Promise<CorruptionErrors> {
  const out: CorruptionErrors = {};
  let done = 0;
  for (const set of bench.sets) {
    const pred = await predictLabels(model, set.images, bench.shape, options.batchSize);
    const error = 1 - agreement(pred, bench.labels);
    (out[set.corruption] ??= []).push({ severity: set.severity, error });
    options.onProgress?.(++done, bench.sets.length, `${set.corruption}/${set.severity}`);
  }
  return out;
}

/** Label of a threat model as Table 2 writes it: `l2 0.5`, `linf 1/255`. */
export function threatLabel(threat: { norm: Norm; eps: number }): string {
  return `${threat.norm} ${formatEps(threat.eps)}`;
}

/**
 * Robust top-1 accuracy in [0, 1] per threat model (the paper's Table 2) on the first
 * `lp.examples` images of `ds`, under the attacks of `lp` run as an ensemble (each on the examples
 * the previous ones left robust). Synchronous tfjs work per attack batch; `onProgress` reports
 * attack iterations.
 */
export function evaluateLpRobustness(
  model: AttackModel,
  ds: Dataset,
  lp: LpEvalConfig,
  seed: number,
  onProgress?: (threat: string, done: number, total: number) => void,
): Record<string, number> {
  const n = Math.min(lp.examples, ds.shape[0]);
  const out: Record<string, number> = {};
  if (n === 0 || lp.threats.length === 0) return out;
  const [, h, w] = ds.shape;
  const size = h * w * 3;
  const pixels = new Float32Array(n * size);
  for (let j = 0; j < pixels.length; j++) pixels[j] = ds.images[j]! / 255;
  const x = tf.tensor4d(pixels, [n, h, w, 3]);
  const labels = Array.from(ds.labels.subarray(0, n));
  const apgd = { iterations: lp.iterations };
  try {
    for (const threat of lp.threats) {
      const label = threatLabel(threat);
      const report = robustAccuracy(model, x, labels, {
        norm: threat.norm,
        eps: threat.eps,
        attacks: lp.attacks,
        settings: {
          'apgd-ce': apgd,
          'apgd-t': apgd,
          pgd: { steps: lp.iterations },
          multitargeted: { steps: lp.iterations },
        },
        seed,
        onProgress: (p) =>
          onProgress?.(
            `${label} ${p.attack}`,
            p.batch * p.steps + p.step,
            Math.max(1, p.batches * p.steps),
          ),
      });
      out[label] = report.robustAccuracy;
    }
  } finally {
    x.dispose();
  }
  return out;
}
