import { describe, expect, it } from 'vitest';
import { batchSeeds, exampleSeed } from './seeds.ts';

describe('exampleSeed', () => {
  it('is a fixed uint32 for fixed inputs (same on every machine)', () => {
    const s = exampleSeed(42, 7, 1);
    expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff).toBe(true);
    expect(exampleSeed(42, 7, 1)).toBe(s);
  });

  it('pinned outputs: seeds of every existing run stay what they were', () => {
    expect([
      exampleSeed(0, 0, 0),
      exampleSeed(42, 7, 1),
      exampleSeed(0xffffffff, 123456, 4),
      exampleSeed(7, 0xffffffff, 2),
    ]).toEqual([751330656, 1411290804, 2311627095, 3269794857]);
  });

  it('10,000 (index) x 4 (stream) x 2 (seed) combinations give distinct seeds', () => {
    const seen = new Set<number>();
    for (const seed of [0, 1])
      for (let stream = 0; stream < 4; stream++)
        for (let i = 0; i < 10000; i++) seen.add(exampleSeed(seed, i, stream));
    expect(seen.size).toBe(80000);
  });

  it('batchSeeds(seed, start, count) are the example seeds of start..start+count-1', () => {
    expect(batchSeeds(3, 10, 3, 2)).toEqual([10, 11, 12].map((i) => exampleSeed(3, i, 2)));
  });

  it('rejects non-integer or out-of-range arguments with the argument named', () => {
    expect(() => exampleSeed(-1, 0)).toThrow(/'seed'/);
    expect(() => exampleSeed(0, 1.5)).toThrow(/'index'/);
    expect(() => exampleSeed(0, 0, 2 ** 32)).toThrow(/'stream'/);
  });
});
