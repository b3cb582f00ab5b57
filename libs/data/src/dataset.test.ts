import { describe, expect, it } from 'vitest';
import {
  classCounts,
  concatDatasets,
  type Dataset,
  seededPermutation,
  shuffleDataset,
  sliceDataset,
  subsetDataset,
  validateDataset,
} from './dataset.ts';
import { DatasetError } from './errors.ts';

/** N images of 2x2 pixels where every byte of image i is i, labels i % 3. */
function tiny(n: number, name = 'tiny'): Dataset {
  const images = new Uint8Array(n * 12);
  for (let i = 0; i < n; i++) images.fill(i, i * 12, (i + 1) * 12);
  return {
    name,
    images,
    labels: Uint8Array.from({ length: n }, (_, i) => i % 3),
    shape: [n, 2, 2, 3],
    classNames: ['a', 'b', 'c'],
  };
}
const ids = (ds: Dataset): number[] =>
  Array.from({ length: ds.shape[0] }, (_, i) => ds.images[i * 12]);

describe('validateDataset', () => {
  it('accepts a consistent [5,2,2,3] dataset', () => {
    expect(validateDataset(tiny(5)).shape).toEqual([5, 2, 2, 3]);
  });

  it('rejects an images buffer of the wrong length', () => {
    const ds = { ...tiny(5), images: new Uint8Array(59) };
    expect(() => validateDataset(ds)).toThrow(
      /images has 59 bytes but shape \[5, 2, 2, 3\] needs 60/,
    );
  });

  it('rejects a label outside the classes', () => {
    const ds = tiny(5);
    ds.labels[2] = 3;
    expect(() => validateDataset(ds)).toThrow(DatasetError);
    expect(() => validateDataset(ds)).toThrow(/label 3 at index 2 is outside \[0, 3\)/);
  });
});

describe('subset, slice, shuffle, concat', () => {
  it('subsetDataset picks indices [4,0,4] in order', () => {
    const s = subsetDataset(tiny(5), [4, 0, 4]);
    expect(ids(s)).toEqual([4, 0, 4]);
    expect(Array.from(s.labels)).toEqual([1, 0, 1]);
    expect(s.shape).toEqual([3, 2, 2, 3]);
  });

  it('subsetDataset rejects an index out of range', () => {
    expect(() => subsetDataset(tiny(5), [5])).toThrow(
      /'indices' passed to 'subsetDataset' must hold integers in \[0, 5\)/,
    );
  });

  it('sliceDataset(1, -1) of 5 keeps 1..3; out-of-range bounds clip', () => {
    expect(ids(sliceDataset(tiny(5), 1, -1))).toEqual([1, 2, 3]);
    expect(ids(sliceDataset(tiny(5), 3, 99))).toEqual([3, 4]);
    expect(sliceDataset(tiny(5), 4, 2).shape[0]).toBe(0);
  });

  it('seededPermutation(100) is a permutation, fixed by its seed', () => {
    const p = seededPermutation(100, 7);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(seededPermutation(100, 7))).toEqual(Array.from(p));
    expect(Array.from(seededPermutation(100, 8))).not.toEqual(Array.from(p));
  });

  it('seededPermutation(10, 7) is np.random.RandomState(7).permutation(10)', () => {
    // python3 -c "import numpy as np; print(np.random.RandomState(7).permutation(10))"
    expect(Array.from(seededPermutation(10, 7))).toEqual([8, 5, 0, 2, 1, 9, 7, 3, 6, 4]);
  });

  it('shuffleDataset keeps image-label pairs together', () => {
    const s = shuffleDataset(tiny(30), 3);
    expect(ids(s)).not.toEqual(ids(tiny(30)));
    for (let i = 0; i < 30; i++) expect(s.labels[i]).toBe(s.images[i * 12] % 3);
  });

  it('concatDatasets of [2] and [3] gives [5] in order', () => {
    const c = concatDatasets([sliceDataset(tiny(5), 0, 2), sliceDataset(tiny(5), 2)]);
    expect(ids(c)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(c.labels)).toEqual([0, 1, 2, 0, 1]);
  });

  it('concatDatasets rejects different class names', () => {
    const other = { ...tiny(2, 'other'), classNames: ['x', 'y', 'z'] };
    expect(() => concatDatasets([tiny(2), other])).toThrow(/dataset 'other': class names differ/);
  });

  it('classCounts of 7 examples with labels i % 3 is [3, 2, 2]', () => {
    expect(classCounts(tiny(7))).toEqual([3, 2, 2]);
  });
});
