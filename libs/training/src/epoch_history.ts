import { COMMON_CORRUPTIONS } from '@ada/corruptions';
import { sliceDataset, type Dataset } from '@ada/data';
import type { Classifier } from '@ada/models';
import {
  evaluateAccuracy,
  evaluateCorruptionBenchmark,
  generateCorruptionBenchmark,
  type CorruptionBenchmark,
} from './evaluate.ts';

/**
 * The per-corruption accuracy through training of the paper's Figure 2: after every
 * `eval.historyEvery`-th epoch (and the last), the accuracy on the first `eval.historySize` test
 * images, clean and under each of the 15 common corruptions at severity 3. Every adapter of the
 * run core (`ada run`, the trainer-service) measures it with these three functions and returns
 * it from its `onEpochEnd`, so it lands in the run's per-epoch metrics.
 *
 * ```ts
 * const set = historySet(test, config.eval.historySize);
 * // onEpochEnd(epoch, loss, model):
 * if (historyDue(epoch, config.eval.historyEvery, config.train.epochs)) return evaluateHistory(model, set);
 * ```
 */
export interface HistorySet {
  /** The clean images (uint8 NHWC `[n, h, w, 3]`). */
  clean: Dataset;
  /** The same images under each common corruption at severity 3. */
  bench: CorruptionBenchmark;
}

/**
 * The first `size` images of `test` (all when fewer) and their severity-3 corruptions: taken
 * from `bench` when it was generated from the same test images (so nothing is corrupted twice),
 * else generated here (per-image seeding: the same pixels as a sliced full benchmark).
 */
export function historySet(test: Dataset, size: number, bench?: CorruptionBenchmark): HistorySet {
  if (!(Number.isInteger(size) && size >= 1)) {
    throw new RangeError(
      `Argument 'size' passed to 'historySet' must be an integer >= 1, got ${size}`,
    );
  }
  const clean = sliceDataset(test, 0, Math.min(size, test.shape[0]));
  const [n, h, w] = clean.shape;
  const common = COMMON_CORRUPTIONS as readonly string[];
  const sets = bench
    ? bench.sets
        .filter((s) => s.severity === 3 && common.includes(s.corruption))
        .map((s) => ({ ...s, images: s.images.subarray(0, n * h * w * 3) }))
    : generateCorruptionBenchmark(clean, COMMON_CORRUPTIONS, { seed: 0, severities: [3] }).sets;
  return {
    clean,
    bench: {
      source: bench?.source ?? `generated from ${test.name} (seed 0)`,
      shape: [n, h, w, 3],
      labels: clean.labels,
      sets,
    },
  };
}

/**
 * Whether the epoch that just ended (0-based `epoch` of `epochs`) is measured: every `every`
 * epochs and always the last one; never when `every` is 0.
 */
export function historyDue(epoch: number, every: number, epochs: number): boolean {
  return every > 0 && ((epoch + 1) % every === 0 || epoch + 1 === epochs);
}

/** Accuracy in [0, 1] of `model` on the set: `clean`, and one entry per corruption. */
export async function evaluateHistory(
  model: Classifier,
  set: HistorySet,
): Promise<Record<string, number>> {
  const accuracy: Record<string, number> = { clean: await evaluateAccuracy(model, set.clean) };
  const errors = await evaluateCorruptionBenchmark(model, set.bench);
  for (const [name, list] of Object.entries(errors)) accuracy[name] = 1 - list![0]!.error;
  return accuracy;
}
