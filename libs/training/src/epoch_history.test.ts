import { describe, expect, it } from 'vitest';
import { COMMON_CORRUPTIONS } from '@ada/corruptions';
import { makeDemoDataset } from '@ada/data';
import { historyDue, historySet } from './epoch_history.ts';
import { generateCorruptionBenchmark } from './evaluate.ts';

describe('historyDue', () => {
  it.each([
    [1, 4, [true, true, true, true]],
    [2, 4, [false, true, false, true]],
    [3, 4, [false, false, true, true]],
    [0, 4, [false, false, false, false]],
  ])('every %i of %i epochs', (every, epochs, due) => {
    expect(Array.from({ length: epochs }, (_, e) => historyDue(e, every, epochs))).toEqual(due);
  });
});

describe('historySet', () => {
  const test = makeDemoDataset({ split: 'test', size: 6, seed: 0 });

  it('size 4 of 6 images: the 15 common corruptions at severity 3, the same pixels whether sliced from a benchmark or generated', () => {
    const bench = generateCorruptionBenchmark(test, COMMON_CORRUPTIONS, { severities: [2, 3] });
    const sliced = historySet(test, 4, bench);
    const generated = historySet(test, 4);
    for (const set of [sliced, generated]) {
      expect(set.clean.shape).toEqual([4, 32, 32, 3]);
      expect(set.bench.shape).toEqual([4, 32, 32, 3]);
      expect(Array.from(set.bench.labels)).toEqual(Array.from(test.labels.subarray(0, 4)));
      expect(set.bench.sets.map((s) => [s.corruption, s.severity])).toEqual(
        COMMON_CORRUPTIONS.map((c) => [c, 3]),
      );
      for (const s of set.bench.sets) expect(s.images.length).toBe(4 * 32 * 32 * 3);
    }
    for (let i = 0; i < COMMON_CORRUPTIONS.length; i++) {
      expect(generated.bench.sets[i]!.images).toEqual(sliced.bench.sets[i]!.images);
    }
  });

  it('a size above the test set takes all of it; a bad size names the argument', () => {
    expect(historySet(test, 100).clean.shape[0]).toBe(6);
    expect(() => historySet(test, 0)).toThrow(/Argument 'size' passed to 'historySet'/);
  });
});
